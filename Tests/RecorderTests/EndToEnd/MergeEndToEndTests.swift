import Foundation
import Testing

@testable import Recorder

/// `memhist merge`: real recordings of two "machines" (one recorded, then given another host name)
/// merged into one database that reports as the two did, once however often it is merged; and
/// `report --host` choosing among them.
@Suite("merge: recordings of several machines in one database")
struct MergeEndToEndTests {
    /// Records a short leak into `name` in `directory`, then names its session's host `host`, as if
    /// it had been recorded on another machine.
    static func record(_ name: String, host: String, in directory: URL) throws {
        let path = directory.appendingPathComponent(name).path
        let run = try TestSupport.memhist([
            "record", "--db", path, "--interval", "100ms", "--samples", "8", "--quiet", "--",
            TestSupport.memhistPath, "workload", "leak", "--rate", "8MiB", "--duration", "1s",
        ])
        try #require(run.status == 0, "\(run.stderr)")
        let database = try Database(path: path, mode: .readWrite)
        try database.prepare("UPDATE session SET host = ?").run([.text(host)])
    }

    /// The row count of every table the merge copies.
    static func rowCounts(_ path: String) throws -> [String: Int64] {
        let database = try Database(path: path, mode: .readOnly)
        var counts: [String: Int64] = [:]
        for table in DatabaseMerge.copiedTables {
            counts[table] = try database.scalarInt("SELECT count(*) FROM \(table)")
        }
        return counts
    }

    /// The processes of `report --format json`, each as sorted JSON text without its session id
    /// (which the merge renumbers).
    static func reportedProcesses(_ arguments: [String], in directory: URL) throws -> [String] {
        let run = try TestSupport.memhist(["report", "--format", "json"] + arguments, in: directory)
        try #require(run.status == 0, "\(run.stderr)")
        let processes = try #require(try TestSupport.jsonObject(run.stdout)["processes"] as? [[String: Any]])
        return try processes.map { process in
            var process = process
            process["session"] = nil
            let data = try JSONSerialization.data(withJSONObject: process, options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }.sorted()
    }

    /// Whether `run` failed with status 1 and one line on stderr that starts `Error:`.
    static func failedWithOneLine(_ run: TestSupport.Run) -> Bool {
        run.status == 1 && run.stderr.hasPrefix("Error: ") && run.stderr.split(separator: "\n").count == 1
    }

    @Test func twoMachinesMergeIntoOneDatabaseThatReportsAsTheyDid() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.record("web1.db", host: "web1", in: directory)
        try Self.record("web2.db", host: "web2", in: directory)

        let run = try TestSupport.memhist(["merge", "--into", "all.db", "web1.db", "web2.db"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.contains(": 1 session merged (") && $0.hasSuffix(" samples)") }, "\(lines)")
        #expect(lines.first?.hasPrefix("web1.db: ") == true)

        let all = directory.appendingPathComponent("all.db").path
        var info = stat()
        #expect(lstat(all, &info) == 0 && info.st_mode & 0o777 == 0o600)
        let one = try Self.rowCounts(directory.appendingPathComponent("web1.db").path)
        let two = try Self.rowCounts(directory.appendingPathComponent("web2.db").path)
        let merged = try Self.rowCounts(all)
        for table in DatabaseMerge.copiedTables where table != "region" {
            #expect(merged[table] == one[table]! + two[table]!, "\(table)")
        }
        #expect(merged["sample"] ?? 0 >= 16)
        #expect(merged["region_sample"] ?? 0 > 0)
        // Region labels are shared: the target holds each label once.
        let labels = try Database(path: all, mode: .readOnly).scalarInt("SELECT count(DISTINCT label) FROM region")
        #expect(merged["region"] == labels)
        #expect(merged["region"] ?? 0 < one["region"]! + two["region"]!, "both ran the same binaries")

        let sessions = try TestSupport.memhist(["sessions", "--db", "all.db", "--format", "json"], in: directory)
        let listed = try #require(try TestSupport.jsonObject(sessions.stdout)["sessions"] as? [[String: Any]])
        #expect(listed.compactMap { $0["host"] as? String } == ["web1", "web2"])

        let reported = try Self.reportedProcesses(["--db", "all.db", "--session", "all"], in: directory)
        let separately =
            try Self.reportedProcesses(["--db", "web1.db"], in: directory)
            + Self.reportedProcesses(["--db", "web2.db"], in: directory)
        #expect(reported.count == separately.count)
        #expect(reported == separately.sorted())

        let check = try TestSupport.memhist(["check", "--db", "all.db"], in: directory)
        #expect(check.status == 0, "\(check.stdout)")
    }

    @Test func mergingTheSameRecordingsAgainAddsNothing() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.record("web1.db", host: "web1", in: directory)
        try FileManager.default.copyItem(
            at: directory.appendingPathComponent("web1.db"), to: directory.appendingPathComponent("copy.db"))
        let first = try TestSupport.memhist(["merge", "--into", "all.db", "web1.db"], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        let all = directory.appendingPathComponent("all.db").path
        let counts = try Self.rowCounts(all)

        let again = try TestSupport.memhist(
            ["merge", "--into", "all.db", "web1.db", "copy.db", "all.db", "web1.db"], in: directory)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            again.stdout == """
                web1.db: 0 sessions merged, 1 already present
                copy.db: 0 sessions merged, 1 already present
                all.db: the target itself, skipped
                web1.db: 0 sessions merged, 1 already present

                """)
        #expect(try Self.rowCounts(all) == counts)
    }

    @Test func aMissingForeignOrDamagedSourceFailsBeforeAnythingIsWritten() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.record("web1.db", host: "web1", in: directory)
        try Self.record("web2.db", host: "web2", in: directory)
        let first = try TestSupport.memhist(["merge", "--into", "all.db", "web1.db"], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        let all = directory.appendingPathComponent("all.db")
        let before = try Data(contentsOf: all)

        // Not SQLite at all.
        let garbage = directory.appendingPathComponent("garbage.db")
        try Data("not a database, just text\n".utf8).write(to: garbage)
        // Another application's SQLite file.
        let foreign = directory.appendingPathComponent("foreign.db").path
        try TestSupport.privateDatabase(foreign).execute(
            "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x')")
        // A recording whose pages were overwritten after its header.
        let damaged = directory.appendingPathComponent("damaged.db")
        var bytes = try Data(contentsOf: directory.appendingPathComponent("web2.db"))
        try #require(bytes.count > 3 * 4096)
        bytes.replaceSubrange(4096..<3 * 4096, with: Data(repeating: 0xA5, count: 2 * 4096))
        try bytes.write(to: damaged)
        chmod(damaged.path, 0o600)

        for bad in ["missing.db", "garbage.db", "foreign.db", "damaged.db"] {
            // The good source comes first: it is not merged either.
            let run = try TestSupport.memhist(["merge", "--into", "all.db", "web2.db", bad], in: directory)
            #expect(Self.failedWithOneLine(run), "\(bad): \(run.status) \(run.stderr)")
            #expect(run.stderr.contains(bad), "\(run.stderr)")
            #expect(run.stdout.isEmpty)
            #expect(try Data(contentsOf: all) == before, "\(bad)")
            let new = try TestSupport.memhist(["merge", "--into", "new.db", "web2.db", bad], in: directory)
            #expect(Self.failedWithOneLine(new), "\(bad): \(new.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("new.db").path))
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!files.contains { $0.hasPrefix("all.db-") || $0.hasPrefix("new.db") }, "\(files)")

        let usage = try TestSupport.memhist(["merge", "--into", "all.db"], in: directory)
        #expect(usage.status == 64)
    }

    @Test func aMergeKilledMidwayLeavesWholeSessionsAndTheNextOneFinishes() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Three sessions of 20 processes × 4,000 samples, a region row every 10th sample: each takes
        // a moment to copy.
        let source = directory.appendingPathComponent("big.db").path
        try HistoryStore(path: source, access: .create).database.execute(
            """
            INSERT INTO session (started_ms, ended_ms, stop_reason, host, kernel, page_size, clock_ticks,
                                 interval_ms, selection, regions_mode, regions_every, memhist_version)
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3)
            SELECT 1700000000000 + i * 1000000, 1700000000000 + i * 1000000 + 400000, 'samples', 'big', 'k',
                   4096, 100, 100, '--all', 'grouped', 10, 'test' FROM n;
            INSERT INTO process (session_id, pid, start_ticks, name, command, first_seen_ms, last_seen_ms)
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
            SELECT s.id, 1000 + i, i, 'p', 'p ' || i, s.started_ms, s.started_ms + 400000 FROM session s, n;
            INSERT INTO sample (process_id, time_ms, detail, resident_size, proportional_size)
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)
            SELECT p.id, p.first_seen_ms + i * 100, 3, 1000000 + i, 500000 + i FROM process p, n;
            INSERT INTO region (label, kind) VALUES ('[heap]', 'heap'), ('/lib/x.so', 'file');
            INSERT INTO region_sample (process_id, time_ms, region_id, start_address, mapping_count, size,
                resident_size, proportional_size, shared_clean_size, shared_dirty_size, private_clean_size,
                private_dirty_size, referenced_size, anonymous_size, swap_size, proportional_swap_size)
            SELECT x.process_id, x.time_ms, r.id, '', 1, 4096, x.time_ms % 7777, 4096, 0, 0, 0, 4096, 4096, 0, 0, 0
            FROM sample x, region r WHERE x.time_ms % 1000 = 0;
            """)
        /// Per session (by its selection and start), its samples and region rows.
        func perSession(_ path: String) throws -> [String: [Int64]] {
            var counts: [String: [Int64]] = [:]
            let database = try Database(path: path, mode: .readOnly)
            _ = try database.prepare(
                """
                SELECT s.started_ms, (SELECT count(*) FROM sample x JOIN process p ON p.id = x.process_id
                                      WHERE p.session_id = s.id),
                       (SELECT count(*) FROM region_sample x JOIN process p ON p.id = x.process_id
                        WHERE p.session_id = s.id)
                FROM session s
                """
            ).rows { counts[String($0.int64(0))] = [$0.int64(1), $0.int64(2)] }
            return counts
        }
        let expected = try perSession(source)
        #expect(expected.count == 3)

        let target = directory.appendingPathComponent("all.db").path
        let merge = try TestSupport.start(TestSupport.memhistPath, ["merge", "--into", target, source])
        #expect(TestSupport.waitUntil(seconds: 60) { FileManager.default.fileExists(atPath: target) })
        Thread.sleep(forTimeInterval: 0.3)
        kill(merge.processIdentifier, SIGKILL)
        merge.waitUntilExit()

        // Whatever the moment, the target is whole and every session in it is complete.
        let check = try TestSupport.memhist(["check", "--db", target])
        #expect(check.status == 0, "\(check.stdout)")
        // Usually mid-merge; on a fast machine it may have finished, which the checks allow.
        let partial = try perSession(target)
        for (session, counts) in partial { #expect(counts == expected[session], "\(session)") }

        let again = try TestSupport.memhist(["merge", "--into", target, source])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("\(3 - partial.count) session"), "\(again.stdout)")
        #expect(try perSession(target) == expected)
    }

    @Test func reportAndCompareChooseSessionsByHost() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.record("web1.db", host: "web1", in: directory)
        try Self.record("web2.db", host: "web2", in: directory)
        try Self.record("web1-later.db", host: "web1", in: directory)
        let merged = try TestSupport.memhist(
            ["merge", "--into", "all.db", "web1.db", "web2.db", "web1-later.db"], in: directory)
        #expect(merged.status == 0, "\(merged.stderr)")

        func sessions(_ arguments: [String]) throws -> [String] {
            let run = try TestSupport.memhist(
                ["report", "--db", "all.db", "--format", "json"] + arguments, in: directory)
            try #require(run.status == 0, "\(run.stderr)")
            let listed = try #require(try TestSupport.jsonObject(run.stdout)["sessions"] as? [[String: Any]])
            return listed.map { "\($0["id"] ?? "") \($0["host"] ?? "")" }
        }
        #expect(try sessions([]) == ["3 web1"])
        #expect(try sessions(["--host", "web2"]) == ["2 web2"])
        #expect(try sessions(["--host", "web1", "--session", "all"]) == ["1 web1", "3 web1"])
        #expect(try sessions(["--host", "web1", "--host", "web2", "--session", "all"]).count == 3)
        #expect(try sessions(["--host", "web1", "--session", "1"]) == ["1 web1"])
        #expect(
            try Self.reportedProcesses(["--db", "all.db", "--host", "web2"], in: directory)
                == (try Self.reportedProcesses(["--db", "web2.db"], in: directory)))

        let export = try TestSupport.memhist(
            ["export", "--db", "all.db", "--host", "web1", "--session", "all", "--format", "json"], in: directory)
        #expect(export.status == 0, "\(export.stderr)")
        let exported = try #require(try TestSupport.jsonObject(export.stdout)["sessions"] as? [[String: Any]])
        #expect(exported.compactMap { $0["host"] as? String } == ["web1", "web1"])

        let unknown = try TestSupport.memhist(["report", "--db", "all.db", "--host", "db9"], in: directory)
        #expect(Self.failedWithOneLine(unknown), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("no session recorded on host db9 (hosts: web1, web2)"), "\(unknown.stderr)")
        let elsewhere = try TestSupport.memhist(
            ["report", "--db", "all.db", "--host", "web2", "--session", "1"], in: directory)
        #expect(Self.failedWithOneLine(elsewhere), "\(elsewhere.stderr)")

        // One host: its two sessions, the one before the latest against the latest.
        let one = try TestSupport.memhist(["compare", "--db", "all.db", "--host", "web1"], in: directory)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.hasPrefix("A: all.db session 1\nB: all.db session 3\n"), "\(one.stdout)")
        // Two hosts: the latest of each.
        let two = try TestSupport.memhist(
            ["compare", "--db", "all.db", "--host", "web2", "--host", "web1"], in: directory)
        #expect(two.status == 0, "\(two.stderr)")
        #expect(two.stdout.hasPrefix("A: all.db session 2\nB: all.db session 3\n"), "\(two.stdout)")
    }
}
