/// One region of an address space: a mapping in `/proc/PID/smaps` on Linux, a line of
/// `vmmap` output on macOS, with its sizes.
public struct Region: Sendable, Hashable {
    /// First address of the region.
    public var start: UInt64
    /// First address after the region.
    public var end: UInt64
    /// Permissions as the source prints them (`r-xp` on Linux, `r-x/rwx` on macOS).
    public var permissions: String
    /// The label regions are grouped by: the path or pseudo-name (`[heap]`, `[anon:NAME]`),
    /// `[anon]` for a nameless anonymous mapping, the region type on macOS.
    public var label: String
    /// What kind of memory this is.
    public var kind: RegionKind
    /// The sizes.
    public var sizes: RegionSizes

    /// Creates a region.
    public init(start: UInt64, end: UInt64, permissions: String, label: String, kind: RegionKind, sizes: RegionSizes) {
        self.start = start
        self.end = end
        self.permissions = permissions
        self.label = label
        self.kind = kind
        self.sizes = sizes
    }
}
