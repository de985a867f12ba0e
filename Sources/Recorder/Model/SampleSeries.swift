/// One process's samples of one metric, in time order, with the resident size and the
/// kernel's peak resident size beside it.
public struct SampleSeries: Sendable {
    /// Every sample row of the process in the window, whether it measured the metric or not.
    public var rows = 0
    /// Sample times, Unix ms, ascending.
    public var timesMs: [Int64] = []
    /// The metric, in bytes, one per time; ticks that did not measure it (NULL) are left out.
    public var values: [Double] = []
    /// Resident size (smaps_rollup's Rss, else VmRSS when only status was read), at
    /// ``residentTimesMs``.
    public var resident: [Int] = []
    /// Times of ``resident``.
    public var residentTimesMs: [Int64] = []
    /// The largest `VmHWM` seen, in bytes.
    public var peakHighWaterMark: Int?
    /// Private dirty + swap: memory that cannot be dropped, at ``dirtyTimesMs``.
    public var dirtyPlusSwap: [Int] = []
    /// Times of ``dirtyPlusSwap``.
    public var dirtyTimesMs: [Int64] = []

    /// Creates an empty series.
    public init() {}
}

extension SampleSeries {
    /// Adds one sample row: the metric, resident size, kernel peak and dirty memory it measured
    /// (nil: not measured).
    mutating func append(timeMs: Int64, value: Int64?, resident: Int64?, peak: Int64?, dirtyPlusSwap: Int64?) {
        rows += 1
        if let value {
            timesMs.append(timeMs)
            values.append(Double(value))
        }
        if let resident {
            residentTimesMs.append(timeMs)
            self.resident.append(Int(resident))
        }
        if let dirtyPlusSwap {
            dirtyTimesMs.append(timeMs)
            self.dirtyPlusSwap.append(Int(dirtyPlusSwap))
        }
        if let peak { peakHighWaterMark = max(peakHighWaterMark ?? 0, Int(peak)) }
    }

    /// Puts every part in increasing time order, keeping the first of equal times: what the
    /// table's key guarantees, restored when a damaged file returns rows out of order.
    mutating func sortByTime() {
        func sorted<T>(_ times: [Int64], _ values: [T]) -> ([Int64], [T]) {
            var seen = Set<Int64>()
            let pairs = zip(times, values).enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }
                .filter { seen.insert($0.element.0).inserted }
            return (pairs.map(\.element.0), pairs.map(\.element.1))
        }
        (timesMs, values) = sorted(timesMs, values)
        (residentTimesMs, resident) = sorted(residentTimesMs, resident)
        (dirtyTimesMs, dirtyPlusSwap) = sorted(dirtyTimesMs, dirtyPlusSwap)
    }
}
