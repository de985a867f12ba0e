/// Turns saved text, `vmmap PID` output or `/proc/PID/smaps` (or `smaps_rollup`) text, into
/// the same capture a live snapshot gives, for `memhist snapshot --vmmap FILE` and
/// `--smaps FILE`.
public enum SavedCaptureReader {
    /// The capture in saved `vmmap` output.
    ///
    /// The process's name and pid come from the `Process:  NAME [PID]` header line when the text
    /// has one, else the pid is 0 and the name is `source`.
    /// - Parameter processCount: the number of processes captured together, dividing the
    ///   proportional sizes (macOS has no PSS).
    /// - Throws: ``VmmapError`` for refused formats; ``CaptureError/noRegions(source:)`` when
    ///   the text holds no region line.
    public static func vmmap(_ text: String, source: String, processCount: Int = 1, timeMs: Int64) throws
        -> ProcessCapture
    {
        guard let parsed = try VmmapParser.parse(text, processCount: processCount) else {
            throw CaptureError.noRegions(source: source)
        }
        let (name, pid) = processLine(in: text) ?? (source, 0)
        let identity = ProcessIdentity(
            pid: pid, startTicks: 0, parentPid: 0, name: name, commandLine: name, executable: nil)
        return ProcessCapture(
            identity: identity, timeMs: timeMs, memory: parsed.memory, peakResidentSize: parsed.physicalFootprintPeak,
            threadCount: nil, regions: parsed.regions.map { $0.region(processCount: processCount) })
    }

    /// The capture in saved smaps text: totals summed over its regions, one map per region.
    /// Faults and threads are not in smaps, so they are 0 and nil.
    /// - Throws: ``CaptureError/malformedLine(source:line:text:)``, or
    ///   ``CaptureError/noRegions(source:)`` when no mapping header is found.
    public static func smaps(_ text: String, source: String, timeMs: Int64) throws -> ProcessCapture {
        let regions = try SmapsParser.parse(text, source: source)
        guard !regions.isEmpty else { throw CaptureError.noRegions(source: source) }
        var sizes = regions.reduce(into: RegionSizes.zero) { $0.add($1.sizes) }
        sizes.size = 0
        let identity = ProcessIdentity(
            pid: 0, startTicks: 0, parentPid: 0, name: source, commandLine: source, executable: nil)
        let isRollup = regions.count == 1 && regions[0].label == "[rollup]"
        return ProcessCapture(
            identity: identity, timeMs: timeMs,
            memory: MemoryUsage(sizes: sizes, mapCount: isRollup ? 0 : regions.count),
            peakResidentSize: nil, threadCount: nil, regions: isRollup ? nil : regions)
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
