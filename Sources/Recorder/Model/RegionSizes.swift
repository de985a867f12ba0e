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

    /// Private clean + private dirty (USS of the region).
    public var privateTotal: Int { privateClean + privateDirty }

    /// Adds every field of `other` to this one.
    public mutating func add(_ other: RegionSizes) {
        size += other.size
        resident += other.resident
        proportional += other.proportional
        sharedClean += other.sharedClean
        sharedDirty += other.sharedDirty
        privateClean += other.privateClean
        privateDirty += other.privateDirty
        referenced += other.referenced
        anonymous += other.anonymous
        swap += other.swap
        proportionalSwap += other.proportionalSwap
        locked += other.locked
    }
}
