import Foundation
import Testing

@testable import Recorder

/// `memhist sessions`: what a database holds, listed without sqlite3.
@Suite("sessions: listing what was recorded")
struct SessionsEndToEndTests {
    @Test func aRealRecordingIsListedWithItsProcessesAndSamples() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("s.db").path
        for _ in 0..<2 {
            let record = try TestSupport.memhist([
                "record", "--db", db, "--interval", "100ms", "--samples", "5", "--quiet", "--", "sleep", "3",
            ])
            #expect(record.status == 0, "\(record.stderr)")
        }
        let json = try TestSupport.memhist(["sessions", "--db", db, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let sessions = try #require(try TestSupport.jsonObject(json.stdout)["sessions"] as? [[String: Any]])
        #expect(sessions.map { $0["id"] as? Int } == [1, 2])
        for session in sessions {
            #expect(session["state"] as? String == "ended")
            #expect(session["processes"] as? Int == 1)
            #expect(session["samples"] as? Int == 5)
            #expect(session["interval_ms"] as? Int == 100)
            #expect((session["selection"] as? String)?.hasSuffix("sleep 3") == true)
        }
        let table = try TestSupport.memhist(["sessions", "--db", db])
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("ID  STARTED"))
        #expect(lines[2].hasPrefix(" 2  "))
    }

    @Test func aSessionWithoutAnEndIsRecordingOrInterruptedByItsLastWrite() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("open.db").path
        let store = try HistoryStore(path: path, access: .create)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        // One killed an hour ago (no end, last sample then); one writing now, its selection hostile text.
        var old = HistoryStoreTests.sessionInfo(startedMs: now - 3_600_000)
        old.selection = "--match \u{1B}]0;owned\u{07}"
        let killed = try store.beginSession(old)
        let process = try store.addProcess(
            sessionID: killed, identity: HistoryStoreTests.identity(), startedMs: nil, firstSeenMs: now - 3_600_000)
        try store.writeTick(
            sessionID: killed, timeMs: now - 3_500_000,
            samples: [
                .init(
                    processID: process, capture: HistoryStoreTests.capture(timeMs: now - 3_500_000, pss: 1 << 20),
                    regionRows: nil)
            ], host: nil)
        _ = try store.beginSession(HistoryStoreTests.sessionInfo(startedMs: now - 1_000))

        let json = try TestSupport.memhist(["sessions", "--db", path, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let sessions = try #require(try TestSupport.jsonObject(json.stdout)["sessions"] as? [[String: Any]])
        #expect(sessions.map { $0["state"] as? String } == ["interrupted", "recording"])
        #expect(sessions.first?["samples"] as? Int == 1)
        let table = try TestSupport.memhist(["sessions", "--db", path])
        #expect(table.stdout.contains("interrupted (last write "))
        #expect(!table.stdout.contains("\u{1B}"))
        #expect(table.stdout.contains("\\e]0;owned\\x07"))
    }

    @Test func theStateFollowsTheLastWrite() {
        var summary = SessionSummary(
            session: HistoryStoreTests.sessionInfo(startedMs: 1_000_000), processes: 0, samples: 0, lastWrittenMs: nil)
        #expect(summary.state(nowMs: 1_000_000 + 30_000) == .recording)
        #expect(summary.state(nowMs: 1_000_000 + 30_001) == .interrupted)
        summary.lastWrittenMs = 2_000_000
        #expect(summary.state(nowMs: 2_020_000) == .recording)
        summary.session.intervalMs = 60_000
        #expect(summary.state(nowMs: 2_000_000 + 180_000) == .recording)
        summary.session.endedMs = 2_000_000
        #expect(summary.state(nowMs: 9_000_000) == .ended)
    }

    @Test func aMissingDatabaseIsOneLineOfError() throws {
        let run = try TestSupport.memhist(["sessions", "--db", "/nonexistent/x.db"])
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
    }
}
