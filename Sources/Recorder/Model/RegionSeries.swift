/// A process's regions over time: at each region capture, the metric of each of a few chosen
/// labels and of everything else, for a stacked chart.
public struct RegionSeries: Sendable {
    /// The region captures, Unix ms, increasing.
    public var timesMs: [Int64] = []
    /// The chosen labels, in order.
    public var labels: [String] = []
    /// `values[i][k]`: label `labels[i]` at `timesMs[k]` (0 when it did not exist).
    public var values: [[Int]] = []
    /// Every other label summed, at each time.
    public var other: [Int] = []

    /// Creates an empty series.
    public init() {}
}
