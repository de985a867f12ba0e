import Foundation
import Recorder

#if canImport(Glibc)
import Glibc
#endif

/// Item 3: the CPU the real `memhist record` spends per process-sample while it records 100
/// idle processes at 1 s, against the CPU of the kernel reads alone.
enum RecorderCPUBench {
    /// What one recording cost and stored.
    struct Recording {
        /// User + system CPU of the memhist process, ns.
        var cpuNs: Double
        /// Rows in `sample`.
        var samples: Int
        /// Distinct tick times.
        var ticks: Int
        /// Rows in `region_sample`.
        var regionRows: Int

        /// CPU per process-sample, ns.
        var perSample: Double { samples > 0 ? cpuNs / Double(samples) : .nan }
    }

    /// Runs item 3.
    static func run(config: BenchConfig, table: ResultTable) throws {
        let memhist = try Binaries.memhist()
        var targets: [Child] = []
        defer { for target in targets { target.terminate() } }
        for _ in 0..<config.recordTargets { targets.append(try Helpers.idle()) }
        let pids = targets.map(\.pid)
        try waitUntilExecuted(pids, program: "/cat")
        let mapCounts = pids.map { HelperMode.mapCount(pid: String($0)) }.sorted()
        say(
            "\n### item 3: \(pids.count) idle /bin/cat processes, \(mapCounts.first ?? 0)…\(mapCounts.last ?? 0) "
                + "mappings each; memhist at \(memhist)")

        let duration = ["--duration", "\(config.recordSeconds)s"]
        var off: [Recording] = []
        var defaults: [Recording] = []
        for _ in 0..<config.recordRuns {
            off.append(try record(memhist, pids: pids, limit: duration, extra: ["--regions", "off"]))
            defaults.append(try record(memhist, pids: pids, limit: duration, extra: []))
        }
        var startup: [Recording] = []
        for _ in 0..<max(2, config.recordRuns) {
            startup.append(try record(memhist, pids: pids, limit: ["--samples", "1"], extra: ["--regions", "off"]))
        }
        let ticks = off.map(\.ticks).max() ?? 1

        // The floor: the same reads, as many times, in this process.
        let raw = RawReader()
        var floor: [Double] = []
        var floorWithMaps: [Double] = []
        for _ in 0..<max(3, config.recordRuns) {
            floor.append(cpuOfReads(raw, pids: pids, ticks: ticks, files: ["smaps_rollup", "stat", "status"]))
            floorWithMaps.append(
                cpuOfReads(raw, pids: pids, ticks: ticks, files: ["smaps_rollup", "stat", "status", "maps"]))
        }
        let offPer = Stats.median(off.map(\.perSample))
        let defaultPer = Stats.median(defaults.map(\.perSample))
        let floorPer = Stats.median(floor)
        let floorMapsPer = Stats.median(floorWithMaps)
        let startupCPU = Stats.median(startup.map(\.cpuNs))
        let startupSamples = startup.first?.samples ?? 0
        let marginal = off.map { ($0.cpuNs - startupCPU) / Double(max(1, $0.samples - startupSamples)) }

        func show(_ name: String, _ runs: [Recording]) {
            let text = runs.map {
                "\(Format.ns($0.cpuNs)) CPU / \($0.samples) samples (\($0.ticks) ticks, \($0.regionRows) region rows)"
            }
            say("  \(name): " + text.joined(separator: "; "))
        }
        show("--regions off", off)
        show("default regions", defaults)
        show("--samples 1 (startup + one tick)", startup)
        say(
            "  floor (reads of smaps_rollup+stat+status, \(ticks) × \(pids.count)): "
                + floor.map { Format.ns($0) }.joined(separator: ", ") + " per process-sample")
        say("  floor + maps: " + floorWithMaps.map { Format.ns($0) }.joined(separator: ", ") + " per process-sample")
        say(
            "  marginal per process-sample (total − startup run): "
                + marginal.map { Format.ns($0) }.joined(separator: ", "))

        table.add(
            item: 3, what: "CPU per process-sample, 100 procs @1s, --regions off", memhist: offPer, floor: floorPer,
            format: Format.ns, goal: Goal.absolute("≤ 0.2 ms", met: offPer <= 200_000))
        table.add(
            item: 3, what: "  same, floor incl. maps read", memhist: offPer, floor: floorMapsPer, format: Format.ns,
            goal: "")
        table.add(
            item: 3, what: "  same, marginal (minus startup + first tick)", memhist: Stats.median(marginal),
            floor: floorPer, format: Format.ns, goal: "(info)")
        table.add(
            item: 3, what: "CPU per process-sample, default regions (grouped, every 10th)", memhist: defaultPer,
            floor: floorPer, format: Format.ns, goal: "(no goal)")
    }

    /// Waits until every pid runs a program whose path ends with `program` (posix_spawn has
    /// returned before the exec is done).
    static func waitUntilExecuted(_ pids: [pid_t], program: String) throws {
        let deadline = Clock.nowNs() + 10_000_000_000
        for pid in pids {
            while !executable(pid).hasSuffix(program) {
                guard Clock.nowNs() < deadline else { throw BenchError("pid \(pid) did not start \(program)") }
                usleep(1_000)
            }
        }
    }

    private static func executable(_ pid: pid_t) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/\(pid)/exe", &buffer, buffer.count - 1)
        return count > 0 ? String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
    }

    /// Runs `memhist record` over the pids and returns what it cost and stored.
    static func record(_ memhist: String, pids: [pid_t], limit: [String], extra: [String]) throws -> Recording {
        let database = try Files.tempPath("record.db")
        let log = try Files.tempPath("record.log")
        defer { Files.removeDatabase(database) }
        let arguments =
            ["record", "--db", database, "--interval", "1s"] + limit + extra + pids.flatMap { ["--pid", String($0)] }
        let child = try Child(memhist, arguments, stdin: .null, stdout: .null, stderr: .file(log))
        let (status, usage) = child.wait()
        guard Child.exitCode(status) == 0 else {
            throw BenchError("memhist record exited with \(Child.exitCode(status)): \(Files.text(log))")
        }
        let connection = try Database(path: database, mode: .readOnly)
        let samples = Int(try connection.scalarInt("SELECT count(*) FROM sample") ?? 0)
        let ticks = Int(try connection.scalarInt("SELECT count(DISTINCT time_ms) FROM sample") ?? 0)
        let regionRows = Int(try connection.scalarInt("SELECT count(*) FROM region_sample") ?? 0)
        return Recording(cpuNs: Double(Clock.cpuNs(usage)), samples: samples, ticks: ticks, regionRows: regionRows)
    }

    /// The CPU (user + system, this process) of reading `files` of every pid `ticks` times,
    /// per process-sample, ns.
    private static func cpuOfReads(_ raw: RawReader, pids: [pid_t], ticks: Int, files: [String]) -> Double {
        let paths = pids.map { pid in files.map { "/proc/\(pid)/\($0)" } }
        let start = Clock.selfCPUNs()
        for _ in 0..<ticks {
            for group in paths {
                for path in group { raw.read(path) }
            }
        }
        return Double(Clock.selfCPUNs() - start) / Double(ticks * pids.count)
    }
}
