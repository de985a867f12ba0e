#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the text of `vmmap PID` (macOS) into a ``VmmapCapture``: one ``VmmapRegion`` per region
/// line and the process's ``MemoryUsage`` summed from them. A pure function of the text, so it is
/// tested anywhere with real vmmap output.
///
/// ## Which lines are region lines
///
/// The reference implementation (the Ruby gem process-metrics, `Process::Metrics::Memory::Darwin`)
/// counts every line that its regular expression matches, wherever it stands in the output:
///
/// ```
/// \A \s* (?<name>.+?) \s+ (?<start>[0-9a-fA-F]+)-(?<end>[0-9a-fA-F]+) \s+
/// \[ \s* SIZE \s+ SIZE \s+ SIZE \s+ SIZE \s* \] \s+ (?<permissions>[rwx\-\/]+) \s+ SM=(?<mode>\w+)
/// ```
///
/// with `SIZE` = `[\d\.]+[KMG]?`. This parser is a byte scanner that accepts exactly the lines
/// that expression accepts and splits them the same way, so for those lines the totals equal the
/// reference's to the byte:
/// - the name is lazy: it ends at the first run of whitespace (after the first non-blank
///   character) that is followed by `start-end`, whitespace, `[` and the rest of a valid line; so
///   names with spaces, parentheses or cut at the column (`AttributeGraph Data (old`), and
///   addresses pushed out of their column or unpadded (`107dfb000-107dfc000    [`), all read right;
/// - a line that starts with two or more blanks and then the address range has an empty name
///   (the expression backtracks its leading `\s*`); with one blank it is not a region line;
/// - `\s` is space, tab, CR, LF, VT and FF; `\w` is ASCII letters, digits and `_`;
/// - the four sizes are required (format 2.4); `[512.0M` (no blank after the bracket) is fine;
/// - the sharing mode must start with a word character, so `SM=???` is not read.
///
/// Everything else (headers, the Legend, the Summary, the REGION TYPE and MALLOC ZONE tables,
/// blank lines, `kernel-kernel` ranges, which are not hex, and junk in pastes: `...`,
/// `...(snip)...`, annotations, cut lines, damaged lines such as `r--/rwSM=COW`) is skipped,
/// never fatal. The layout does not matter: the two sections, the `-interleaved` single
/// section, `-wide` and excerpts without any section title read alike.
///
/// Beyond the reference, and only on lines it would not read, the parser also accepts the size
/// suffixes in lower case (`4k`) and a `T` suffix (2⁴⁰).
///
/// ## Sizes
///
/// `4K`, `1.5M`, `2G`, `1T` are multiples of 1024, 1024², 1024³, 1024⁴; the number is read like
/// Ruby's `String#to_f` (`1.2.3` reads 1.2) into a `Double`, multiplied, and rounded to the
/// nearest byte, halves away from zero. A bare number is bytes (vmmap prints sizes under 4 KiB
/// so), rounded up (`1.5` is 2). ``parseSize(_:)`` exposes this rule.
///
/// ## Totals
///
/// Each region counts one map; resident and swap add up; `SM=PRV` adds resident − dirty to
/// private clean and dirty to private dirty; `SM=COW` and `SM=SHM` the same into shared clean and
/// shared dirty; other modes (`NUL`, `ALI`, `ZER`, `S/A` …) add to neither. The mode is kept in
/// full in ``VmmapRegion/sharingMode`` (`S/A`), but, as in the reference, only its leading word
/// characters decide (`S/A` reads as `S`). Regions whose name contains `MALLOC`, `VM_ALLOCATE`,
/// `Stack`, `STACK` or `anonymous` add their resident size to anonymous. macOS has no PSS:
/// proportional = total resident ÷ `processCount` and proportional swap = total swap ÷
/// `processCount`, integer division rounding down (the reference divides Ruby integers). The
/// division is done on the totals, so the sum of the regions' own proportional sizes can be a
/// few bytes less. Referenced is 0, as in the reference: vmmap does not report it; so are the
/// faults. A dirty size above the resident one (never seen) gives a negative clean size, as in
/// the reference.
///
/// ## Pasted text
///
/// Leading blanks are ignored (pastes indented by spaces or tabs). A `//` comment marker in
/// front (a paste inside a Go or C++ comment, `\t// `) is ignored too: it is dropped from region
/// names and header lines. It changes no total: the reference reads such region lines as well,
/// with `// ` in the name.
///
/// ## Report format and `-pages`
///
/// `Output report format:` 2.0 to 2.3 (Mac OS X 10.4 to OS X 10.10) print one or two sizes per
/// region; such output is refused with ``VmmapError/unsupportedReportFormat(_:)`` as soon as the
/// line is seen, whatever follows. Text without the line (an excerpt) is read.
///
/// `vmmap -pages` prints page counts instead of bytes. The parser treats the output as pages
/// when the summary's REGION TYPE or MALLOC ZONE header has `PAGES` columns, or when no size in
/// any region bracket has a unit (byte output always has some: it writes zero as `0K` and every
/// size from 4 KiB up with a unit). Then every bare bracket number is multiplied by the
/// `VM page size:` of the output, or by the `pageSize` argument when the output has none, or
/// ``VmmapError/pageSizeUnknown`` is thrown.
///
/// ## No capture
///
/// Output without a single region line (a summary or header alone, an empty string, the
/// message of a vmmap that failed) is no capture: `nil`, not a zero capture. Refusal of an old
/// report format is checked first, so an old-format header alone throws.
public enum VmmapParser {
    /// Parses the text of `vmmap PID`.
    ///
    /// - Parameters:
    ///   - text: the whole output (or a paste or excerpt of it).
    ///   - processCount: the number of processes captured together, which divides the
    ///     proportional sizes; 1 or more.
    ///   - pageSize: bytes per page, used only for `-pages` output without a `VM page size:` line.
    /// - Returns: the capture, or nil when the text has no region line.
    /// - Throws: ``VmmapError``: an old report format, `-pages` output of unknown page size, a
    ///   process count below 1, or a size (or a total) beyond 1 EiB (``RegionSizes/limit``).
    public static func parse(
        _ text: String, processCount: Int = 1, pageSize: Int? = nil
    ) throws(VmmapError) -> VmmapCapture? {
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(VmmapError) in
                try parse(bytes, processCount: processCount, pageSize: pageSize)
            }
        }
        return try result.get()
    }

    /// Parses the raw bytes of `vmmap PID` output (UTF-8), as read from its pipe.
    ///
    /// - Parameters:
    ///   - data: the output.
    ///   - processCount: the number of processes captured together; 1 or more.
    ///   - pageSize: bytes per page, used only for `-pages` output without a `VM page size:` line.
    /// - Returns: the capture, or nil when the output has no region line.
    /// - Throws: ``VmmapError``, as the `String` overload.
    public static func parse(
        _ data: Data, processCount: Int = 1, pageSize: Int? = nil
    ) throws(VmmapError) -> VmmapCapture? {
        let result = data.withUnsafeBytes { raw in
            Result { () throws(VmmapError) in
                try parse(raw.assumingMemoryBound(to: UInt8.self), processCount: processCount, pageSize: pageSize)
            }
        }
        return try result.get()
    }

    /// Reads one vmmap size into bytes: `4K`, `1.5M`, `2G`, `1T` (either case; powers of 1024,
    /// rounded to the nearest byte, halves away from zero) or a bare number of bytes (rounded
    /// up: `1.5` is 2). Surrounding whitespace is ignored; nil or an empty string is 0.
    ///
    /// - Returns: the bytes, or nil when the text is not such a size or exceeds 1 EiB.
    public static func parseSize(_ text: String?) -> Int? {
        guard var text else { return 0 }
        return text.withUTF8 { bytes -> Int? in
            var begin = 0
            var end = bytes.count
            while begin < end && isSpace(bytes[begin]) { begin += 1 }
            while end > begin && isSpace(bytes[end - 1]) { end -= 1 }
            if begin == end { return 0 }
            var numberEnd = begin
            while numberEnd < end && isNumberByte(bytes[numberEnd]) { numberEnd += 1 }
            guard numberEnd > begin else { return nil }
            var unit: UInt8 = 0
            if numberEnd < end {
                guard numberEnd + 1 == end, unitScale(bytes[numberEnd]) != nil else { return nil }
                unit = bytes[numberEnd]
            }
            return sizeValue(bytes, begin: begin, end: numberEnd, unit: unit)
        }
    }

    /// Parses `vmmap PID` output given as UTF-8 bytes: the scanner itself, which the other
    /// overloads call.
    ///
    /// - Parameters:
    ///   - bytes: the output.
    ///   - processCount: the number of processes captured together; 1 or more.
    ///   - pageSize: bytes per page, used only for `-pages` output without a `VM page size:` line.
    /// - Returns: the capture, or nil when the output has no region line.
    /// - Throws: ``VmmapError``, as the `String` overload.
    /// - Complexity: O(n) in the length of the output, one pass; a few Strings per region.
    public static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, processCount: Int = 1, pageSize fallbackPageSize: Int? = nil
    ) throws(VmmapError) -> VmmapCapture? {
        guard processCount >= 1 else { throw .invalidProcessCount(processCount) }
        var scanner = LineScanner(bytes: bytes)
        try scanner.scanLines()
        guard !scanner.regions.isEmpty else { return nil }

        var pageSize = scanner.pageSize
        if pageSize == nil, let fallbackPageSize, fallbackPageSize > 0 { pageSize = fallbackPageSize }
        let inPages = scanner.sawPagesHeader || !scanner.sawUnitSuffix
        if inPages {
            guard let pageSize else { throw .pageSizeUnknown }
            try scanner.scaleBareSizes(by: pageSize)
        }
        let memory = try totals(of: scanner.regions, lines: scanner.regionLines, processCount: processCount)
        return VmmapCapture(
            memory: memory, regions: scanner.regions, reportFormat: scanner.reportFormat,
            pageSize: pageSize, summaryRegionCount: scanner.summaryRegionCount,
            physicalFootprint: scanner.physicalFootprint, physicalFootprintPeak: scanner.physicalFootprintPeak,
            sizesWereInPages: inPages)
    }

    /// Sums the regions by the rules above; `lines` gives each region's line for errors.
    static func totals(
        of regions: [VmmapRegion], lines: [Int], processCount: Int
    ) throws(VmmapError) -> MemoryUsage {
        var usage = MemoryUsage(mapCount: regions.count)
        for (index, region) in regions.enumerated() {
            let resident = region.residentSize
            let dirty = region.dirtySize
            var ok = add(&usage.residentSize, resident) && add(&usage.swapSize, region.swapSize)
            switch region.sharing {
            case .private:
                ok = ok && add(&usage.privateCleanSize, resident - dirty) && add(&usage.privateDirtySize, dirty)
            case .shared:
                ok = ok && add(&usage.sharedCleanSize, resident - dirty) && add(&usage.sharedDirtySize, dirty)
            case .neither:
                break
            }
            if region.isAnonymous { ok = ok && add(&usage.anonymousSize, resident) }
            guard ok else { throw .sizeOutOfRange(line: index < lines.count ? lines[index] : 0) }
        }
        usage.proportionalSize = usage.residentSize / processCount
        usage.proportionalSwapSize = usage.swapSize / processCount
        return usage
    }

    private static func add(_ total: inout Int, _ value: Int) -> Bool {
        let (sum, overflow) = total.addingReportingOverflow(value)
        total = sum
        return !overflow && abs(sum) <= RegionSizes.limit
    }

    /// The state of one pass over the lines.
    private struct LineScanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var regions: [VmmapRegion] = []
        /// The 1-based line of each region.
        var regionLines: [Int] = []
        /// Per region, bit k set when bracket size k (virtual, resident, dirty, swap) had no unit.
        var bareMasks: [UInt8] = []
        var sawUnitSuffix = false
        var sawPagesHeader = false
        var reportFormat: String?
        var pageSize: Int?
        var summaryRegionCount: Int?
        var physicalFootprint: Int?
        var physicalFootprintPeak: Int?
        /// Column of `COUNT` in the REGION TYPE table just seen, until its `TOTAL` row.
        var countColumn: Int?
        var lineNumber = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        mutating func scanLines() throws(VmmapError) {
            let count = bytes.count
            guard let base = bytes.baseAddress, count > 0 else { return }
            var lineStart = 0
            while lineStart < count {
                lineNumber += 1
                var lineEnd = count
                if let newline = memchr(base + lineStart, 0x0A, count - lineStart) {
                    lineEnd = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(newline))
                }
                try scanLine(lineStart, lineEnd)
                lineStart = lineEnd + 1
            }
        }

        private mutating func scanLine(_ lineStart: Int, _ lineEnd: Int) throws(VmmapError) {
            var first = lineStart
            while first < lineEnd && isSpace(bytes[first]) { first += 1 }
            guard first < lineEnd else { return }
            if try matchRegion(lineStart, first, lineEnd) { return }
            try readHeaderLine(first, lineEnd)
        }

        // MARK: Region lines

        /// Finds the name's end the way the reference's lazy `(.+?)\s+` does; see the type's
        /// documentation.
        private mutating func matchRegion(_ lineStart: Int, _ first: Int, _ lineEnd: Int) throws(VmmapError) -> Bool {
            var index = first + 1
            while index < lineEnd {
                guard isSpace(bytes[index]) else {
                    index += 1
                    continue
                }
                let nameEnd = index
                index += 1
                while index < lineEnd && isSpace(bytes[index]) { index += 1 }
                if index < lineEnd, isHex(bytes[index]), let tail = matchTail(index, lineEnd) {
                    try addRegion(nameStart: first, nameEnd: nameEnd, tail: tail)
                    return true
                }
            }
            // `\s*` gives back blanks: a single blank is the name when two or more lead the range.
            if first - lineStart >= 2, isHex(bytes[first]), let tail = matchTail(first, lineEnd) {
                try addRegion(nameStart: first, nameEnd: first, tail: tail)
                return true
            }
            return false
        }

        /// Matches `start-end \s+ [ sizes ] \s+ permissions \s+ SM=mode` and what follows from
        /// `position`, which holds a hex digit.
        private func matchTail(_ position: Int, _ lineEnd: Int) -> Tail? {
            var tail = Tail()
            var index = position
            tail.startBegin = index
            while index < lineEnd && isHex(bytes[index]) { index += 1 }
            guard index < lineEnd, bytes[index] == UInt8(ascii: "-") else { return nil }
            tail.startEnd = index
            index += 1
            tail.endBegin = index
            while index < lineEnd && isHex(bytes[index]) { index += 1 }
            guard index > tail.endBegin, index < lineEnd, isSpace(bytes[index]) else { return nil }
            tail.endEnd = index
            index = skipSpaces(index, lineEnd)
            guard index < lineEnd, bytes[index] == UInt8(ascii: "[") else { return nil }
            index = skipSpaces(index + 1, lineEnd)
            for slot in 0..<4 {
                let begin = index
                while index < lineEnd && isNumberByte(bytes[index]) { index += 1 }
                guard index > begin else { return nil }
                var size = Token(begin: begin, end: index, unit: 0)
                if index < lineEnd, unitScale(bytes[index]) != nil {
                    size.unit = bytes[index]
                    index += 1
                }
                tail.sizes[slot] = size
                if slot < 3 {
                    guard index < lineEnd, isSpace(bytes[index]) else { return nil }
                    index = skipSpaces(index, lineEnd)
                } else {
                    index = skipSpaces(index, lineEnd)
                    guard index < lineEnd, bytes[index] == UInt8(ascii: "]") else { return nil }
                    index += 1
                }
            }
            guard index < lineEnd, isSpace(bytes[index]) else { return nil }
            index = skipSpaces(index, lineEnd)
            tail.permissionsBegin = index
            while index < lineEnd && isPermissionByte(bytes[index]) { index += 1 }
            guard index > tail.permissionsBegin, index < lineEnd, isSpace(bytes[index]) else { return nil }
            tail.permissionsEnd = index
            index = skipSpaces(index, lineEnd)
            guard lineEnd - index > 3, bytes[index] == UInt8(ascii: "S"), bytes[index + 1] == UInt8(ascii: "M"),
                bytes[index + 2] == UInt8(ascii: "="), isWord(bytes[index + 3])
            else { return nil }
            index += 3
            tail.modeBegin = index
            while index < lineEnd && !isSpace(bytes[index]) { index += 1 }
            tail.modeEnd = index
            index = skipSpaces(index, lineEnd)
            if hasPrefix("PURGE=", at: index, lineEnd) {
                index += 6
                tail.purgeBegin = index
                while index < lineEnd && !isSpace(bytes[index]) { index += 1 }
                tail.purgeEnd = index
                index = skipSpaces(index, lineEnd)
            }
            var detailEnd = lineEnd
            while detailEnd > index && isSpace(bytes[detailEnd - 1]) { detailEnd -= 1 }
            tail.detailBegin = index
            tail.detailEnd = detailEnd
            return tail
        }

        private mutating func addRegion(nameStart: Int, nameEnd: Int, tail: Tail) throws(VmmapError) {
            var mask: UInt8 = 0
            var values: (Int, Int, Int, Int) = (0, 0, 0, 0)
            for slot in 0..<4 {
                let size = tail.sizes[slot]
                if size.unit == 0 {
                    mask |= 1 << UInt8(slot)
                } else {
                    sawUnitSuffix = true
                }
                guard let value = sizeValue(bytes, begin: size.begin, end: size.end, unit: size.unit) else {
                    throw .sizeOutOfRange(line: lineNumber)
                }
                switch slot {
                case 0: values.0 = value
                case 1: values.1 = value
                case 2: values.2 = value
                default: values.3 = value
                }
            }
            let nameBegin = afterCommentMarker(nameStart, nameEnd) ?? nameStart
            var slash = tail.permissionsBegin
            while slash < tail.permissionsEnd && bytes[slash] != UInt8(ascii: "/") { slash += 1 }
            let maximum = slash < tail.permissionsEnd ? string(slash + 1, tail.permissionsEnd) : ""
            let region = VmmapRegion(
                name: string(nameBegin, nameEnd),
                start: hexValue(tail.startBegin, tail.startEnd), end: hexValue(tail.endBegin, tail.endEnd),
                virtualSize: values.0, residentSize: values.1, dirtySize: values.2, swapSize: values.3,
                currentPermissions: string(tail.permissionsBegin, slash), maximumPermissions: maximum,
                sharingMode: string(tail.modeBegin, tail.modeEnd),
                purgeMode: tail.purgeBegin < 0 ? nil : string(tail.purgeBegin, tail.purgeEnd),
                detail: string(tail.detailBegin, tail.detailEnd))
            regions.append(region)
            regionLines.append(lineNumber)
            bareMasks.append(mask)
        }

        /// Multiplies every bracket size that had no unit by the page size (`-pages` output).
        mutating func scaleBareSizes(by pageSize: Int) throws(VmmapError) {
            for index in regions.indices {
                let mask = bareMasks[index]
                var region = regions[index]
                var ok = true
                func scale(_ value: inout Int, _ bit: UInt8) {
                    guard mask & bit != 0 else { return }
                    let (product, overflow) = value.multipliedReportingOverflow(by: pageSize)
                    value = product
                    ok = ok && !overflow && product <= RegionSizes.limit
                }
                scale(&region.virtualSize, 1)
                scale(&region.residentSize, 2)
                scale(&region.dirtySize, 4)
                scale(&region.swapSize, 8)
                guard ok else { throw .sizeOutOfRange(line: regionLines[index]) }
                regions[index] = region
            }
        }

        // MARK: Header and summary lines

        private mutating func readHeaderLine(_ first: Int, _ lineEnd: Int) throws(VmmapError) {
            let index = afterCommentMarker(first, lineEnd) ?? first
            guard index < lineEnd else { return }
            switch bytes[index] {
            case UInt8(ascii: "O"):
                guard hasPrefix("Output report format:", at: index, lineEnd) else { return }
                let begin = skipSpaces(index + 21, lineEnd)
                var end = begin
                while end < lineEnd && isNumberByte(bytes[end]) { end += 1 }
                guard end > begin else { return }
                let version = string(begin, end)
                reportFormat = version
                if isRefused(begin, end) { throw .unsupportedReportFormat(version) }
            case UInt8(ascii: "V"):
                guard hasPrefix("VM page size:", at: index, lineEnd) else { return }
                let begin = skipSpaces(index + 13, lineEnd)
                var end = begin
                while end < lineEnd && isDigit(bytes[end]) { end += 1 }
                if end > begin, end - begin <= 18, let value = Int(string(begin, end)), value > 0 {
                    pageSize = value
                }
            case UInt8(ascii: "P"):
                guard hasPrefix("Physical footprint", at: index, lineEnd) else { return }
                var position = skipSpaces(index + 18, lineEnd)
                var peak = false
                if hasPrefix("(peak)", at: position, lineEnd) {
                    peak = true
                    position = skipSpaces(position + 6, lineEnd)
                }
                guard position < lineEnd, bytes[position] == UInt8(ascii: ":") else { return }
                let begin = skipSpaces(position + 1, lineEnd)
                var end = begin
                while end < lineEnd && !isSpace(bytes[end]) { end += 1 }
                let value = VmmapParser.parseSize(string(begin, end))
                if peak { physicalFootprintPeak = value } else { physicalFootprint = value }
            case UInt8(ascii: "R"):
                guard hasPrefix("REGION TYPE", at: index, lineEnd) else { return }
                readRegionTypeHeader(index + 11, lineEnd)
            case UInt8(ascii: "M"):
                guard hasPrefix("MALLOC ZONE", at: index, lineEnd) else { return }
                var pages = false
                forEachToken(index + 11, lineEnd) { begin, end, _ in
                    if equals("PAGES", begin, end) { pages = true }
                    return !pages
                }
                if pages { sawPagesHeader = true }
            case UInt8(ascii: "T"):
                guard let column = countColumn, hasPrefix("TOTAL", at: index, lineEnd),
                    index + 5 == lineEnd || isSpace(bytes[index + 5])
                else { return }
                countColumn = nil
                var total: Int?
                forEachToken(index + 5, lineEnd) { begin, end, tokenIndex in
                    guard tokenIndex == column else { return true }
                    if end - begin <= 18, (begin..<end).allSatisfy({ isDigit(bytes[$0]) }) {
                        total = Int(string(begin, end))
                    }
                    return false
                }
                if let total { summaryRegionCount = total }
            default:
                return
            }
        }

        /// The summary's `REGION TYPE … COUNT` header (not the `START - END` header of a region
        /// section): notes the `COUNT` column for the `TOTAL` row and a `PAGES` column.
        private mutating func readRegionTypeHeader(_ from: Int, _ lineEnd: Int) {
            var count: Int?
            var pages = false
            var isSectionHeader = false
            forEachToken(from, lineEnd) { begin, end, tokenIndex in
                if equals("START", begin, end) {
                    isSectionHeader = true
                    return false
                }
                if equals("PAGES", begin, end) { pages = true }
                if count == nil, equals("COUNT", begin, end) { count = tokenIndex }
                return true
            }
            guard !isSectionHeader else { return }
            if pages { sawPagesHeader = true }
            countColumn = count
        }

        /// Whether a report format version is older than 2.4.
        private func isRefused(_ begin: Int, _ end: Int) -> Bool {
            var major = 0
            var minor = 0
            var index = begin
            while index < end && isDigit(bytes[index]) && major < 1_000 {
                major = major * 10 + Int(bytes[index] - 0x30)
                index += 1
            }
            if index < end && bytes[index] == UInt8(ascii: ".") { index += 1 }
            while index < end && isDigit(bytes[index]) && minor < 1_000 {
                minor = minor * 10 + Int(bytes[index] - 0x30)
                index += 1
            }
            return major < 2 || (major == 2 && minor < 4)
        }

        // MARK: Byte helpers

        private func forEachToken(_ from: Int, _ lineEnd: Int, _ body: (Int, Int, Int) -> Bool) {
            var index = from
            var tokenIndex = 0
            while true {
                index = skipSpaces(index, lineEnd)
                guard index < lineEnd else { return }
                let begin = index
                while index < lineEnd && !isSpace(bytes[index]) { index += 1 }
                guard body(begin, index, tokenIndex) else { return }
                tokenIndex += 1
            }
        }

        /// Where the text after a `//` comment marker (followed by blanks or the end) starts,
        /// or nil when `bytes[from..<end]` does not start with one.
        private func afterCommentMarker(_ from: Int, _ end: Int) -> Int? {
            guard end - from >= 2, bytes[from] == UInt8(ascii: "/"), bytes[from + 1] == UInt8(ascii: "/"),
                from + 2 == end || isSpace(bytes[from + 2])
            else { return nil }
            return skipSpaces(from + 2, end)
        }

        private func skipSpaces(_ from: Int, _ end: Int) -> Int {
            var index = from
            while index < end && isSpace(bytes[index]) { index += 1 }
            return index
        }

        private func hasPrefix(_ prefix: StaticString, at index: Int, _ lineEnd: Int) -> Bool {
            let length = prefix.utf8CodeUnitCount
            guard lineEnd - index >= length else { return false }
            let pointer = prefix.utf8Start
            for offset in 0..<length where bytes[index + offset] != pointer[offset] { return false }
            return true
        }

        private func equals(_ word: StaticString, _ begin: Int, _ end: Int) -> Bool {
            end - begin == word.utf8CodeUnitCount && hasPrefix(word, at: begin, end)
        }

        private func string(_ begin: Int, _ end: Int) -> String {
            guard end > begin else { return "" }
            return VisibleText.decoding(UnsafeBufferPointer(rebasing: bytes[begin..<end]))
        }

        /// The address; more than 16 significant hex digits (never printed) saturate.
        private func hexValue(_ begin: Int, _ end: Int) -> UInt64 {
            var index = begin
            while index < end && bytes[index] == UInt8(ascii: "0") { index += 1 }
            guard end - index <= 16 else { return .max }
            var value: UInt64 = 0
            while index < end {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case 0x30...0x39: digit = byte - 0x30
                case 0x41...0x46: digit = byte - 0x41 + 10
                default: digit = byte - 0x61 + 10
                }
                value = value << 4 | UInt64(digit)
                index += 1
            }
            return value
        }
    }

    /// Where the parts of a region line's tail are (byte offsets in the text).
    private struct Tail {
        var startBegin = 0, startEnd = 0, endBegin = 0, endEnd = 0
        var sizes = Sizes()
        var permissionsBegin = 0, permissionsEnd = 0
        var modeBegin = 0, modeEnd = 0
        var purgeBegin = -1, purgeEnd = -1
        var detailBegin = 0, detailEnd = 0
    }

    /// One bracket size: its `[\d.]+` run and its unit byte (0 for none).
    private struct Token {
        var begin: Int
        var end: Int
        var unit: UInt8
    }

    /// The four bracket sizes, without an array allocation per line.
    private struct Sizes {
        var virtual = Token(begin: 0, end: 0, unit: 0)
        var resident = Token(begin: 0, end: 0, unit: 0)
        var dirty = Token(begin: 0, end: 0, unit: 0)
        var swap = Token(begin: 0, end: 0, unit: 0)

        subscript(slot: Int) -> Token {
            get {
                switch slot {
                case 0: virtual
                case 1: resident
                case 2: dirty
                default: swap
                }
            }
            set {
                switch slot {
                case 0: virtual = newValue
                case 1: resident = newValue
                case 2: dirty = newValue
                default: swap = newValue
                }
            }
        }
    }

    // MARK: - Sizes

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Bytes for the number `bytes[begin..<end]` (a `[\d.]+` run) with the unit byte `unit`
    /// (0 for none); nil beyond ``RegionSizes/limit`` (1 EiB, more than any address space).
    static func sizeValue(_ bytes: UnsafeBufferPointer<UInt8>, begin: Int, end: Int, unit: UInt8) -> Int? {
        // Ruby's String#to_f: digits, then optionally "." and digits; the rest is ignored.
        var index = begin
        var mantissa: UInt64 = 0
        var significant = 0
        var fractionDigits = 0
        while index < end && isDigit(bytes[index]) {
            if mantissa != 0 || bytes[index] != 0x30 { significant += 1 }
            if significant <= 15 { mantissa = mantissa * 10 + UInt64(bytes[index] - 0x30) }
            index += 1
        }
        let integerEnd = index
        var fractionBegin = index
        if index < end && bytes[index] == UInt8(ascii: ".") {
            index += 1
            fractionBegin = index
            while index < end && isDigit(bytes[index]) {
                if mantissa != 0 || bytes[index] != 0x30 { significant += 1 }
                if significant <= 15 { mantissa = mantissa * 10 + UInt64(bytes[index] - 0x30) }
                fractionDigits += 1
                index += 1
            }
        }
        var number: Double
        if significant <= 15 && fractionDigits <= 22 {
            // Both operands are exact, so the quotient is the correctly rounded decimal value.
            number = Double(mantissa) / powersOfTen[fractionDigits]
        } else {
            let integerPart = String(decoding: UnsafeBufferPointer(rebasing: bytes[begin..<integerEnd]), as: UTF8.self)
            let fractionPart = String(
                decoding: UnsafeBufferPointer(rebasing: bytes[fractionBegin..<index]), as: UTF8.self)
            let decimal = (integerPart.isEmpty ? "0" : integerPart) + "." + (fractionPart.isEmpty ? "0" : fractionPart)
            number = Double(decimal) ?? 0
        }
        if let scale = unitScale(unit) {
            number = (number * scale).rounded(.toNearestOrAwayFromZero)
        } else {
            number = number.rounded(.up)
        }
        guard number <= Double(RegionSizes.limit) else { return nil }
        return Int(number)
    }

    private static func unitScale(_ byte: UInt8) -> Double? {
        switch byte {
        case UInt8(ascii: "K"), UInt8(ascii: "k"): 1024
        case UInt8(ascii: "M"), UInt8(ascii: "m"): 1_048_576
        case UInt8(ascii: "G"), UInt8(ascii: "g"): 1_073_741_824
        case UInt8(ascii: "T"), UInt8(ascii: "t"): 1_099_511_627_776
        default: nil
        }
    }

    // MARK: - Byte classes (ASCII, as Ruby's \s \d \w)

    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    @inline(__always) static func isNumberByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: ".")
    }

    @inline(__always) static func isHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }

    @inline(__always) static func isWord(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
    }

    @inline(__always) static func isPermissionByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "r") || byte == UInt8(ascii: "w") || byte == UInt8(ascii: "x")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/")
    }
}
