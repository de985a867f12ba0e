/// One process's samples with every measure a chart or an export shows, in time order; a
/// measure a tick did not take is nil (a counters-only tick has no PSS).
public struct ProcessSamples: Sendable {
    /// Sample times, Unix ms, strictly increasing.
    public var timesMs: [Int64] = []
    /// How deep each tick read (``CaptureDetail``).
    public var details: [CaptureDetail] = []
    /// Resident size (the page walk's, else the counters').
    public var resident: [Int?] = []
    /// Proportional set size (on macOS the estimate resident ÷ processes).
    public var proportional: [Int?] = []
    /// Unique set size: private clean + private dirty.
    public var unique: [Int?] = []
    /// Private dirty + swap: what the process cannot give back without freeing it.
    public var dirtyPlusSwap: [Int?] = []
    /// macOS's physical footprint.
    public var footprint: [Int?] = []
    /// The value of a PromQL series (``Metric/promql``); empty for a recorded process.
    public var promql: [Int?] = []

    /// Creates an empty series.
    public init() {}

    /// The measures a chart draws, in order: a name for a legend, the values, and the report
    /// metric it is (nil for private dirty + swap, which is no metric of its own).
    public static var chartedMeasures: [(name: String, values: KeyPath<ProcessSamples, [Int?]>, metric: Metric?)] {
        [
            ("PSS", \.proportional, .pss), ("RSS", \.resident, .rss), ("USS", \.unique, .uss),
            ("private dirty + swap", \.dirtyPlusSwap, nil), ("footprint", \.footprint, .footprint),
            ("PromQL value", \.promql, .promql),
        ]
    }

    /// Number of samples.
    public var count: Int { timesMs.count }

    /// The times and values of one measure where it was taken.
    public func points(_ measure: KeyPath<ProcessSamples, [Int?]>) -> (timesMs: [Int64], values: [Double]) {
        var times: [Int64] = []
        var values: [Double] = []
        for (time, value) in zip(timesMs, self[keyPath: measure]) {
            if let value {
                times.append(time)
                values.append(Double(value))
            }
        }
        return (times, values)
    }
}
