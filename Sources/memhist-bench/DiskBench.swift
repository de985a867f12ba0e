import Foundation
import Recorder

#if canImport(Glibc)
import Glibc
#endif

/// Item 5: bytes on disk per process-sample when the real `memhist record` records a busy
/// python3 process at 100 ms with the default settings (grouped regions every 10th tick).
enum DiskBench {
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
        let regionSamples = Int(try connection.scalarInt("SELECT count(*) FROM sample WHERE region_rows > 0") ?? 0)
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
                item: 5, what: "bytes on disk per process-sample, python3, 100 ms, defaults (\(samples) samples)",
                memhist: "\(Format.number(perSample)) B", floor: "-", ratio: "-",
                goal: Goal.absolute("≤ 100 B", met: perSample <= 100)))
        if let growing = try breakdown(connection, samples: samples, regionRows: regionRows) {
            table.add(
                ResultRow(
                    item: 5, what: "  of which growing tables+indexes (excl. fixed schema pages)",
                    memhist: "\(Format.number(growing.bytes)) B", floor: "\(Format.number(growing.payload)) B payload",
                    ratio: Format.ratio(growing.bytes / growing.payload),
                    goal: Goal.absolute("≤ 100 B (steady state)", met: growing.bytes <= 100)))
        }
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
        let growing: Set<String> = [
            "sample", "sample_by_process", "region_sample", "region_sample_by_sample", "host_sample",
        ]
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
