/// One process's samples of one metric, in time order, with the resident size and the
/// kernel's peak resident size beside it.
public struct SampleSeries: Sendable {
    /// Sample times, Unix ms, ascending.
    public var timesMs: [Int64] = []
    /// The metric, in bytes, one per time (samples where it is NULL are left out).
    public var values: [Double] = []
    /// Resident size at each time.
    public var resident: [Int] = []
    /// The largest `VmHWM` seen, in bytes.
    public var peakHighWaterMark: Int?
    /// Private dirty + swap at each time: memory that cannot be dropped.
    public var dirtyPlusSwap: [Int] = []

    /// Creates an empty series.
    public init() {}
}
