/// The memory of one process at one moment, in bytes, with the fields of the
/// reference implementation (the Ruby gem process-metrics, `Process::Metrics::Memory`).
///
/// On Linux every field comes straight from the kernel: the sizes from
/// `/proc/PID/smaps_rollup` (or the sum of `/proc/PID/smaps` on kernels before 4.14),
/// `mapCount` from the line count of `/proc/PID/maps`, the faults from `/proc/PID/stat`.
/// On macOS the sizes are summed from `vmmap` regions and the proportional sizes are
/// estimates (macOS has no PSS): see ``VmmapParser``.
public struct MemoryUsage: Sendable, Hashable {
    /// Number of mappings (Linux) or regions (macOS) in the address space.
    public var mapCount: Int
    /// Resident set size (RSS): pages of the process in RAM, shared ones counted in full.
    public var residentSize: Int
    /// Proportional set size (PSS): resident pages, shared ones divided among their sharers.
    public var proportionalSize: Int
    /// Resident pages shared with another process and unmodified.
    public var sharedCleanSize: Int
    /// Resident pages shared with another process and modified.
    public var sharedDirtySize: Int
    /// Resident pages mapped by this process alone and unmodified.
    public var privateCleanSize: Int
    /// Resident pages mapped by this process alone and modified: memory it cannot drop.
    public var privateDirtySize: Int
    /// Resident pages marked as recently used.
    public var referencedSize: Int
    /// Resident pages that belong to no file.
    public var anonymousSize: Int
    /// Pages swapped out.
    public var swapSize: Int
    /// Swapped-out pages, shared ones divided among their sharers (`SwapPss`).
    public var proportionalSwapSize: Int
    /// Page faults served without I/O since the process started.
    public var minorFaults: Int
    /// Page faults that needed I/O since the process started.
    public var majorFaults: Int

    /// Creates a usage value; every field defaults to zero.
    public init(
        mapCount: Int = 0, residentSize: Int = 0, proportionalSize: Int = 0,
        sharedCleanSize: Int = 0, sharedDirtySize: Int = 0,
        privateCleanSize: Int = 0, privateDirtySize: Int = 0,
        referencedSize: Int = 0, anonymousSize: Int = 0,
        swapSize: Int = 0, proportionalSwapSize: Int = 0,
        minorFaults: Int = 0, majorFaults: Int = 0
    ) {
        self.mapCount = mapCount
        self.residentSize = residentSize
        self.proportionalSize = proportionalSize
        self.sharedCleanSize = sharedCleanSize
        self.sharedDirtySize = sharedDirtySize
        self.privateCleanSize = privateCleanSize
        self.privateDirtySize = privateDirtySize
        self.referencedSize = referencedSize
        self.anonymousSize = anonymousSize
        self.swapSize = swapSize
        self.proportionalSwapSize = proportionalSwapSize
        self.minorFaults = minorFaults
        self.majorFaults = majorFaults
    }

    /// Unique set size (USS): private clean + private dirty.
    public var privateSize: Int { privateCleanSize + privateDirtySize }
    /// Shared clean + shared dirty.
    public var sharedSize: Int { sharedCleanSize + sharedDirtySize }
    /// Resident + swap.
    public var totalSize: Int { residentSize + swapSize }

    /// Takes the sizes (not the map count or the faults) from one region's breakdown.
    public init(sizes: RegionSizes, mapCount: Int, minorFaults: Int = 0, majorFaults: Int = 0) {
        self.init(
            mapCount: mapCount, residentSize: sizes.resident, proportionalSize: sizes.proportional,
            sharedCleanSize: sizes.sharedClean, sharedDirtySize: sizes.sharedDirty,
            privateCleanSize: sizes.privateClean, privateDirtySize: sizes.privateDirty,
            referencedSize: sizes.referenced, anonymousSize: sizes.anonymous,
            swapSize: sizes.swap, proportionalSwapSize: sizes.proportionalSwap,
            minorFaults: minorFaults, majorFaults: majorFaults)
    }
}
