import Foundation
import Recorder

#if canImport(Glibc)
import Glibc
#endif

/// Item 12: the bytes `memhist record` writes for each byte its database keeps, with default
/// options, for idle processes at 100 ms (10 and 300 of them) and at the default 1 s (10).
///
/// Written is the recorder's `wchar` (/proc/PID/io: every byte passed to write(2) and its kin,
/// whether or not it reached the disk), read once it has exited but before it is reaped
/// (`waitid` with `WNOWAIT`), less what it wrote to its stdout and stderr. Kept is the database
/// file's size after the recorder exits (it checkpoints its WAL at the end). The marginal per
/// tick (a long run minus a short one, over the extra ticks) leaves out the schema's fixed pages
/// and what start and end write once.
enum WriteAmplificationBench {
    /// What one recording wrote and kept.
    struct Recording {
        /// Bytes passed to write(2) (`wchar`), less the logs.
        var written: Int
        /// Bytes the kernel sent to storage (`write_bytes`), for comparison.
        var storage: Int
        /// The database file's size, its WAL's size and SQLite's `page_count * page_size`.
        var kept: Int
        var wal: Int
        var pages: Int
        /// Distinct tick times and sample rows.
        var ticks: Int
        var samples: Int
    }

    /// One setting: processes, interval, and the two durations.
    struct Setting {
        var processes: Int
        var intervalMs: Int
        var shortSeconds: Int
        var longSeconds: Int

        var name: String { "\(processes) procs @\(intervalMs >= 1_000 ? "\(intervalMs / 1_000)s" : "\(intervalMs)ms")" }
    }

    static func run(config: BenchConfig, table: ResultTable) throws {
        let memhist = try Binaries.memhist()
        let settings = [
            Setting(
                processes: 10, intervalMs: 100, shortSeconds: config.quick ? 3 : 5, longSeconds: config.quick ? 12 : 30),
            Setting(
                processes: 300, intervalMs: 100, shortSeconds: config.quick ? 3 : 5, longSeconds: config.quick ? 12 : 30
            ),
            Setting(
                processes: 10, intervalMs: 1_000, shortSeconds: config.quick ? 5 : 10,
                longSeconds: config.quick ? 15 : 60),
        ]
        var targets: [Child] = []
        defer { for target in targets { target.terminate() } }
        for _ in 0..<(settings.map(\.processes).max() ?? 0) { targets.append(try Helpers.idle()) }
        let pids = targets.map(\.pid)
        try RecorderCPUBench.waitUntilExecuted(pids, program: "/cat")
        say(
            "\n### item 12: bytes written per byte kept, idle /bin/cat processes, default options; every recording "
                + "at once (bytes do not depend on the CPU left over): "
                + settings.map { "\($0.name) for \($0.shortSeconds) s and \($0.longSeconds) s" }.joined(separator: ", ")
        )

        // Start them all, then collect each: the longest sets the wall time.
        var running: [(setting: Setting, seconds: Int, started: Started)] = []
        for setting in settings {
            for seconds in [setting.shortSeconds, setting.longSeconds] {
                let started = try start(
                    memhist, pids: Array(pids.prefix(setting.processes)), intervalMs: setting.intervalMs,
                    seconds: seconds)
                running.append((setting, seconds, started))
            }
        }
        var results: [Recording] = []
        for entry in running { results.append(try finish(entry.started)) }

        for (index, setting) in settings.enumerated() {
            let short = results[2 * index]
            let long = results[2 * index + 1]
            for (seconds, recording) in [(setting.shortSeconds, short), (setting.longSeconds, long)] {
                say(
                    "  \(setting.name), \(seconds) s: \(recording.ticks) ticks, \(recording.samples) samples; written "
                        + "\(Format.bytes(Double(recording.written))) (write_bytes \(Format.bytes(Double(recording.storage)))), "
                        + "kept \(Format.bytes(Double(recording.kept))) (page_count × page_size "
                        + "\(Format.bytes(Double(recording.pages))), WAL \(recording.wal) B): "
                        + Format.ratio(Double(recording.written) / Double(recording.kept)))
            }
            let extraTicks = long.ticks - short.ticks
            guard extraTicks > 0 else {
                throw BenchError("\(setting.name): the long run has \(long.ticks) ticks, the short \(short.ticks)")
            }
            let writtenPerTick = Double(long.written - short.written) / Double(extraTicks)
            let keptPerTick = Double(long.kept - short.kept) / Double(extraTicks)
            say(
                "    marginal per tick: written \(Format.bytes(writtenPerTick)), kept \(Format.bytes(keptPerTick)) "
                    + "(\(Format.bytes(keptPerTick / Double(setting.processes))) a process-sample)")
            let whole = Double(long.written) / Double(long.kept)
            table.add(
                item: 12, what: "bytes written ÷ kept, \(setting.name), \(setting.longSeconds) s, defaults",
                memhist: Double(long.written), floor: Double(long.kept), format: Format.bytes,
                goal: Goal.ratio(whole, atMost: 3))
            table.add(
                item: 12,
                what: "  same, marginal per tick (\(setting.longSeconds) s − \(setting.shortSeconds) s)",
                memhist: writtenPerTick, floor: keptPerTick, format: Format.bytes,
                goal: keptPerTick > 0 ? Goal.ratio(writtenPerTick / keptPerTick, atMost: 3) : "(kept did not grow)")
        }
    }

    /// A recorder started and the files it was given.
    struct Started {
        var child: Child
        var database: String
        var output: String
        var errors: String
    }

    /// Starts `memhist record` over `pids` for `seconds`, with default options.
    static func start(_ memhist: String, pids: [pid_t], intervalMs: Int, seconds: Int) throws -> Started {
        let database = try Files.tempPath("written.db")
        let output = try Files.tempPath("written.out")
        let errors = try Files.tempPath("written.err")
        let arguments =
            ["record", "--db", database, "--interval", "\(intervalMs)ms", "--duration", "\(seconds)s"]
            + pids.flatMap { ["--pid", String($0)] }
        let child = try Child(memhist, arguments, stdin: .null, stdout: .file(output), stderr: .file(errors))
        return Started(child: child, database: database, output: output, errors: errors)
    }

    /// Waits for a recorder to exit, reads its I/O counters before reaping it, then measures its
    /// database.
    /// - Throws: when it failed, or wrote or kept nothing.
    static func finish(_ started: Started) throws -> Recording {
        defer { Files.removeDatabase(started.database) }
        var info = siginfo_t()
        while waitid(P_PID, id_t(started.child.pid), &info, WEXITED | WNOWAIT) != 0 {
            guard errno == EINTR else { throw BenchError("waitid: \(String(cString: strerror(errno)))") }
        }
        let io = Files.text("/proc/\(started.child.pid)/io")
        let (status, _) = started.child.wait()
        guard Child.exitCode(status) == 0 else {
            throw BenchError("memhist record exited with \(Child.exitCode(status)): \(Files.text(started.errors))")
        }
        func counter(_ name: String) -> Int? {
            io.split(separator: "\n").first { $0.hasPrefix(name + ":") }
                .flatMap { Int($0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)) }
        }
        guard let wchar = counter("wchar"), let storage = counter("write_bytes") else {
            throw BenchError("no I/O counters for memhist's pid \(started.child.pid): '\(io)'")
        }
        let written = wchar - Files.size(started.output) - Files.size(started.errors)
        // Sizes first: opening the database may create its WAL again.
        let kept = Files.size(started.database)
        let wal = Files.size(started.database + "-wal")
        let connection = try Database(path: started.database, mode: .readOnly)
        let pageCount = Int(try connection.scalarInt("PRAGMA page_count") ?? 0)
        let pageSize = Int(try connection.scalarInt("PRAGMA page_size") ?? 0)
        let ticks = Int(try connection.scalarInt("SELECT count(DISTINCT time_ms) FROM sample") ?? 0)
        let samples = Int(try connection.scalarInt("SELECT count(*) FROM sample") ?? 0)
        guard written > 0, kept > 0, ticks > 0 else {
            throw BenchError(
                "memhist wrote \(written) B, kept \(kept) B in \(ticks) ticks: \(Files.text(started.errors))")
        }
        return Recording(
            written: written, storage: storage, kept: kept, wal: wal, pages: pageCount * pageSize, ticks: ticks,
            samples: samples)
    }
}
