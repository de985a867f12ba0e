/// One capture of one process: its memory totals, kernel counters, and optionally
/// the breakdown of its address space into regions.
public struct ProcessCapture: Sendable {
    /// The process.
    public var identity: ProcessIdentity
    /// When the capture was taken, in Unix milliseconds.
    public var timeMs: Int64
    /// The totals.
    public var memory: MemoryUsage
    /// The kernel's peak resident size (`VmHWM` in `/proc/PID/status`), in bytes.
    public var peakResidentSize: Int?
    /// Number of threads.
    public var threadCount: Int?
    /// The regions, when this capture read them.
    public var regions: [Region]?

    /// Creates a capture.
    public init(identity: ProcessIdentity, timeMs: Int64, memory: MemoryUsage, peakResidentSize: Int?, threadCount: Int?, regions: [Region]?) {
        self.identity = identity
        self.timeMs = timeMs
        self.memory = memory
        self.peakResidentSize = peakResidentSize
        self.threadCount = threadCount
        self.regions = regions
    }
}
