import Foundation
import Testing

@testable import Recorder

/// Runs the built `memhist` binary against real child processes.
@Suite("end to end: record and report real processes", .serialized)
struct RecordEndToEndTests {
    /// Resident kB of `pid` from /proc/PID/status, 0 when unreadable.
    static func residentKilobytes(_ pid: Int32) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        return ProcessStatus.parse(text).resident.map { $0 / 1024 } ?? 0
    }

    static func processes(_ report: [String: Any]) throws -> [[String: Any]] {
        try #require(report["processes"] as? [[String: Any]])
    }

    @Test func aLeakIsGrowingAndASteadyProcessIsStable() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("e2e.db").path
        // Both run until the test stops them, so they are alive for every sample however long the
        // recording takes.
        let steady = try TestSupport.start(
            TestSupport.memhistPath, ["workload", "steady", "--size", "24MiB", "--duration", "300s"])
        defer { kill(steady.processIdentifier, SIGKILL) }
        let leak = try TestSupport.start(
            TestSupport.memhistPath, ["workload", "leak", "--rate", "8MiB", "--duration", "300s"])
        defer { kill(leak.processIdentifier, SIGKILL) }
        // Record the steady process only once it holds its memory, and the leak once it runs.
        #expect(TestSupport.waitUntil { Self.residentKilobytes(steady.processIdentifier) > 24 * 1024 })
        #expect(
            TestSupport.waitUntil {
                (try? String(contentsOfFile: "/proc/\(leak.processIdentifier)/cmdline", encoding: .utf8))?.hasPrefix(
                    TestSupport.memhistPath) == true
            })

        // A count of samples, not a duration: a busy machine takes longer over them, never fewer.
        let record = try TestSupport.memhist([
            "record", "--db", db, "--interval", "200ms", "--samples", "26", "--regions-every", "5", "--budget", "off",
            "--pid", String(steady.processIdentifier), "--pid", String(leak.processIdentifier),
        ])
        #expect(record.status == 0, "\(record.stderr)")
        kill(leak.processIdentifier, SIGKILL)

        // USS, not the default PSS: other tests start memhist processes in parallel, and each one
        // that maps the same libraries lowers the steady process's PSS share of them.
        let report = try TestSupport.memhist(["report", "--db", db, "--format", "json", "--metric", "uss"])
        #expect(report.status == 0, "\(report.stderr)")
        let processes = try Self.processes(try TestSupport.jsonObject(report.stdout))
        #expect(processes.count == 2)
        let steadyReport = try #require(processes.first { ($0["pid"] as? Int) == Int(steady.processIdentifier) })
        let leakReport = try #require(
            processes.first { ($0["command"] as? String)?.contains("workload leak") == true }, "\(processes)")

        #expect(steadyReport["verdict"] as? String == "stable", "\(steadyReport)")
        #expect(leakReport["verdict"] as? String == "growing", "\(leakReport)")
        #expect(leakReport["samples"] as? Int == 26)
        // 8 MiB/s over the time the samples span (at least 5 s): the growth is tens of MiB, the slope
        // tens of GiB per hour.
        let growth = try #require(leakReport["growth_bytes"] as? Int)
        let spanMs = try #require(leakReport["duration_ms"] as? Int)
        #expect(spanMs >= 5_000)
        let expected = 8 * 1_048_576 * spanMs / 1000
        #expect(growth > expected * 5 / 8 && growth < expected * 3 / 2, "growth \(growth) over \(spanMs) ms")
        let slope = try #require(
            leakReport["slope_bytes_per_hour"] as? Double
                ?? (leakReport["slope_bytes_per_hour"] as? Int).map(Double.init))
        let truth = 8.0 * 1_048_576 * 3600
        #expect(abs(slope - truth) / truth < 0.25, "slope \(slope) vs \(truth)")
        #expect((leakReport["peak_resident_bytes"] as? Int ?? 0) >= growth)
        // The leak is anonymous memory: [anon] ranks first among the regions.
        let regions = try #require(leakReport["regions"] as? [[String: Any]])
        #expect(regions.first?["label"] as? String == "[anon]", "\(regions.prefix(3))")
        let stableGrowth = abs(steadyReport["growth_bytes"] as? Int ?? .max)
        #expect(stableGrowth < 1 << 20)

        // The table and the other formats render the same processes.
        let table = try TestSupport.memhist(["report", "--db", db])
        #expect(table.stdout.contains("growing") && table.stdout.contains("stable"))
        let csv = try TestSupport.memhist(["query", "--db", db, "--format", "csv"])
        #expect(csv.stdout.split(separator: "\n").count == 3)
        let markdown = try TestSupport.memhist(["report", "--db", db, "--format", "markdown", "--metric", "rss"])
        #expect(markdown.stdout.hasPrefix("# memhist report"))
    }

    @Test func theCommandsExitStatusIsPassedThrough() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("status.db").path
        let run = try TestSupport.memhist([
            "record", "--db", db, "--interval", "100ms", "--", "/bin/sh", "-c", "sleep 0.5; exit 3",
        ])
        #expect(run.status == 3, "\(run.stderr)")
        let store = try HistoryStore(path: db, access: .readOnly)
        let process = try #require(try store.processes(sessionIDs: try store.sessions().map(\.id)).first)
        #expect(process.endReason == "exited")
        #expect(process.exitStatus == 3)
        #expect(try store.sessions().first?.stopReason == "targets_exited")
    }

    @Test func recordingAgainAppendsASession() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("twice.db").path
        for _ in 0..<2 {
            let run = try TestSupport.memhist([
                "record", "--db", db, "--interval", "50ms", "--samples", "3", "--pid", String(getpid()),
            ])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let store = try HistoryStore(path: db, access: .readOnly)
        let sessions = try store.sessions()
        #expect(sessions.count == 2)
        #expect(sessions.allSatisfy { $0.stopReason == "samples" })
        #expect(try store.database.scalarInt("SELECT count(*) FROM sample") == 6)
        // The first and the last sample of each session carry regions.
        #expect(try store.database.scalarInt("SELECT count(*) FROM sample WHERE detail = 3") == 4)
        // The map count is measured with the regions only; other ticks leave it NULL.
        #expect(
            try store.database.scalarInt("SELECT count(*) FROM sample WHERE detail < 3 AND map_count IS NOT NULL") == 0)
        #expect(try store.database.scalarInt("SELECT count(*) FROM sample WHERE detail = 3 AND map_count > 0") == 4)
        let latest = try TestSupport.jsonObject(
            try TestSupport.memhist(["report", "--db", db, "--format", "json"]).stdout)
        #expect(try Self.processes(latest).count == 1)
        let all = try TestSupport.jsonObject(
            try TestSupport.memhist(["report", "--db", db, "--format", "json", "--session", "all"]).stdout)
        #expect(try Self.processes(all).count == 2)
    }

    @Test func sigtermFinishesTheTickAndClosesTheSession() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("term.db").path
        let recorder = try TestSupport.start(
            TestSupport.memhistPath, ["record", "--db", db, "--interval", "100ms", "--pid", String(getpid())])
        #expect(TestSupport.waitUntil { Self.sampleCount(db) >= 3 })
        kill(recorder.processIdentifier, SIGTERM)
        let stopped = TestSupport.waitUntil { !recorder.isRunning }
        #expect(stopped, "memhist did not stop on SIGTERM")
        if !stopped { kill(recorder.processIdentifier, SIGKILL) }
        recorder.waitUntilExit()
        #expect(recorder.terminationStatus == 0)
        let store = try HistoryStore(path: db, access: .readOnly)
        let session = try #require(try store.sessions().first)
        #expect(session.stopReason == "signal")
        #expect(session.endedMs != nil)
        // The last tick carries regions.
        #expect(try store.database.scalarInt("SELECT detail FROM sample ORDER BY time_ms DESC LIMIT 1") == 3)
    }

    /// Samples in the database, read as another program would while it is being written.
    static func sampleCount(_ path: String) -> Int {
        guard FileManager.default.fileExists(atPath: path),
            let database = try? Database(path: path, mode: .readOnly),
            let count = try? database.scalarInt("SELECT count(*) FROM sample")
        else { return 0 }
        return Int(count)
    }

    @Test func killMinus9LeavesAWholeDatabaseThatSqlite3CanReadDuringRecording() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("killed.db").path
        let recorder = try TestSupport.start(
            TestSupport.memhistPath,
            [
                "record", "--db", db, "--interval", "50ms", "--regions-every", "2", "--",
                TestSupport.memhistPath, "workload", "leak", "--rate", "4MiB", "--duration", "3600s",
            ])
        defer { kill(recorder.processIdentifier, SIGKILL) }
        #expect(TestSupport.waitUntil { Self.sampleCount(db) >= 10 })
        // The sqlite3 shell reads the file while memhist writes it (WAL).
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") {
            let shell = try TestSupport.run("/usr/bin/sqlite3", [db, "SELECT count(*) FROM sample_mib"])
            #expect(shell.status == 0, "\(shell.stderr)")
            #expect((Int(shell.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) >= 10)
        }
        let before = Self.sampleCount(db)
        kill(recorder.processIdentifier, SIGKILL)
        // The workload it started is orphaned; stop it (Foundation's waitUntilExit would otherwise
        // wait for it too). It runs until then: the recorder is killed while it records.
        let workload = try Database(path: db, mode: .readOnly).scalarInt("SELECT pid FROM process LIMIT 1")
        #expect(workload != nil)
        if let workload { kill(Int32(workload), SIGKILL) }
        recorder.waitUntilExit()

        let database = try Database(path: db, mode: .readWrite)
        #expect(try database.scalarText("PRAGMA integrity_check") == "ok")
        #expect(try database.scalarInt("PRAGMA foreign_key_check") == nil)
        let after = Int(try database.scalarInt("SELECT count(*) FROM sample") ?? 0)
        #expect(after >= before)
        // Every stored sample with regions has its region rows: ticks are whole.
        #expect(
            try database.scalarInt(
                TestSupport.regionRowsOutsideTheirTick
            ) == 0)

        let report = try TestSupport.memhist(["report", "--db", db, "--format", "json"])
        #expect(report.status == 0, "\(report.stderr)")
        let processes = try Self.processes(try TestSupport.jsonObject(report.stdout))
        #expect(processes.first?["samples"] as? Int == after)
    }
}
