/// A process's regions at one sample: the metric per label.
public struct RegionSnapshot: Sendable {
    /// The sample's time, Unix ms.
    public var timeMs: Int64
    /// Bytes of the metric per region label (mappings of one label summed), and its kind.
    public var values: [String: (kind: String, bytes: Int)]

    /// Creates a snapshot.
    public init(timeMs: Int64, values: [String: (kind: String, bytes: Int)]) {
        self.timeMs = timeMs
        self.values = values
    }
}
