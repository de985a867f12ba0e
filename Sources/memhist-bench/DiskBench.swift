import Foundation
import Recorder

#if canImport(Glibc)
import Glibc
#endif

/// Item 5: bytes on disk per process-sample when the real `memhist record` records a busy
/// python3 process at 100 ms with the default settings (grouped regions every 10th tick).
///
/// A minute of recording fills only a few pages per table, so its file size is mostly page
/// granularity and the fixed schema pages. The steady state of an hours-long recording is
/// measured by storing the recorded rows again and again (times shifted by the recording's
/// span) into a fresh database of the same schema, with one host row per 10 samples: the host
/// cadence (one row per 10 s) at the default 1 s interval. The first region capture stores
/// every region and a long recording makes it once, so only the first copy keeps its rows.
enum DiskBench {
    /// How many times the recorded rows are stored for the steady state.
    static let steadyStateRepeats = 20

    /// A python3 program that allocates and frees memory in a loop, with enough modules loaded
    /// to have about 140 mappings; it exits when its stdin closes.
    static let pythonProgram = """
        import sys, os, threading, time, random
        import json, re, decimal, collections, hashlib
        def watch():
            sys.stdin.buffer.read()
            os._exit(0)
        threading.Thread(target=watch, daemon=True).start()
        keep = []
        print("ready", flush=True)
        while True:
            keep.append([str(i) * 8 for i in range(random.randint(1000, 20000))])
            keep.append(bytearray(random.randint(1, 8) * 65536))
            if len(keep) > 40:
                del keep[:random.randint(10, 40)]
            time.sleep(0.002)
        """

    /// Runs item 5.
    static func run(config: BenchConfig, table: ResultTable) throws {
        let memhist = try Binaries.memhist()
        let python = try pythonPath()
        let target = try Child(python, ["-c", pythonProgram], stdin: .pipe, stdout: .pipe)
        defer { target.terminate() }
        guard try target.readLine(timeoutMs: 30_000) == "ready" else { throw BenchError("python3 did not start") }
        usleep(300_000)
        say(
            "\n### item 5: python3 pid \(target.pid) (\(python)), "
                + "\(HelperMode.mapCount(pid: String(target.pid))) mappings at start; "
                + "memhist record --interval 100ms --samples \(config.diskSamples) (default regions)")
        let database = try Files.tempPath("disk.db")
        let log = try Files.tempPath("disk.log")
        defer { Files.removeDatabase(database) }
        let recorder = try Child(
            memhist,
            [
                "record", "--db", database, "--interval", "100ms", "--samples", String(config.diskSamples),
                "--pid", String(target.pid),
            ],
            stdout: .null, stderr: .file(log))
        let (status, _) = recorder.wait()
        guard Child.exitCode(status) == 0 else {
            throw BenchError("memhist record exited with \(Child.exitCode(status)): \(Files.text(log))")
        }
        let connection = try Database(path: database, mode: .readWrite)
        let samples = Int(try connection.scalarInt("SELECT count(*) FROM sample") ?? 0)
        let regionSamples = Int(try connection.scalarInt("SELECT count(*) FROM sample WHERE detail = 3") ?? 0)
        let regionRows = Int(try connection.scalarInt("SELECT count(*) FROM region_sample") ?? 0)
        let labels = Int(try connection.scalarInt("SELECT count(*) FROM region") ?? 0)
        let maps =
            try connection.prepare("SELECT min(map_count), max(map_count), avg(map_count) FROM sample")
            .rows { "\($0.int(0))…\($0.int(1)) (mean \(Format.number($0.double(2), 0)))" }.first ?? "?"
        let walBefore = Files.size(database + "-wal")
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let fileBytes = Files.size(database)
        let walBytes = Files.size(database + "-wal")
        let pageSize = Int(try connection.scalarInt("PRAGMA page_size") ?? 0)
        let pages = Int(try connection.scalarInt("PRAGMA page_count") ?? 0)
        let freePages = Int(try connection.scalarInt("PRAGMA freelist_count") ?? 0)
        let perSample = Double(fileBytes + walBytes) / Double(max(samples, 1))
        say(
            "  \(samples) samples (\(regionSamples) with regions, \(regionRows) region rows, \(labels) labels), "
                + "map_count \(maps)")
        say(
            "  WAL before checkpoint \(Format.bytes(Double(walBefore))); after: db \(Format.count(fileBytes)) B + "
                + "wal \(walBytes) B = \(Format.number(perSample)) B per sample; page size \(pageSize), "
                + "\(pages) pages, \(freePages) free")
        table.add(
            ResultRow(
                item: 5, what: "file bytes per process-sample, python3, 100 ms, defaults (\(samples) samples)",
                memhist: "\(Format.number(perSample)) B", floor: "-", ratio: "-",
                goal: "(info: a minute's file is mostly fixed pages)"))
        if let growing = try breakdown(connection, samples: samples, regionRows: regionRows) {
            table.add(
                ItemRow.growing(
                    "  of which growing tables (excl. fixed schema pages)", bytes: growing.bytes,
                    payload: growing.payload, goal: "(info: pages not yet full)"))
        }
        let steady = try Files.tempPath("disk-steady.db")
        defer { Files.removeDatabase(steady) }
        let repeated = try repeatRecording(database, into: steady, times: steadyStateRepeats)
        say(
            "\n  steady state: the recorded rows stored \(steadyStateRepeats) times (\(repeated) samples), "
                + "one host row per 10 samples:")
        let steadyConnection = try Database(path: steady, mode: .readOnly)
        let steadyRegionRows = Int(try steadyConnection.scalarInt("SELECT count(*) FROM region_sample") ?? 0)
        if let growing = try breakdown(steadyConnection, samples: repeated, regionRows: steadyRegionRows) {
            table.add(
                ItemRow.growing(
                    "bytes per process-sample, steady state (\(repeated) samples, 1 host row per 10)",
                    bytes: growing.bytes, payload: growing.payload,
                    goal: Goal.absolute("≤ 100 B", met: growing.bytes <= 100)))
        }
    }

    /// Stores the rows of the recording at `recorded` `times` times into a new database at
    /// `path`, each copy shifted by the recording's span, the way a longer recording appends;
    /// returns the number of samples stored.
    private static func repeatRecording(_ recorded: String, into path: String, times: Int) throws -> Int {
        let store = try HistoryStore(path: path, access: .create)
        let database = store.database
        try database.execute("ATTACH DATABASE '\(recorded.replacingOccurrences(of: "'", with: "''"))' AS recorded")
        try database.inTransaction {
            try database.execute(
                """
                INSERT INTO session SELECT * FROM recorded.session;
                INSERT INTO process SELECT * FROM recorded.process;
                INSERT INTO region SELECT * FROM recorded.region;
                """)
        }
        guard
            let span = try database.scalarInt(
                "SELECT max(time_ms) - min(time_ms) + 100 FROM recorded.sample")
        else { throw BenchError("the recording stored no samples") }
        for copy in 0..<Int64(times) {
            let shift = copy * span
            try database.inTransaction {
                try database.execute(
                    """
                    INSERT INTO sample SELECT process_id, time_ms + \(shift), detail, map_count, resident_size,
                        proportional_size, shared_clean_size, shared_dirty_size, private_clean_size, private_dirty_size,
                        referenced_size, anonymous_size, swap_size, proportional_swap_size, minor_faults, major_faults,
                        peak_resident_size, thread_count, rss_anon, rss_file, rss_shmem, vm_swap
                    FROM recorded.sample ORDER BY process_id, time_ms;
                    INSERT INTO region_sample SELECT process_id, time_ms + \(shift), region_id, start_address,
                        mapping_count, size, resident_size, proportional_size, shared_clean_size, shared_dirty_size,
                        private_clean_size, private_dirty_size, referenced_size, anonymous_size, swap_size,
                        proportional_swap_size
                    FROM recorded.region_sample
                    WHERE \(copy) = 0 OR time_ms > (SELECT min(time_ms) FROM recorded.region_sample)
                    ORDER BY process_id, time_ms;
                    INSERT INTO host_sample
                    SELECT h.session_id, s.time_ms + \(shift), h.mem_total, h.mem_available, h.swap_total, h.swap_free,
                           h.cgroup_usage, h.cgroup_limit
                    FROM (SELECT time_ms, row_number() OVER (ORDER BY time_ms) AS n FROM recorded.sample) s
                    JOIN recorded.host_sample h
                      ON h.time_ms = (SELECT max(x.time_ms) FROM recorded.host_sample x WHERE x.time_ms <= s.time_ms)
                    WHERE s.n % 10 = 1 ORDER BY s.time_ms;
                    """)
            }
        }
        try database.execute("DETACH DATABASE recorded")
        try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return Int(try database.scalarInt("SELECT count(*) FROM sample") ?? 0)
    }

    /// Prints the pages per table and index from `dbstat`; returns the bytes per sample of the
    /// tables and indexes that grow with samples, and their payload. Nil when `dbstat` is not
    /// compiled in.
    private static func breakdown(
        _ connection: Database, samples: Int, regionRows: Int
    ) throws -> (bytes: Double, payload: Double)? {
        let statement: Statement
        do {
            statement = try connection.prepare(
                """
                SELECT name, count(*), sum(pgsize), sum(payload), sum(unused), sum(ncell)
                FROM dbstat GROUP BY name ORDER BY sum(pgsize) DESC
                """)
        } catch {
            say("  (no dbstat in this SQLite: no page breakdown)")
            return nil
        }
        let growing: Set<String> = ["sample", "region_sample", "host_sample"]
        var growingBytes = 0
        var growingPayload = 0
        say("  pages by table/index (dbstat):")
        say("    name                         pages      bytes    payload     unused    cells  bytes/sample")
        _ = try statement.rows { row in
            let name = row.text(0) ?? "?"
            let bytes = row.int(2)
            if growing.contains(name) {
                growingBytes += bytes
                growingPayload += row.int(3)
            }
            let columns = [
                String(row.int(1)), String(bytes), String(row.int(3)), String(row.int(4)), String(row.int(5)),
            ].map { $0.leftPadded(to: 10) }
            say(
                "    " + name.padding(toLength: 26, withPad: " ", startingAt: 0) + columns.joined(separator: " ")
                    + "  " + Format.number(Double(bytes) / Double(max(samples, 1))).leftPadded(to: 12))
        }
        let perSample = Double(growingBytes) / Double(max(samples, 1))
        let payload = Double(growingPayload) / Double(max(samples, 1))
        say(
            "  growing tables+indexes: \(Format.number(perSample)) B per sample (payload \(Format.number(payload)) B); "
                + "region rows per sample \(Format.number(Double(regionRows) / Double(max(samples, 1)), 2))")
        return (perSample, payload)
    }

    /// Result rows of item 5.
    private enum ItemRow {
        static func growing(_ what: String, bytes: Double, payload: Double, goal: String) -> ResultRow {
            ResultRow(
                item: 5, what: what, memhist: "\(Format.number(bytes)) B", floor: "\(Format.number(payload)) B payload",
                ratio: Format.ratio(bytes / payload), goal: goal)
        }
    }

    /// The real python3 executable (not a pyenv shim), so its pid is python's.
    private static func pythonPath() throws -> String {
        let output = try Files.tempPath("python.txt")
        let probe = try Child(
            "/usr/bin/env", ["python3", "-c", "import sys; print(sys.executable)"], stdout: .file(output))
        let (status, _) = probe.wait()
        let path = Files.text(output).trimmingCharacters(in: .whitespacesAndNewlines)
        guard Child.exitCode(status) == 0, !path.isEmpty else { throw BenchError("python3 not found") }
        return path
    }
}

extension String {
    /// The string with spaces in front up to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
