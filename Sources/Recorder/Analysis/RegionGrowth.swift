/// How much one region label grew between a process's first and last region captures.
public struct RegionGrowth: Sendable, Hashable {
    /// The label (`[heap]`, `[anon]`, a path …).
    public var label: String
    /// The kind of memory.
    public var kind: String
    /// The metric at the first capture (0 when the region did not exist yet).
    public var firstBytes: Int
    /// The metric at the last capture (0 when the region was gone).
    public var lastBytes: Int
    /// last − first.
    public var growthBytes: Int { lastBytes - firstBytes }
    /// This region's share of the process's total region growth (growth ÷ the sum of the
    /// positive growths), 0 when nothing grew.
    public var share: Double

    /// Creates a value.
    public init(label: String, kind: String, firstBytes: Int, lastBytes: Int, share: Double = 0) {
        self.label = label
        self.kind = kind
        self.firstBytes = firstBytes
        self.lastBytes = lastBytes
        self.share = share
    }

    /// Every label of the two snapshots, ranked by growth (largest first, then by label).
    public static func ranked(first: RegionSnapshot, last: RegionSnapshot) -> [RegionGrowth] {
        var growths: [RegionGrowth] = []
        for label in Set(first.values.keys).union(last.values.keys) {
            let before = first.values[label]
            let after = last.values[label]
            growths.append(
                RegionGrowth(
                    label: label, kind: after?.kind ?? before?.kind ?? "", firstBytes: before?.bytes ?? 0,
                    lastBytes: after?.bytes ?? 0))
        }
        // Summed as a real number: many regions of up to 1 EiB each would overflow an Int.
        let positive = growths.reduce(0.0) { $0 + Double(max(0, $1.growthBytes)) }
        for index in growths.indices where positive > 0 {
            growths[index].share = Double(growths[index].growthBytes) / positive
        }
        return growths.sorted { ($0.growthBytes, $1.label) > ($1.growthBytes, $0.label) }
    }
}
