#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses `/proc/PID/smaps` and `/proc/PID/smaps_rollup` text.
///
/// Each entry is a `/proc/PID/maps` header line (`start-end perms offset dev inode [path]`)
/// followed by `Field: value kB` lines. Fields come and go between kernel versions and their
/// alignment varies, so a line is split at its first colon; unknown fields (`VmFlags`,
/// `THPeligible`, Android's `Name:` …) are skipped. A known size field whose value is not a
/// number, or a line that is neither a header nor a field, is an error. A line of dashes
/// between pasted captures is skipped. Sizes are converted from kB to bytes.
/// See proc_pid_smaps(5).
public enum SmapsParser {
    /// Parses every entry of smaps text into regions, in address order as given.
    ///
    /// - Parameter source: names the text in error messages (`/proc/42/smaps`, a file name).
    /// - Throws: ``CaptureError/malformedLine(source:line:text:)``,
    ///   ``CaptureError/sizeOutOfRange(source:line:)`` for a size beyond ``RegionSizes/limit``.
    /// - Complexity: O(n) in the length of the text; one String per region for its label.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, source: String = "smaps") throws -> [Region] {
        var regions: [Region] = []
        regions.reserveCapacity(64)
        try parse(bytes, source: source) { regions.append($0) }
        return regions
    }

    /// Parses smaps text given as a String.
    public static func parse(_ text: String, source: String = "smaps") throws -> [Region] {
        try withUTF8Bytes(of: text) { try parse($0, source: source) }
    }

    /// Parses `smaps_rollup` text: the sizes of its one `[rollup]` entry, or nil when the text
    /// holds no entry (the address space is gone: a zombie or kernel thread).
    public static func parseRollup(_ bytes: UnsafeBufferPointer<UInt8>, source: String = "smaps_rollup") throws
        -> RegionSizes?
    {
        var first: RegionSizes?
        try parse(bytes, source: source) { region in
            if first == nil { first = region.sizes }
        }
        return first
    }

    /// Parses smaps_rollup text given as a String.
    public static func parseRollup(_ text: String, source: String = "smaps_rollup") throws -> RegionSizes? {
        try withUTF8Bytes(of: text) { try parseRollup($0, source: source) }
    }

    /// Parses smaps text and hands each region to `emit` as soon as it is complete.
    public static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, source: String, emit: (Region) throws -> Void
    ) throws {
        var stream = Stream(source: source)
        try stream.feed(bytes, emit: emit)
        try stream.finish(emit: emit)
    }

    /// Parses smaps text that arrives in pieces (a file read a block at a time), keeping only
    /// the entry being read: each ``feed(_:emit:)`` takes whole lines, ``finish(emit:)`` ends.
    public struct Stream {
        /// Names the text in error messages.
        public let source: String
        /// The entry being read: its header, and its sizes so far.
        private var header: Header?
        private var sizes = RegionSizes.zero
        /// Lines fed before the current piece.
        private var linesBefore = 0

        /// Starts a parse of the text named `source`.
        public init(source: String) {
            self.source = source
        }

        /// Parses `bytes`, which must end at the end of a line (or of the text), handing every
        /// region completed in them to `emit`.
        ///
        /// - Throws: ``CaptureError/malformedLine(source:line:text:)``,
        ///   ``CaptureError/sizeOutOfRange(source:line:)``.
        public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, emit: (Region) throws -> Void) throws {
            // The sizes of the current entry add up in place; its Region is built once, when the
            // next header (or the end) completes it. (Keeping a whole Region and copying it for
            // every field line cost about half of the parse.)
            let source = self.source
            let before = linesBefore
            var lines = 0
            try bytes.forEachLine { start, end, number in
                lines = number
                var cursor = ByteCursor(bytes, from: start, to: end)
                cursor.skipSpaces()
                guard let first = cursor.current else { return }
                // Only a line that starts with a hex digit can be a header (most field keys cannot).
                if ByteCursor.hexValue(first) != nil, let next = SmapsParser.parseHeader(&cursor, previous: header) {
                    try finish(emit: emit)
                    header = next
                    return
                }
                // Not a header: a `Key: value` field line.
                let keyStart = cursor.index
                while let byte = cursor.current, byte != UInt8(ascii: ":"), byte != UInt8(ascii: " ") {
                    cursor.index += 1
                }
                let keyEnd = cursor.index
                guard keyEnd > keyStart, cursor.skip(UInt8(ascii: ":")) else {
                    if SmapsParser.isSeparator(bytes, start, end) { return }
                    throw CaptureError.malformedLine(
                        source: source, line: before + number, text: bytes.string(start, end))
                }
                guard let field = Field(bytes, keyStart, keyEnd) else { return }
                cursor.skipSpaces()
                guard header != nil, let kilobytes = cursor.decimal() else {
                    throw CaptureError.malformedLine(
                        source: source, line: before + number, text: bytes.string(start, end))
                }
                guard let value = RegionSizes.bytes(kilobytes: kilobytes) else {
                    throw CaptureError.sizeOutOfRange(source: source, line: before + number)
                }
                field.store(value, in: &sizes)
            }
            linesBefore += lines
        }

        /// Hands the last entry, if any, to `emit`.
        public mutating func finish(emit: (Region) throws -> Void) throws {
            guard let done = header else { return }
            header = nil
            let completed = sizes
            sizes = .zero
            try emit(
                Region(
                    start: done.start, end: done.end, permissions: done.permissions, label: done.label,
                    kind: done.kind, sizes: completed))
        }
    }

    /// What a maps header line says about its mapping.
    private struct Header {
        var start: UInt64
        var end: UInt64
        var permissions: String
        var label: String
        var kind: RegionKind
    }

    /// Reads a maps header line; nil (cursor untouched) when the line is not one. A path equal
    /// to the `previous` header's label reuses it: a library's mappings come one after another,
    /// and this saves making and classifying the same String again.
    private static func parseHeader(_ cursor: inout ByteCursor, previous: Header?) -> Header? {
        var probe = cursor
        guard let start = probe.hexadecimal(), probe.skip(UInt8(ascii: "-")), let end = probe.hexadecimal(),
            probe.skip(UInt8(ascii: " "))
        else { return nil }
        let bytes = probe.bytes
        let permissions = probe.word()
        probe.skipSpaces()
        _ = probe.word()  // offset
        probe.skipSpaces()
        _ = probe.word()  // device
        probe.skipSpaces()
        guard permissions.count == 4, probe.decimal() != nil else { return nil }  // inode
        probe.skipSpaces()
        var pathEnd = probe.end
        while pathEnd > probe.index, bytes[pathEnd - 1] == UInt8(ascii: " ") || bytes[pathEnd - 1] == UInt8(ascii: "\t")
        {
            pathEnd -= 1
        }
        let path = probe.index..<pathEnd
        cursor = probe
        let label: String
        let kind: RegionKind
        if path.isEmpty {
            (label, kind) = (RegionLabel.anonymous, .anonymous)
        } else if let previous, previous.kind != .anonymous, sameBytes(previous.label, bytes, path) {
            (label, kind) = (previous.label, previous.kind)
        } else {
            (label, kind) = RegionLabel.classify(path: bytes.string(path.lowerBound, path.upperBound))
        }
        return Header(
            start: start, end: end, permissions: bytes.string(permissions.lowerBound, permissions.upperBound),
            label: label, kind: kind)
    }

    /// Whether the UTF-8 of `label` equals `bytes[range]`.
    private static func sameBytes(_ label: String, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var label = label
        return label.withUTF8 { utf8 in
            utf8.count == range.count
                && memcmp(utf8.baseAddress!, bytes.baseAddress! + range.lowerBound, range.count) == 0
        }
    }

    private static func isSeparator(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        (start..<end).allSatisfy { bytes[$0] == UInt8(ascii: "-") || bytes[$0] == UInt8(ascii: " ") }
    }

    /// The size fields memhist keeps, recognised from the key's bytes without making a String.
    private enum Field {
        case size, rss, pss, sharedClean, sharedDirty, privateClean, privateDirty
        case referenced, anonymous, swap, swapPss, locked

        init?(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
            // Dispatch on the key's length first: most lines are decided by one comparison.
            switch end - start {
            case 3:
                if bytes.matches(start, end, "Rss") {
                    self = .rss
                } else if bytes.matches(start, end, "Pss") {
                    self = .pss
                } else {
                    return nil
                }
            case 4:
                if bytes.matches(start, end, "Size") {
                    self = .size
                } else if bytes.matches(start, end, "Swap") {
                    self = .swap
                } else {
                    return nil
                }
            case 6:
                guard bytes.matches(start, end, "Locked") else { return nil }
                self = .locked
            case 7:
                guard bytes.matches(start, end, "SwapPss") else { return nil }
                self = .swapPss
            case 9:
                guard bytes.matches(start, end, "Anonymous") else { return nil }
                self = .anonymous
            case 10:
                guard bytes.matches(start, end, "Referenced") else { return nil }
                self = .referenced
            case 12:
                if bytes.matches(start, end, "Shared_Clean") {
                    self = .sharedClean
                } else if bytes.matches(start, end, "Shared_Dirty") {
                    self = .sharedDirty
                } else {
                    return nil
                }
            case 13:
                if bytes.matches(start, end, "Private_Clean") {
                    self = .privateClean
                } else if bytes.matches(start, end, "Private_Dirty") {
                    self = .privateDirty
                } else {
                    return nil
                }
            default:
                return nil
            }
        }

        func store(_ value: Int, in sizes: inout RegionSizes) {
            switch self {
            case .size: sizes.size = value
            case .rss: sizes.resident = value
            case .pss: sizes.proportional = value
            case .sharedClean: sizes.sharedClean = value
            case .sharedDirty: sizes.sharedDirty = value
            case .privateClean: sizes.privateClean = value
            case .privateDirty: sizes.privateDirty = value
            case .referenced: sizes.referenced = value
            case .anonymous: sizes.anonymous = value
            case .swap: sizes.swap = value
            case .swapPss: sizes.proportionalSwap = value
            case .locked: sizes.locked = value
            }
        }
    }
}
