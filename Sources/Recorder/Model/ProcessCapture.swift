/// One capture of one process: its cheap counters, and, as deep as the capture went
/// (``detail``), its memory totals and the breakdown of its address space.
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
    /// The cheap counters (Linux: VmRSS, RssAnon, RssFile, RssShmem, VmSwap, VmHWM, threads;
    /// macOS: resident size, physical footprint and its peak).
    public var counters: ProcessCounters
    /// The regions, at ``CaptureDetail/regions``.
    public var regions: [Region]?
    /// Nanoseconds the deep reads took (Linux: smaps_rollup and smaps, time the target's memory
    /// map was locked for us; macOS: vmmap, which inspects the target while it runs): what the
    /// page-walk budget charges.
    public var pageWalkNs: UInt64
    /// Whether ``MemoryUsage/mapCount`` was measured (it is stored as NULL when not).
    public var mapCountMeasured = true
    /// The process's short name at this capture (it changes when the process execs another
    /// program); nil when not read.
    public var currentName: String?

    /// Creates a capture.
    public init(
        identity: ProcessIdentity, timeMs: Int64, detail: CaptureDetail = .rollup, memory: MemoryUsage,
        counters: ProcessCounters = ProcessCounters(), regions: [Region]?, pageWalkNs: UInt64 = 0
    ) {
        self.identity = identity
        self.timeMs = timeMs
        self.detail = regions == nil ? detail : .regions
        self.memory = memory
        self.counters = counters
        self.regions = regions
        self.pageWalkNs = pageWalkNs
        self.currentName = nil
    }

    /// Creates a capture of the totals (and regions when given) with the peak resident size
    /// and thread count as the only counters: for saved text and synthetic captures.
    public init(
        identity: ProcessIdentity, timeMs: Int64, memory: MemoryUsage, peakResidentSize: Int?, threadCount: Int?,
        regions: [Region]?
    ) {
        var counters = ProcessCounters()
        counters.peakResident = peakResidentSize
        counters.threads = threadCount
        self.init(
            identity: identity, timeMs: timeMs, detail: .rollup, memory: memory, counters: counters, regions: regions)
    }

    /// The peak resident size (`VmHWM`), in bytes.
    public var peakResidentSize: Int? { counters.peakResident }
    /// Number of threads.
    public var threadCount: Int? { counters.threads }
}
