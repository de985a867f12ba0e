/// What one tick of a recording captured, handed to an observer after it was stored (the Prometheus
/// exposition of `record --textfile` and `--listen`).
public struct RecordedTick: Sendable {
    /// The session being recorded.
    public var sessionID: Int64 = 0
    /// The tick's time, Unix ms.
    public var timeMs: Int64
    /// Each live target's capture in this tick.
    public var captures: [ProcessCapture]
    /// The host's and cgroup's memory, when read.
    public var host: HostMemory?
    /// Ticks and process samples stored so far in the session, this tick included.
    public var ticks: Int
    /// Process samples stored so far.
    public var samples: Int
    /// The tick's wall time: reading every target and writing the tick, ns.
    public var durationNs: UInt64 = 0
    /// The CPU time the recording thread spent on the tick, ns.
    public var cpuNs: UInt64 = 0
    /// The part of its wall time spent walking pages (smaps, smaps_rollup, vmmap), ns.
    public var pageWalkNs: UInt64 = 0

    /// Creates a tick record.
    public init(timeMs: Int64, captures: [ProcessCapture], host: HostMemory?, ticks: Int, samples: Int) {
        self.timeMs = timeMs
        self.captures = captures
        self.host = host
        self.ticks = ticks
        self.samples = samples
    }
}
