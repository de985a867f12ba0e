/// What to record, how often, and when to stop.
public struct RecordingOptions: Sendable {
    /// Time between ticks, in milliseconds.
    public var intervalMs: Int64 = 1000
    /// Stop after this long; nil: no limit.
    public var durationMs: Int64?
    /// Stop after this many ticks; nil: no limit.
    public var maxSamples: Int?
    /// Processes to record by pid.
    public var pids: [Int32] = []
    /// A command to start and record until it exits; empty: none.
    public var command: [String] = []
    /// How regions are stored.
    public var regionsMode: RegionsMode = .grouped
    /// Regions are captured on a process's first sample, every this many ticks, and on the
    /// last tick of a normal stop.
    public var regionsEvery: Int = 10
    /// Whether to record the host's memory and cgroup each tick.
    public var recordHost: Bool = true
    /// The selection as the user gave it, stored with the session.
    public var selectionText: String = ""

    /// Creates options with the defaults: 1 s interval, no limit, grouped regions every 10th tick.
    public init() {}
}
