/// One region line of `vmmap PID` output (report format 2.4), as ``VmmapParser`` read it.
///
/// ```
/// MALLOC_TINY   7f7f25700000-7f7f25800000 [ 1024K    12K    12K     0K] rw-/rwx SM=PRV  MallocHelperZone_0x1082
/// name          start-end                  [ virtual resident dirty swap] cur/max  mode   detail
/// ```
///
/// Sizes are bytes: `vmmap -pages` counts have already been multiplied by the page size.
public struct VmmapRegion: Sendable, Hashable {
    /// The region type as printed (`__TEXT`, `MALLOC_TINY (empty)`, `Stack`), trimmed; it may
    /// contain spaces and parentheses, and vmmap cuts long ones at its column width
    /// (`AttributeGraph Data (old`). A `// ` comment marker in front of a pasted line is not part
    /// of it. Empty only for a line that has no name before its address range.
    public var name: String
    /// First address of the region (vmmap prints it in hex without `0x`).
    public var start: UInt64
    /// First address after the region.
    public var end: UInt64
    /// `VSIZE`: the virtual size, in bytes.
    public var virtualSize: Int
    /// `RSDNT`: the resident size, in bytes.
    public var residentSize: Int
    /// `DIRTY`: the dirty size, in bytes.
    public var dirtySize: Int
    /// `SWAP`: swapped out or compressed, in bytes.
    public var swapSize: Int
    /// Current protection, e.g. `r-x` (the part of `PRT/MAX` before the slash).
    public var currentPermissions: String
    /// Maximum protection, e.g. `rwx` (the part after the slash; empty if there was no slash).
    public var maximumPermissions: String
    /// The sharing mode after `SM=`, in full: `COW`, `PRV`, `SHM`, `NUL`, `ALI`, `ZER`, `S/A` …
    public var sharingMode: String
    /// The purgeable mode after `PURGE=` (`V`, `N`, `E`), or nil when the column is empty.
    public var purgeMode: String?
    /// `REGION DETAIL`: a path, `thread 0`, a malloc zone … trimmed; empty when absent.
    public var detail: String

    /// Creates a region from its fields.
    public init(
        name: String, start: UInt64, end: UInt64,
        virtualSize: Int, residentSize: Int, dirtySize: Int, swapSize: Int,
        currentPermissions: String, maximumPermissions: String,
        sharingMode: String, purgeMode: String? = nil, detail: String = ""
    ) {
        self.name = name
        self.start = start
        self.end = end
        self.virtualSize = virtualSize
        self.residentSize = residentSize
        self.dirtySize = dirtySize
        self.swapSize = swapSize
        self.currentPermissions = currentPermissions
        self.maximumPermissions = maximumPermissions
        self.sharingMode = sharingMode
        self.purgeMode = purgeMode
        self.detail = detail
    }

    /// The permissions as vmmap prints them: `current/maximum`, e.g. `r-x/rwx`.
    public var permissions: String {
        maximumPermissions.isEmpty ? currentPermissions : currentPermissions + "/" + maximumPermissions
    }

    /// Whether the region counts as anonymous memory: its name contains `MALLOC`, `VM_ALLOCATE`,
    /// `Stack`, `STACK` or `anonymous` (case-sensitive, as the reference implementation).
    public var isAnonymous: Bool {
        var name = name
        return name.withUTF8 { bytes in
            Self.anonymousMarkers.contains { marker in Self.contains(bytes, marker) }
        }
    }

    /// How the sharing mode splits the resident size, by the reference implementation's rule:
    /// the leading letters, digits and underscores of the mode decide (so `S/A` reads as `S`).
    enum Sharing {
        /// `PRV`: private clean and private dirty.
        case `private`
        /// `COW` and `SHM`: shared clean and shared dirty.
        case shared
        /// Every other mode (`NUL`, `ALI`, `ZER`, `S/A` …): neither.
        case neither
    }

    /// The class of ``sharingMode``.
    var sharing: Sharing {
        let word = sharingMode.utf8.prefix { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
        }
        if word.elementsEqual("PRV".utf8) { return .private }
        if word.elementsEqual("COW".utf8) || word.elementsEqual("SHM".utf8) { return .shared }
        return .neither
    }

    /// The region's sizes by the rules of the Darwin capture (see ``VmmapParser``):
    /// `size` = virtual, `resident`, `swap`; for `SM=PRV` private clean = resident − dirty and
    /// private dirty = dirty; for `SM=COW` and `SM=SHM` the same into the shared fields; other
    /// modes fill neither; `anonymous` = resident when ``isAnonymous``; `proportional` =
    /// resident ÷ `processCount` and `proportionalSwap` = swap ÷ `processCount`, rounded down.
    /// `referenced` and `locked` stay 0: vmmap does not report them.
    ///
    /// - Parameter processCount: the number of processes captured together; values below 1
    ///   count as 1.
    public func sizes(processCount: Int = 1) -> RegionSizes {
        let divisor = max(1, processCount)
        var sizes = RegionSizes(
            size: virtualSize, resident: residentSize,
            proportional: residentSize / divisor,
            anonymous: isAnonymous ? residentSize : 0,
            swap: swapSize, proportionalSwap: swapSize / divisor)
        switch sharing {
        case .private:
            sizes.privateClean = residentSize - dirtySize
            sizes.privateDirty = dirtySize
        case .shared:
            sizes.sharedClean = residentSize - dirtySize
            sizes.sharedDirty = dirtySize
        case .neither:
            break
        }
        return sizes
    }

    /// The package's ``Region`` for this line: label = ``name``, kind = ``RegionKind/darwin``,
    /// permissions as printed, sizes from ``sizes(processCount:)``.
    ///
    /// - Parameter processCount: the number of processes captured together; values below 1
    ///   count as 1.
    public func region(processCount: Int = 1) -> Region {
        Region(
            start: start, end: end, permissions: permissions, label: name, kind: .darwin,
            sizes: sizes(processCount: processCount))
    }

    private static let anonymousMarkers: [[UInt8]] = ["MALLOC", "VM_ALLOCATE", "Stack", "STACK", "anonymous"]
        .map { Array($0.utf8) }

    private static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var offset = 1
                while offset < needle.count && haystack[index + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            index += 1
        }
        return false
    }
}
