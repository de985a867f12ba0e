import Foundation
import Testing

@testable import Recorder

/// `memhist report` over a database written as a recording writes it, with fixed times and sizes:
/// a shell, a leaker and a steady process under the same interpreter, and a loop's short-lived
/// sleeps; and a second session, still open, with the leaker again.
@Suite("end to end: the report table, its filters and groups")
struct ReportTableEndToEndTests {
    static let startMs: Int64 = 1_700_000_000_000
    static let interpreter = "/opt/pyenv/versions/3.11.7/bin/python3"

    /// Writes the database at `path`.
    static func record(_ path: String) throws {
        let store = try HistoryStore(path: path, access: .create)
        func add(_ session: Int64, pid: Int32, parent: Int32, _ command: String, firstMs: Int64) throws -> Int64 {
            let name = String(command.split(separator: " ")[0].split(separator: "/").last!.prefix(15))
            let identity = ProcessIdentity(
                pid: pid, startTime: UInt64(firstMs - startMs), parentPid: parent, name: name, commandLine: command,
                executable: nil)
            return try store.addProcess(sessionID: session, identity: identity, startedMs: nil, firstSeenMs: firstMs)
        }
        let first = try store.beginSession(HistoryStoreTests.sessionInfo(startedMs: startMs))
        let shell = try add(first, pid: 100, parent: 1, "/bin/bash run.sh", firstMs: startMs)
        let leaker = try add(first, pid: 101, parent: 100, "\(interpreter) leaker.py --rate 4", firstMs: startMs)
        let steady = try add(first, pid: 102, parent: 100, "\(interpreter) steady.py", firstMs: startMs)
        var sleeps: [Int: Int64] = [:]
        for index in 0..<5 {
            sleeps[10 + index * 10] = try add(
                first, pid: Int32(110 + index), parent: 100, "/bin/sleep 1",
                firstMs: startMs + Int64(10 + index * 10) * 1000)
        }
        for tick in 0..<60 {
            let time = startMs + Int64(tick) * 1000
            var samples: [HistoryStore.TickSample] = [
                .init(
                    processID: shell, capture: HistoryStoreTests.capture(timeMs: time, pss: 2 << 20), regionRows: nil),
                .init(
                    processID: leaker, capture: HistoryStoreTests.capture(timeMs: time, pss: (10 + tick) << 20),
                    regionRows: nil),
                .init(
                    processID: steady, capture: HistoryStoreTests.capture(timeMs: time, pss: 20 << 20), regionRows: nil),
            ]
            // Each sleep is sampled once or twice.
            for (start, id) in sleeps where tick == start || (tick == start + 1 && start % 20 == 0) {
                samples.append(
                    .init(
                        processID: id, capture: HistoryStoreTests.capture(timeMs: time, pss: 1 << 20), regionRows: nil))
            }
            try store.writeTick(sessionID: first, timeMs: time, samples: samples, host: nil)
        }
        try store.endSession(id: first, endedMs: startMs + 60_000, reason: "samples")
        let second = try store.beginSession(HistoryStoreTests.sessionInfo(startedMs: startMs + 100_000))
        let again = try add(
            second, pid: 201, parent: 1, "\(interpreter) leaker.py --rate 4", firstMs: startMs + 100_000)
        for tick in 0..<60 {
            let time = startMs + 100_000 + Int64(tick) * 1000
            try store.writeTick(
                sessionID: second, timeMs: time,
                samples: [
                    .init(
                        processID: again, capture: HistoryStoreTests.capture(timeMs: time, pss: (10 + 2 * tick) << 20),
                        regionRows: nil)
                ], host: nil)
        }
    }

    /// `memhist ARGUMENTS` with `COLUMNS` set: its output is a pipe, so that is the width.
    static func memhist(_ arguments: [String], columns: Int = 200) throws -> TestSupport.Run {
        try TestSupport.run("/usr/bin/env", ["COLUMNS=\(columns)", TestSupport.memhistPath] + arguments)
    }

    /// The pids in `report --format json`'s processes.
    static func pids(_ run: TestSupport.Run) throws -> [Int] {
        try RecordEndToEndTests.processes(try TestSupport.jsonObject(run.stdout)).compactMap { $0["pid"] as? Int }
    }

    @Test func theTableTellsTheInterpretersApartSortsFoldsAndNamesSessions() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("table.db").path
        try Self.record(db)

        let table = try Self.memhist(["report", "--db", db, "--session", "all"])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.contains { $0.hasPrefix("Session 1: ") && $0.contains(" to ") })
        #expect(lines.contains { $0.hasPrefix("Session 2: from ") && $0.contains("still recording") })
        let header = try #require(lines.firstIndex { $0.hasPrefix("SESSION  PID  COMMAND") }, "\(table.stdout)")
        let rows = lines[(header + 1)...].prefix { !$0.isEmpty }.map { $0.split(separator: " ").joined(separator: " ") }
        #expect(
            rows.map { String($0.prefix(36)) } == [
                "2 201 python3 leaker.py --rate 4 60 ", "1 101 python3 leaker.py --rate 4 60 ",
                "1 100 bash run.sh 60 2.0 MiB 2.0 MiB", "1 102 python3 steady.py 60 20.0 MiB ",
                "1 sleep 1 (×5 short-lived, 1–2 sampl",
            ], "\(table.stdout)")
        #expect(rows[0].hasSuffix("growing (100%)"))
        #expect(rows[4] == "1 sleep 1 (×5 short-lived, 1–2 samples each)")
        #expect(table.stdout.contains("\n101 (session 1) \(Self.interpreter) leaker.py --rate 4: "))
        #expect(!table.stdout.contains("\n110 "))
        // A pipe without COLUMNS: 120, where COMMAND gets its 20 columns.
        let narrow = try TestSupport.run(
            "/usr/bin/env", ["-u", "COLUMNS", TestSupport.memhistPath, "report", "--db", db, "--session", "1"])
        #expect(narrow.stdout.contains("\n101  python3 leaker.py -…  "), "\(narrow.stdout)")

        // JSON keeps every process; the filters choose among them.
        #expect(try Self.pids(Self.memhist(["report", "--db", db, "--session", "1", "--format", "json"])).count == 8)
        let growing = try Self.memhist([
            "report", "--db", db, "--session", "all", "--verdict", "growing", "--format", "json",
        ])
        #expect(try Self.pids(growing) == [101, 201])
        let two = try Self.memhist([
            "report", "--db", db, "--session", "1", "--pid", "102", "--pid", "110", "--verdict", "stable", "--verdict",
            "insufficient_data",
            "--format", "json",
        ])
        #expect(try Self.pids(two) == [102, 110])
        #expect(
            try Self.pids(
                Self.memhist(["report", "--db", db, "--session", "1", "--match", "steady\\.py$", "--format", "json"]))
                == [102])
        let none = try Self.memhist(["report", "--db", db, "--session", "1", "--verdict", "shrinking"])
        #expect(none.stdout == "None of the 8 processes of the selected sessions passes the filters.\n")

        // Groups: one tree under the shell, and the leaker alone in session 2.
        let trees = try TestSupport.jsonObject(
            Self.memhist(["report", "--db", db, "--session", "all", "--group", "tree", "--format", "json"]).stdout)
        let groups = try #require(trees["groups"] as? [[String: Any]])
        #expect(groups.map { $0["root_pid"] as? Int } == [100, 201])
        #expect(groups.map { $0["processes"] as? Int } == [8, 1])
        let commands = try Self.memhist(["report", "--db", db, "--session", "1", "--group", "command"])
        #expect(commands.stdout.contains("PROCESSES"))
        #expect(commands.stdout.split(separator: "\n").contains { $0.hasPrefix("sleep 1 ") && $0.contains(" 5 ") })
    }

    @Test(
        "bad filters are usage errors",
        arguments: [["--verdict", "leaking"], ["--match", "("], ["--pid", "0"], ["--group", "user"]])
    func badFilters(arguments: [String]) throws {
        let run = try Self.memhist(["report", "--db", "nothing.db"] + arguments)
        #expect(run.status == 64, "\(run.stderr)")
    }
}
