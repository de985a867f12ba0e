/// What a recording session is: when, where, and what it selected.
public struct SessionInfo: Sendable, Hashable {
    /// The session's row id (0 until stored).
    public var id: Int64
    /// When recording started, Unix ms.
    public var startedMs: Int64
    /// When it ended; nil while recording, or when the recorder was killed.
    public var endedMs: Int64?
    /// Why it stopped.
    public var stopReason: String?
    /// Host name.
    public var host: String
    /// Kernel: system, release and machine.
    public var kernel: String
    /// Page size in bytes.
    public var pageSize: Int
    /// Clock ticks per second (`_SC_CLK_TCK`).
    public var clockTicks: Int
    /// Boot time, Unix ms (from `btime` in /proc/stat).
    public var bootTimeMs: Int64?
    /// Sampling interval.
    public var intervalMs: Int64
    /// The targets as given on the command line.
    public var selection: String
    /// How regions are stored: grouped, mappings or off.
    public var regionsMode: String
    /// Regions are captured every this many ticks.
    public var regionsEvery: Int
    /// The memhist version that recorded it.
    public var memhistVersion: String

    /// Creates a session description.
    public init(
        id: Int64 = 0, startedMs: Int64, endedMs: Int64? = nil, stopReason: String? = nil, host: String,
        kernel: String, pageSize: Int, clockTicks: Int, bootTimeMs: Int64?, intervalMs: Int64, selection: String,
        regionsMode: String, regionsEvery: Int, memhistVersion: String
    ) {
        self.id = id
        self.startedMs = startedMs
        self.endedMs = endedMs
        self.stopReason = stopReason
        self.host = host
        self.kernel = kernel
        self.pageSize = pageSize
        self.clockTicks = clockTicks
        self.bootTimeMs = bootTimeMs
        self.intervalMs = intervalMs
        self.selection = selection
        self.regionsMode = regionsMode
        self.regionsEvery = regionsEvery
        self.memhistVersion = memhistVersion
    }
}
