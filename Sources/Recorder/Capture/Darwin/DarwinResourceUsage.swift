/// What memhist reads of `proc_pid_rusage(RUSAGE_INFO_V4)`: macOS's cheap per-process
/// counters, the tier `/proc/PID/status` is on Linux. Sizes in bytes.
public struct DarwinResourceUsage: Sendable, Hashable {
    /// `ri_resident_size`.
    public var residentSize: UInt64
    /// `ri_phys_footprint`: dirty memory, compressed and swapped included; Activity Monitor's
    /// "Memory".
    public var physicalFootprint: UInt64
    /// `ri_lifetime_max_phys_footprint`.
    public var lifetimeMaxPhysicalFootprint: UInt64
    /// `ri_pageins`: pages read in from disk, the counterpart of Linux's major faults.
    public var pageins: UInt64

    /// Creates a value.
    public init(residentSize: UInt64, physicalFootprint: UInt64, lifetimeMaxPhysicalFootprint: UInt64, pageins: UInt64)
    {
        self.residentSize = residentSize
        self.physicalFootprint = physicalFootprint
        self.lifetimeMaxPhysicalFootprint = lifetimeMaxPhysicalFootprint
        self.pageins = pageins
    }
}
