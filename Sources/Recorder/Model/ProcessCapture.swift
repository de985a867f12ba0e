/// One capture of one process: kernel counters from stat and status, and, as deep as the
/// capture went (``detail``), its memory totals and the breakdown of its address space.
public struct ProcessCapture: Sendable {
    /// The process.
    public var identity: ProcessIdentity
    /// When the capture was taken, in Unix milliseconds.
    public var timeMs: Int64
    /// How much was read.
    public var detail: CaptureDetail
    /// The totals. Below ``CaptureDetail/rollup`` only the faults are measured; the sizes and
    /// map count are then 0 and stored as NULL.
    public var memory: MemoryUsage
    /// What `/proc/PID/status` said (VmRSS, RssAnon, RssFile, RssShmem, VmSwap, VmHWM, threads).
    public var status: ProcessStatus
    /// The regions, at ``CaptureDetail/regions``.
    public var regions: [Region]?
    /// Nanoseconds spent reading smaps_rollup and smaps: time the target's memory map was
    /// locked for us.
    public var pageWalkNs: UInt64
    /// Whether ``MemoryUsage/mapCount`` was measured (it is stored as NULL when not).
    public var mapCountMeasured = true
    /// The kernel's short name of the process at this capture (it changes when the process
    /// execs another program); nil when not read.
    public var currentName: String?

    /// Creates a capture.
    public init(
        identity: ProcessIdentity, timeMs: Int64, detail: CaptureDetail = .rollup, memory: MemoryUsage,
        status: ProcessStatus = ProcessStatus(), regions: [Region]?, pageWalkNs: UInt64 = 0
    ) {
        self.identity = identity
        self.timeMs = timeMs
        self.detail = regions == nil ? detail : .regions
        self.memory = memory
        self.status = status
        self.regions = regions
        self.pageWalkNs = pageWalkNs
        self.currentName = nil
    }

    /// Creates a capture of the totals (and regions when given) with the peak resident size
    /// and thread count as the only status fields: for saved text and synthetic captures.
    public init(
        identity: ProcessIdentity, timeMs: Int64, memory: MemoryUsage, peakResidentSize: Int?, threadCount: Int?,
        regions: [Region]?
    ) {
        var status = ProcessStatus()
        status.peakResident = peakResidentSize
        status.threads = threadCount
        self.init(identity: identity, timeMs: timeMs, detail: .rollup, memory: memory, status: status, regions: regions)
    }

    /// The kernel's peak resident size (`VmHWM`), in bytes.
    public var peakResidentSize: Int? { status.peakResident }
    /// Number of threads.
    public var threadCount: Int? { status.threads }
}
