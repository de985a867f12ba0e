#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Captures Linux processes from /proc: identity from `stat`, `cmdline` and `exe`; totals
/// from `smaps_rollup` (summed from `smaps` on kernels before 4.14); map count from `maps`;
/// faults from `stat`; peak resident and threads from `status`; regions from `smaps`.
///
/// Reads go through one reused buffer, so a capturer is cheap to call every tick but must
/// stay on one thread. It is the Linux ``ProcessSource``.
public final class LinuxProcessCapturer: ProcessSource {
    private let reader: ProcFileReader
    private let procRoot: String
    /// Whether this kernel has smaps_rollup; learned on first use.
    private var hasRollup: Bool?
    /// When the machine booted (`btime`), Unix ms, and clock ticks per second: what turns a
    /// start time in ticks into a moment.
    private let bootTimeMs: Int64?
    private let clockTicks = SystemFacts.clockTicks

    /// Creates a capturer reading under `procRoot` (a different root is for tests).
    public init(procRoot: String = "/proc", reader: ProcFileReader = ProcFileReader()) {
        self.procRoot = procRoot
        self.reader = reader
        bootTimeMs = SystemFacts.bootTimeMs
    }

    // MARK: ProcessSource

    public func listPids() -> [Int32] {
        ProcessTable.allPids(procRoot: procRoot)
    }

    public func glance(pid: Int32) throws -> ProcessGlance {
        glance(try stat(pid: pid))
    }

    public func identity(pid: Int32, glance: ProcessGlance?) throws -> ProcessIdentity {
        let seen = try glance ?? self.glance(pid: pid)
        return try identity(pid: pid, seen: seen)
    }

    private func identity(pid: Int32, seen: ProcessGlance) throws -> ProcessIdentity {
        ProcessIdentity(
            pid: pid, startTime: seen.startTime, startedMs: seen.startedMs, parentPid: seen.parentPid,
            name: seen.name, commandLine: try commandLine(pid: pid), executable: executable(pid: pid))
    }

    public func capture(_ identity: ProcessIdentity, detail: CaptureDetail, timeMs: Int64, processCount: Int) throws
        -> ProcessCapture
    {
        // The map count comes with the regions: reading maps each tick costs as much as the
        // rollup for a process with thousands of mappings.
        try capture(identity, detail: detail, timeMs: timeMs, countMaps: false)
    }

    /// Captures `pid` with its regions and exact totals, reading its `stat` once for both its
    /// identity and its counters.
    public func snapshot(pid: Int32, timeMs: Int64) throws -> ProcessCapture {
        let stat = try stat(pid: pid)
        let identity = try identity(pid: pid, seen: glance(stat))
        return try capture(identity, after: stat, detail: .regions, timeMs: timeMs, exactTotals: true, countMaps: true)
    }

    /// What discovery needs from a `stat` already read.
    func glance(_ stat: ProcessStat) -> ProcessGlance {
        ProcessGlance(
            pid: stat.pid, startTime: stat.startTicks,
            startedMs: SystemFacts.startedMs(
                startTicks: stat.startTicks, bootTimeMs: bootTimeMs, clockTicks: clockTicks),
            parentPid: stat.parentPid, name: stat.name, isKernelThread: stat.isKernelThread,
            isGone: stat.state == "Z" || stat.state == "X")
    }

    // MARK: /proc

    /// Reads `stat`: the cheapest read that tells whether the process exists and who it is.
    public func stat(pid: Int32) throws -> ProcessStat {
        let path = "\(procRoot)/\(pid)/stat"
        return try reader.withContents(of: path, pid: pid) { try ProcessStat.parse($0, source: path) }
    }

    /// The command line of `pid`, arguments joined by spaces.
    public func commandLine(pid: Int32) throws -> String {
        try reader.withContents(of: "\(procRoot)/\(pid)/cmdline", pid: pid) { ProcessCommandLine.joined($0) }
    }

    /// The target of `/proc/PID/exe`; nil when it cannot be read (another user's process,
    /// a kernel thread).
    public func executable(pid: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("\(procRoot)/\(pid)/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return VisibleText.decoding(buffer[0..<count].map { UInt8(bitPattern: $0) })
    }

    /// Captures `pid`, whose identity the caller already knows, with its regions or without;
    /// the totals always come from smaps_rollup, exactly as the kernel sums them.
    public func capture(_ identity: ProcessIdentity, withRegions: Bool, timeMs: Int64) throws -> ProcessCapture {
        try capture(identity, detail: withRegions ? .regions : .rollup, timeMs: timeMs, exactTotals: true)
    }

    /// Captures `pid`, whose identity the caller already knows, reading as deep as `detail`.
    ///
    /// - Throws: ``CaptureError/processGone(pid:)`` when the process no longer exists, has
    ///   become a zombie, or is now a different process under the same pid;
    ///   ``CaptureError/processVanished(pid:)`` when it went away during the reads;
    ///   ``CaptureError/permissionDenied(pid:path:)`` for another user's process (at
    ///   ``CaptureDetail/rollup`` and deeper: stat and status are readable by anyone).
    /// - Parameters:
    ///   - exactTotals: at ``CaptureDetail/regions``, read smaps_rollup for the totals too (a
    ///     second page walk). Without it the totals are the sum of smaps: equal to the rollup's
    ///     but for PSS and SwapPss, which smaps truncates to whole kB per mapping, so they can
    ///     read up to 1 KiB per mapping lower.
    ///   - countMaps: at ``CaptureDetail/rollup``, read `/proc/PID/maps` to count the mappings
    ///     (as long as reading smaps_rollup for a process with many). Without it the map count
    ///     is measured only with the regions (``ProcessCapture/mapCountMeasured``).
    public func capture(
        _ identity: ProcessIdentity, detail: CaptureDetail, timeMs: Int64, exactTotals: Bool = false,
        countMaps: Bool = true
    ) throws -> ProcessCapture {
        try capture(
            identity, after: try stat(pid: identity.pid), detail: detail, timeMs: timeMs, exactTotals: exactTotals,
            countMaps: countMaps)
    }

    /// ``capture(_:detail:timeMs:exactTotals:countMaps:)`` with `stat` just read.
    private func capture(
        _ identity: ProcessIdentity, after stat: ProcessStat, detail: CaptureDetail, timeMs: Int64, exactTotals: Bool,
        countMaps: Bool
    ) throws -> ProcessCapture {
        let pid = identity.pid
        guard stat.startTicks == identity.startTime, stat.state != "Z", stat.state != "X" else {
            throw CaptureError.processGone(pid: pid)
        }
        do {
            var capture = try captureAfterStat(
                stat, identity: identity, detail: detail, timeMs: timeMs, exactTotals: exactTotals, countMaps: countMaps
            )
            capture.currentName = stat.name
            return capture
        } catch CaptureError.processGone {
            throw CaptureError.processVanished(pid: pid)
        }
    }

    private func captureAfterStat(
        _ stat: ProcessStat, identity: ProcessIdentity, detail: CaptureDetail, timeMs: Int64, exactTotals: Bool,
        countMaps: Bool
    ) throws -> ProcessCapture {
        let pid = identity.pid
        var status = try reader.withContents(of: "\(procRoot)/\(pid)/status", pid: pid) { ProcessStatus.parse($0) }
        if status.threads == nil { status.threads = stat.threadCount }
        guard detail >= .rollup else {
            let memory = MemoryUsage(minorFaults: stat.minorFaults, majorFaults: stat.majorFaults)
            return ProcessCapture(
                identity: identity, timeMs: timeMs, detail: .status, memory: memory, counters: status.counters,
                regions: nil)
        }
        let walkStart = SystemFacts.monotonicNs()
        var regions: [Region]?
        if detail == .regions {
            regions = try readSmaps(pid: pid)
        }
        var sizes: RegionSizes
        if let regions, !exactTotals || hasRollup == false {
            // One page walk per tick: the totals are the sum of the regions just read.
            guard !regions.isEmpty else { throw CaptureError.processGone(pid: pid) }
            sizes = try sum(regions, pid: pid)
        } else if hasRollup != false, let rollup = try readRollup(pid: pid) {
            sizes = rollup
        } else if hasRollup == false {
            sizes = try sum(regions ?? readSmaps(pid: pid), pid: pid)
        } else {
            // An empty rollup: the address space is gone (the process is exiting).
            throw CaptureError.processGone(pid: pid)
        }
        let walkNs = SystemFacts.monotonicNs() - walkStart
        sizes.size = 0
        let mapCount = try regions?.count ?? (countMaps ? self.countMaps(pid: pid) : nil)
        let memory = MemoryUsage(
            sizes: sizes, mapCount: mapCount ?? 0, minorFaults: stat.minorFaults, majorFaults: stat.majorFaults)
        var capture = ProcessCapture(
            identity: identity, timeMs: timeMs, detail: detail, memory: memory, counters: status.counters,
            regions: regions,
            pageWalkNs: walkNs)
        capture.mapCountMeasured = mapCount != nil
        return capture
    }

    /// The regions' sizes added up, or ``CaptureError/sizeOutOfRange(source:line:)``.
    private func sum(_ regions: [Region], pid: Int32) throws -> RegionSizes {
        do {
            return try RegionSizes.sum(of: regions)
        } catch {
            throw CaptureError.sizeOutOfRange(source: "\(procRoot)/\(pid)/smaps", line: 0)
        }
    }

    /// The rollup's sizes; nil when the file is empty. Remembers when the kernel has none.
    private func readRollup(pid: Int32) throws -> RegionSizes? {
        let path = "\(procRoot)/\(pid)/smaps_rollup"
        do {
            let sizes = try reader.withContents(of: path, pid: pid) { try SmapsParser.parseRollup($0, source: path) }
            hasRollup = true
            return sizes
        } catch CaptureError.processGone where hasRollup == nil {
            // ENOENT: either the process is gone or the kernel predates smaps_rollup (4.14).
            if access("\(procRoot)/\(pid)/stat", F_OK) == 0 {
                hasRollup = false
                return nil
            }
            throw CaptureError.processGone(pid: pid)
        }
    }

    /// The regions of `smaps`, parsed a buffer at a time as they are read.
    private func readSmaps(pid: Int32) throws -> [Region] {
        let path = "\(procRoot)/\(pid)/smaps"
        var regions: [Region] = []
        regions.reserveCapacity(64)
        var stream = SmapsParser.Stream(source: path)
        try reader.forEachPiece(of: path, pid: pid) { piece in try stream.feed(piece) { regions.append($0) } }
        try stream.finish { regions.append($0) }
        return regions
    }

    /// The number of lines in `/proc/PID/maps`: one per mapping.
    private func countMaps(pid: Int32) throws -> Int {
        try reader.withContents(of: "\(procRoot)/\(pid)/maps", pid: pid) { bytes in
            var lines = 0
            for byte in bytes where byte == UInt8(ascii: "\n") { lines += 1 }
            return lines
        }
    }
}
