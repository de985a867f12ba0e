import Foundation
import Recorder

#if canImport(Glibc)
import Glibc
#endif

/// Item 11: a tick as a user records it: the whole `memhist record` process (start-up left out by
/// the marginal method) against the C reader of the same files at the same interval (``CReader``),
/// both run side by side, so that both meet the same machine: (a) a region tick
/// (`--regions-every 1`) of a process with about 1,000 mappings, (b) its totals tick
/// (`--regions off`), (c) `--all` at 1 s with about 200 idle processes started for it.
///
/// Each side's CPU is user + system from `wait4`; the marginal cost is that of a long run minus a
/// short one, divided by the extra ticks (or process-samples).
enum RecordedTickBench {
    /// One side of a run: what it cost and did.
    struct Side {
        /// User + system CPU of the whole process, ns.
        var cpuNs: Double
        /// Ticks done.
        var ticks: Int
        /// Process-samples taken.
        var samples: Int
        /// Files and bytes read (the reader only; 0 for memhist).
        var reads = 0
        var bytes = 0
    }

    /// memhist and the reader, run at the same time.
    struct Pair {
        var memhist: Side
        var reader: Side
    }

    /// What one setting measures.
    struct Setting {
        /// The row's text.
        var what: String
        /// `memhist record` options besides --db, --interval and --samples.
        var record: [String]
        /// The interval, ms.
        var intervalMs: Int
        /// The reader's REGIONS_EVERY.
        var regionsEvery: Int
        /// The reader's targets; nil for all processes.
        var pids: [pid_t]?
        /// The cgroup files memhist reads each tick.
        var cgroupFiles: (usage: String, limit: String)?
        /// The page-walk detail (2 rollup, 3 regions) every memhist sample must have; nil: any.
        var detail: Int?
        /// Whether the marginal is per process-sample rather than per tick.
        var perSample: Bool
    }

    static func run(config: BenchConfig, table: ResultTable) throws {
        let memhist = try Binaries.memhist()
        say("\n### item 11: ticks as recorded, the whole memhist process against a C reader of the same files")
        guard let reader = try CReader.build() else {
            say(
                "  SKIPPED: no C compiler (`cc`) on the PATH to build the floor; install one (Debian: apt-get install gcc)"
            )
            table.add(
                ResultRow(
                    item: 11, what: "tick as recorded (no `cc`: skipped)", memhist: "-", floor: "-", ratio: "-",
                    goal: "skipped"))
            return
        }
        let repeats = config.quick ? 1 : 2

        let (target, mapCount) = try Helpers.mappings(1_000)
        defer { target.terminate() }
        let files = CgroupMemoryFiles.locate(pid: target.pid).map { ($0.usagePath, $0.limitPath) }
        let (short, long) = config.quick ? (20, 100) : (40, 200)
        say(
            "  (a), (b): a process with \(mapCount) mappings at 100 ms, \(short) and \(long) ticks, "
                + "\(repeats) time(s) each; (b) with --budget off, which would otherwise skip a rollup the reader "
                + "reads; cgroup files \(files.map { "\($0.0), \($0.1)" } ?? "none")")
        let region = Setting(
            what: "region tick (`--regions-every 1`), \(mapCount) maps @100ms, per tick",
            record: ["--pid", String(target.pid), "--regions-every", "1"], intervalMs: 100, regionsEvery: 1,
            pids: [target.pid], cgroupFiles: files, detail: 3, perSample: false)
        let (regionMemhist, regionReader) = try marginal(
            region, memhist: memhist, reader: reader, short: short, long: long, repeats: repeats)
        table.add(
            item: 11, what: region.what, memhist: regionMemhist, floor: regionReader, format: Format.ns,
            goal: Goal.ratio(regionMemhist / regionReader, atMost: 1.2))

        let totals = Setting(
            what: "totals tick (`--regions off --budget off`), \(mapCount) maps @100ms, per tick",
            record: ["--pid", String(target.pid), "--regions", "off", "--budget", "off"], intervalMs: 100,
            regionsEvery: 0,
            pids: [target.pid], cgroupFiles: files, detail: 2, perSample: false)
        let (totalsMemhist, totalsReader) = try marginal(
            totals, memhist: memhist, reader: reader, short: short, long: long, repeats: repeats)
        table.add(
            item: 11, what: totals.what, memhist: totalsMemhist, floor: totalsReader, format: Format.ns,
            goal: Goal.ratio(totalsMemhist / totalsReader, atMost: 1.2))
        target.terminate()

        var idle: [Child] = []
        defer { for child in idle { child.terminate() } }
        for _ in 0..<200 { idle.append(try Helpers.idle()) }
        try RecorderCPUBench.waitUntilExecuted(idle.map(\.pid), program: "/cat")
        // memhist's host reader follows the cgroup of the first process it records: with --all, pid 1.
        let allFiles = CgroupMemoryFiles.locate(pid: 1).map { ($0.usagePath, $0.limitPath) }
        let (allShort, allLong) = config.quick ? (4, 14) : (5, 30)
        let listed = try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { Int($0) != nil }.count
        say(
            "  (c): --all at 1 s, default regions (every 10th tick), --budget off (the reader cannot follow the "
                + "budget's choices, so memhist reads exactly what it reads), \(listed) pids listed of which 200 "
                + "idle /bin/cat started for it; \(allShort) and \(allLong) ticks, \(repeats) time(s) each")
        let all = Setting(
            what: "`--all` @1s, default regions, \(listed) pids, per process-sample",
            record: ["--all", "--budget", "off"], intervalMs: 1_000, regionsEvery: 10, pids: nil,
            cgroupFiles: allFiles, detail: nil, perSample: true)
        let (allMemhist, allReader) = try marginal(
            all, memhist: memhist, reader: reader, short: allShort, long: allLong, repeats: repeats)
        table.add(
            item: 11, what: all.what, memhist: allMemhist, floor: allReader, format: Format.ns,
            goal: Goal.ratio(allMemhist / allReader, atMost: 1.1))
    }

    /// The marginal CPU of each side, per tick or per process-sample: the long runs' CPU minus the
    /// short runs', over their extra ticks (or samples).
    static func marginal(
        _ setting: Setting, memhist: String, reader: String, short: Int, long: Int, repeats: Int
    ) throws -> (memhist: Double, reader: Double) {
        var shortPairs: [Pair] = []
        var longPairs: [Pair] = []
        for _ in 0..<repeats {
            shortPairs.append(try pair(setting, memhist: memhist, reader: reader, ticks: short))
            longPairs.append(try pair(setting, memhist: memhist, reader: reader, ticks: long))
        }
        func extra(_ side: KeyPath<Pair, Side>) throws -> Double {
            let cpu =
                longPairs.reduce(0) { $0 + $1[keyPath: side].cpuNs }
                - shortPairs.reduce(0) { $0 + $1[keyPath: side].cpuNs }
            let count: (Pair) -> Int = { setting.perSample ? $0[keyPath: side].samples : $0[keyPath: side].ticks }
            let units = longPairs.reduce(0) { $0 + count($1) } - shortPairs.reduce(0) { $0 + count($1) }
            guard units > 0, cpu > 0 else {
                throw BenchError("\(setting.what): no marginal cost (CPU \(Format.ns(cpu)) over \(units) extra units)")
            }
            return cpu / Double(units)
        }
        let perMemhist = try extra(\.memhist)
        let perReader = try extra(\.reader)
        for (name, pairs) in [("short", shortPairs), ("long", longPairs)] {
            say(
                "  \(setting.what), \(name): "
                    + pairs.map {
                        "memhist \(Format.ns($0.memhist.cpuNs)) / \($0.memhist.ticks) ticks / \($0.memhist.samples) "
                            + "samples, reader \(Format.ns($0.reader.cpuNs)) / \($0.reader.ticks) / "
                            + "\($0.reader.samples)"
                    }.joined(separator: "; "))
        }
        if let last = longPairs.last?.reader {
            say(
                "    the reader read \(last.reads / max(1, last.ticks)) files, "
                    + "\(Format.bytes(Double(last.bytes) / Double(max(1, last.ticks)))) a tick (the last long run)")
        }
        say(
            "    marginal: memhist \(Format.ns(perMemhist)), reader \(Format.ns(perReader)), \(Format.ratio(perMemhist / perReader))"
        )
        return (perMemhist, perReader)
    }

    /// Runs `memhist record --samples TICKS` and the reader for as many ticks, side by side.
    /// - Throws: when either fails, memhist stores other than the ticks asked for, or (with
    ///   ``Setting/detail``) a sample of another depth.
    static func pair(_ setting: Setting, memhist: String, reader: String, ticks: Int) throws -> Pair {
        let database = try Files.tempPath("tick.db")
        let log = try Files.tempPath("tick.err")
        let readerOutput = try Files.tempPath("reader.txt")
        defer { Files.removeDatabase(database) }
        let arguments =
            ["record", "--db", database, "--interval", "\(setting.intervalMs)ms", "--samples", String(ticks)]
            + setting.record
        let recorder = try Child(memhist, arguments, stdin: .null, stdout: .null, stderr: .file(log))
        let floor = try Child(
            reader,
            CReader.arguments(
                intervalMs: setting.intervalMs, ticks: ticks, regionsEvery: setting.regionsEvery,
                cgroupFiles: setting.cgroupFiles, pids: setting.pids),
            stdin: .null, stdout: .file(readerOutput), stderr: .inherit)
        let (recorderStatus, recorderUsage) = recorder.wait()
        let (readerStatus, readerUsage) = floor.wait()
        guard Child.exitCode(recorderStatus) == 0 else {
            throw BenchError("memhist record exited with \(Child.exitCode(recorderStatus)): \(Files.text(log))")
        }
        let said = Files.text(readerOutput).trimmingCharacters(in: .whitespacesAndNewlines)
        guard Child.exitCode(readerStatus) == 0, let report = CReader.Report(said), report.ticks == ticks else {
            throw BenchError("the C reader exited with \(Child.exitCode(readerStatus)): \(said)")
        }
        // With fixed targets every read must succeed; with --all processes may end between reads.
        guard setting.pids == nil || report.failures == 0 else {
            throw BenchError("the C reader failed \(report.failures) reads: \(said)")
        }
        let connection = try Database(path: database, mode: .readOnly)
        let samples = Int(try connection.scalarInt("SELECT count(*) FROM sample") ?? 0)
        let recorded = Int(try connection.scalarInt("SELECT count(DISTINCT time_ms) FROM sample") ?? 0)
        guard recorded == ticks else {
            throw BenchError("memhist recorded \(recorded) ticks, not \(ticks): \(Files.text(log))")
        }
        if let detail = setting.detail {
            let other = try connection.scalarInt(
                "SELECT count(*) FROM sample WHERE detail != ?", [.integer(Int64(detail))])
            guard other == 0 else {
                throw BenchError("\(other ?? 0) of memhist's \(samples) samples were not of detail \(detail)")
            }
        }
        return Pair(
            memhist: Side(cpuNs: Double(Clock.cpuNs(recorderUsage)), ticks: recorded, samples: samples),
            reader: Side(
                cpuNs: Double(Clock.cpuNs(readerUsage)), ticks: report.ticks, samples: report.samples,
                reads: report.reads, bytes: report.bytes))
    }
}
