/// A session's host and cgroup memory over time, in bytes, in time order.
public struct HostSeries: Sendable {
    /// Sample times, Unix ms.
    public var timesMs: [Int64] = []
    /// `MemAvailable` at each time (nil where it was not read).
    public var available: [Int?] = []
    /// The cgroup's usage at each time.
    public var cgroupUsage: [Int?] = []
    /// The cgroup's limit at each time (nil: no limit).
    public var cgroupLimit: [Int?] = []

    /// Creates an empty series.
    public init() {}
}
