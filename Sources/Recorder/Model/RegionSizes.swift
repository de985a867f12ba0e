/// The sizes of one region of an address space (or of a group of regions), in bytes.
///
/// The names follow `/proc/PID/smaps` (proc_pid_smaps(5)); on macOS the `vmmap` bracket
/// fills `size`, `resident` and `swap`, and the sharing mode splits resident into the
/// clean and dirty parts.
public struct RegionSizes: Sendable, Hashable {
    /// Virtual size of the mapping (`Size`).
    public var size: Int
    /// Resident (`Rss`).
    public var resident: Int
    /// Proportional (`Pss`).
    public var proportional: Int
    /// `Shared_Clean`.
    public var sharedClean: Int
    /// `Shared_Dirty`.
    public var sharedDirty: Int
    /// `Private_Clean`.
    public var privateClean: Int
    /// `Private_Dirty`.
    public var privateDirty: Int
    /// `Referenced`.
    public var referenced: Int
    /// `Anonymous`.
    public var anonymous: Int
    /// `Swap`.
    public var swap: Int
    /// `SwapPss`.
    public var proportionalSwap: Int
    /// `Locked`.
    public var locked: Int

    /// Creates sizes; every field defaults to zero.
    public init(
        size: Int = 0, resident: Int = 0, proportional: Int = 0,
        sharedClean: Int = 0, sharedDirty: Int = 0, privateClean: Int = 0, privateDirty: Int = 0,
        referenced: Int = 0, anonymous: Int = 0, swap: Int = 0, proportionalSwap: Int = 0, locked: Int = 0
    ) {
        self.size = size
        self.resident = resident
        self.proportional = proportional
        self.sharedClean = sharedClean
        self.sharedDirty = sharedDirty
        self.privateClean = privateClean
        self.privateDirty = privateDirty
        self.referenced = referenced
        self.anonymous = anonymous
        self.swap = swap
        self.proportionalSwap = proportionalSwap
        self.locked = locked
    }

    /// Zero in every field.
    public static let zero = RegionSizes()

    /// The largest size memhist accepts in any field, and for any sum: 1 EiB (2⁶⁰ bytes), beyond
    /// any address space (2⁵⁷ bytes with 5-level paging). Within it, a few sizes add up (USS =
    /// private clean + private dirty, total = resident + swap) without overflowing 64 bits.
    public static let limit = 1 << 60

    /// Private clean + private dirty (USS of the region).
    public var privateTotal: Int { privateClean + privateDirty }

    /// Adds every field of `other` to this one.
    ///
    /// - Throws: ``SizeOutOfRange`` when a sum leaves ±``limit``; the value is then unchanged.
    public mutating func add(_ other: RegionSizes) throws(SizeOutOfRange) {
        var sum = self
        var inRange = true
        func add(_ total: inout Int, _ value: Int) {
            let (result, overflow) = total.addingReportingOverflow(value)
            total = result
            inRange = inRange && !overflow && result >= -Self.limit && result <= Self.limit
        }
        add(&sum.size, other.size)
        add(&sum.resident, other.resident)
        add(&sum.proportional, other.proportional)
        add(&sum.sharedClean, other.sharedClean)
        add(&sum.sharedDirty, other.sharedDirty)
        add(&sum.privateClean, other.privateClean)
        add(&sum.privateDirty, other.privateDirty)
        add(&sum.referenced, other.referenced)
        add(&sum.anonymous, other.anonymous)
        add(&sum.swap, other.swap)
        add(&sum.proportionalSwap, other.proportionalSwap)
        add(&sum.locked, other.locked)
        guard inRange else { throw SizeOutOfRange() }
        self = sum
    }

    /// The sizes of `regions` added up.
    /// - Throws: ``SizeOutOfRange`` when a sum leaves ±``limit``.
    public static func sum(of regions: [Region]) throws(SizeOutOfRange) -> RegionSizes {
        var total = RegionSizes.zero
        for region in regions { try total.add(region.sizes) }
        return total
    }

    /// `kilobytes` × 1024 when that is within ``limit``, else nil.
    public static func bytes(kilobytes: Int) -> Int? {
        guard kilobytes >= 0, kilobytes <= limit / 1024 else { return nil }
        return kilobytes * 1024
    }
}
