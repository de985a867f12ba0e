/// A process's cheap counters at one moment, in bytes where they are sizes: what the system
/// keeps up to date for every process and reads out in microseconds, so memhist reads them
/// every tick. On Linux they come from `/proc/PID/status` and `stat`; on macOS from
/// `proc_pid_rusage`. A counter the platform does not have is nil.
public struct ProcessCounters: Sendable, Hashable {
    /// The resident size (`VmRSS`; macOS `ri_resident_size`).
    public var resident: Int?
    /// Resident anonymous memory (`RssAnon`, Linux).
    public var residentAnonymous: Int?
    /// Resident file pages (`RssFile`, Linux).
    public var residentFile: Int?
    /// Resident shared memory (`RssShmem`, Linux).
    public var residentSharedMemory: Int?
    /// Swapped out (`VmSwap`, Linux).
    public var swap: Int?
    /// The peak resident size (`VmHWM`, Linux).
    public var peakResident: Int?
    /// The physical footprint (macOS `ri_phys_footprint`): dirty memory, compressed and swapped
    /// memory included, the figure Activity Monitor shows as "Memory".
    public var physicalFootprint: Int?
    /// The largest physical footprint in the process's life (macOS
    /// `ri_lifetime_max_phys_footprint`).
    public var peakPhysicalFootprint: Int?
    /// The proportional set size estimated from ``resident`` as process-metrics does on macOS,
    /// which has no PSS: resident ÷ the processes captured together in that tick.
    public var proportionalEstimate: Int?
    /// Threads (`Threads`, Linux).
    public var threads: Int?

    /// Creates counters, all unknown.
    public init() {}
}
