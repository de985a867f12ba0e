/// Turns saved text, `vmmap PID` output or `/proc/PID/smaps` (or `smaps_rollup`) text, into
/// the same capture a live snapshot gives, for `memhist snapshot --vmmap FILE` and
/// `--smaps FILE`.
public enum SavedCaptureReader {
    /// A capture read from saved text, with its regions grouped by label.
    public struct Result: Sendable {
        /// The totals (and, for vmmap text, the regions).
        public var capture: ProcessCapture
        /// One row per label, sizes summed, in order of first appearance.
        public var regionRows: [RegionRow]
    }

    /// The capture in saved `vmmap` output.
    ///
    /// The process's name and pid come from the `Process:  NAME [PID]` header line when the text
    /// has one, else the pid is 0 and the name is `source`.
    /// - Parameter processCount: the number of processes captured together, dividing the
    ///   proportional sizes (macOS has no PSS).
    /// - Throws: ``VmmapError`` for refused formats; ``CaptureError/noRegions(source:)`` when
    ///   the text holds no region line; ``CaptureError/sizeOutOfRange(source:line:)``.
    public static func vmmap(_ bytes: [UInt8], source: String, processCount: Int = 1, timeMs: Int64) throws -> Result {
        let parsed = try bytes.withUnsafeBufferPointer { buffer in
            try VmmapParser.parse(buffer, processCount: processCount)
        }
        guard let parsed else { throw CaptureError.noRegions(source: source) }
        let text = String(decoding: bytes.prefix(1 << 16), as: UTF8.self)
        let (name, pid) = processLine(in: text) ?? (source, 0)
        let identity = ProcessIdentity(
            pid: pid, startTime: 0, parentPid: 0, name: name, commandLine: name, executable: nil)
        let regions = parsed.regions.map { $0.region(processCount: processCount) }
        let capture = ProcessCapture(
            identity: identity, timeMs: timeMs, memory: parsed.memory, peakResidentSize: parsed.physicalFootprintPeak,
            threadCount: nil, regions: regions)
        do {
            return Result(capture: capture, regionRows: try RegionRow.grouped(regions))
        } catch {
            throw CaptureError.sizeOutOfRange(source: source, line: 0)
        }
    }

    /// The capture in saved `vmmap` output given as text.
    public static func vmmap(_ text: String, source: String, processCount: Int = 1, timeMs: Int64) throws -> Result {
        try vmmap(Array(text.utf8), source: source, processCount: processCount, timeMs: timeMs)
    }

    /// The capture in a saved `vmmap` output file (`-` for standard input).
    public static func vmmap(file: InputFile, processCount: Int = 1, timeMs: Int64) throws -> Result {
        try vmmap(try file.readAll(), source: file.name, processCount: processCount, timeMs: timeMs)
    }

    /// The capture in saved smaps (or smaps_rollup) text: totals summed over its regions, one map
    /// per region. Faults and threads are not in smaps, so they are 0 and nil.
    ///
    /// The text is read a block at a time and each region is added to its label's row as soon
    /// as it is complete, so a file of any size takes memory for its distinct labels only.
    /// - Throws: ``CaptureError/malformedLine(source:line:text:)``,
    ///   ``CaptureError/sizeOutOfRange(source:line:)``, or ``CaptureError/noRegions(source:)``
    ///   when no mapping header is found.
    public static func smaps(file: InputFile, timeMs: Int64) throws -> Result {
        var summary = SmapsSummary(source: file.name)
        var stream = SmapsParser.Stream(source: file.name)
        try file.forEachPiece { piece in try stream.feed(piece) { try summary.add($0) } }
        try stream.finish { try summary.add($0) }
        return try summary.result(timeMs: timeMs)
    }

    /// The capture in saved smaps text given as a String.
    public static func smaps(_ text: String, source: String, timeMs: Int64) throws -> Result {
        var summary = SmapsSummary(source: source)
        try withUTF8Bytes(of: text) { bytes in
            try SmapsParser.parse(bytes, source: source) { try summary.add($0) }
        }
        return try summary.result(timeMs: timeMs)
    }

    /// The regions of smaps text added up as they come.
    private struct SmapsSummary {
        let source: String
        var totals = RegionSizes.zero
        var mappings = 0
        var rows: [RegionRow] = []
        var rowOfLabel: [String: Int] = [:]
        var firstLabel: String?

        init(source: String) {
            self.source = source
        }

        mutating func add(_ region: Region) throws {
            do {
                try totals.add(region.sizes)
                if let index = rowOfLabel[region.label] {
                    try rows[index].sizes.add(region.sizes)
                    rows[index].mappingCount += 1
                } else {
                    rowOfLabel[region.label] = rows.count
                    rows.append(
                        RegionRow(
                            label: region.label, kind: region.kind, startAddress: nil, mappingCount: 1,
                            sizes: region.sizes))
                }
            } catch {
                throw CaptureError.sizeOutOfRange(source: source, line: 0)
            }
            mappings += 1
            if firstLabel == nil { firstLabel = region.label }
        }

        func result(timeMs: Int64) throws -> Result {
            guard mappings > 0 else { throw CaptureError.noRegions(source: source) }
            var sizes = totals
            sizes.size = 0
            let identity = ProcessIdentity(
                pid: 0, startTime: 0, parentPid: 0, name: source, commandLine: source, executable: nil)
            let isRollup = mappings == 1 && firstLabel == "[rollup]"
            let capture = ProcessCapture(
                identity: identity, timeMs: timeMs,
                memory: MemoryUsage(sizes: sizes, mapCount: isRollup ? 0 : mappings),
                peakResidentSize: nil, threadCount: nil, regions: nil)
            return Result(capture: capture, regionRows: isRollup ? [] : rows)
        }
    }

    /// `Process:         Code Helper (Plugin) [53753]` → ("Code Helper (Plugin)", 53753).
    static func processLine(in text: String) -> (String, Int32)? {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).prefix(40) {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" || $0 == "/" })
            guard trimmed.hasPrefix("Process:"), let open = trimmed.lastIndex(of: "["),
                let close = trimmed.lastIndex(of: "]"), open < close,
                let pid = Int32(trimmed[trimmed.index(after: open)..<close])
            else { continue }
            let name = trimmed.dropFirst("Process:".count)[..<open].trimmingCharacters(in: " \t")
            return (name, pid)
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        String(drop(while: { set.contains($0) }).reversed().drop(while: { set.contains($0) }).reversed())
    }
}
