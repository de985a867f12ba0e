import Foundation
import Testing

@testable import Recorder

/// `memhist prune`: old sessions go with everything recorded in them, the file shrinks, a recording in
/// progress is untouched.
@Suite("prune: retention of old sessions", .serialized)
struct PruneEndToEndTests {
    static func fileSize(_ path: String) -> Int {
        [path, path + "-wal"].reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        }
    }

    /// A database of three ended sessions of 600 samples each (with region rows and marks), written
    /// through the store as a recording writes them, the first two a week old.
    static func database(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("p.db").path
        let store = try HistoryStore(path: path, access: .create)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        for (index, start) in [now - 8 * 86_400_000, now - 7 * 86_400_000 - 7_200_000, now - 3_600_000].enumerated() {
            let session = try store.beginSession(HistoryStoreTests.sessionInfo(startedMs: start))
            let process = try store.addProcess(
                sessionID: session, identity: HistoryStoreTests.identity(pid: Int32(100 + index)), startedMs: nil,
                firstSeenMs: start)
            for tick in 0..<600 {
                let time = start + Int64(tick) * 1000
                let regions = tick % 10 == 0 ? [HistoryStoreTests.region("[heap]", .heap, pss: tick << 12)] : nil
                try store.writeTick(
                    sessionID: session, timeMs: time,
                    samples: [
                        .init(
                            processID: process,
                            capture: HistoryStoreTests.capture(timeMs: time, pss: (1 + tick) << 20, regions: regions),
                            regionRows: nil)
                    ], host: nil)
            }
            try store.addMark(Mark(sessionID: session, timeMs: start + 5_000, note: "session \(index + 1)"))
            try store.endSession(id: session, endedMs: start + 600_000, reason: "duration")
        }
        return path
    }

    @Test func oldSessionsGoWithTheirRowsAndTheFileShrinks() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try Self.database(in: directory)
        let dryRun = try TestSupport.memhist(["prune", "--db", db, "--older-than", "7d", "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stdout.components(separatedBy: "would remove session").count - 1 == 2)
        let sizeBefore = Self.fileSize(db)
        #expect(try HistoryStore(path: db, access: .readOnly).sessionSummaries().count == 3)

        let prune = try TestSupport.memhist(["prune", "--db", db, "--older-than", "7d"])
        #expect(prune.status == 0, "\(prune.stderr)")
        #expect(prune.stdout.contains("2 of 3 sessions removed, file "))
        let store = try HistoryStore(path: db, access: .readOnly)
        let left = try store.sessionSummaries()
        #expect(left.map(\.session.id) == [3])
        #expect(left.first?.samples == 600)
        // Nothing of the removed sessions is left behind.
        for table in ["process", "host_sample", "mark"] {
            #expect(try store.database.scalarInt("SELECT count(*) FROM \(table) WHERE session_id <> 3") == 0)
        }
        #expect(try store.database.scalarInt("SELECT count(*) FROM sample WHERE process_id <> 3") == 0)
        #expect(try store.database.scalarInt("SELECT count(*) FROM region_sample WHERE process_id <> 3") == 0)
        #expect(try store.database.scalarText("PRAGMA foreign_key_check") == nil)
        #expect(Self.fileSize(db) < sizeBefore * 2 / 3, "\(sizeBefore) → \(Self.fileSize(db))")
        // The one left still reports.
        let report = try TestSupport.memhist(["report", "--db", db, "--format", "json"])
        #expect(report.status == 0)
        let processes = try #require(try TestSupport.jsonObject(report.stdout)["processes"] as? [[String: Any]])
        #expect(processes.first?["verdict"] as? String == "growing")
        #expect(try TestSupport.memhist(["check", "--db", db]).status == 0)
    }

    @Test func aRecordingInProgressIsNeverRemovedAndKeepsRecording() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try Self.database(in: directory)
        let recorder = try TestSupport.start(
            TestSupport.memhistPath,
            ["record", "--db", db, "--interval", "100ms", "--samples", "30", "--quiet", "--", "sleep", "10"])
        Thread.sleep(forTimeInterval: 1)
        let prune = try TestSupport.memhist(["prune", "--db", db, "--keep-sessions", "0"])
        #expect(prune.status == 0, "\(prune.stderr)")
        recorder.waitUntilExit()
        #expect(recorder.terminationStatus == 0)
        let left = try HistoryStore(path: db, access: .readOnly).sessionSummaries()
        #expect(left.map(\.session.id) == [4])
        #expect(left.first?.samples == 30)
    }

    @Test func thePolicyKeepsTheNewestAndWhatStillRecords() {
        let now: Int64 = 10_000_000_000
        func summary(_ id: Int64, startedHoursAgo: Int64, ended: Bool) -> SessionSummary {
            var info = HistoryStoreTests.sessionInfo(startedMs: now - startedHoursAgo * 3_600_000)
            info.id = id
            info.endedMs = ended ? info.startedMs + 60_000 : nil
            return SessionSummary(session: info, processes: 1, samples: 60, lastWrittenMs: info.startedMs + 60_000)
        }
        let summaries = [
            summary(1, startedHoursAgo: 200, ended: true), summary(2, startedHoursAgo: 100, ended: false),
            summary(3, startedHoursAgo: 2, ended: true), summary(4, startedHoursAgo: 0, ended: false),
        ]
        // Session 2 has no end and wrote nothing for 100 h: interrupted, so it may go; 4 records.
        #expect(RetentionPolicy(olderThanMs: 7 * 86_400_000).sessionsToRemove(summaries, nowMs: now) == [1])
        #expect(RetentionPolicy(olderThanMs: 86_400_000).sessionsToRemove(summaries, nowMs: now) == [1, 2])
        #expect(RetentionPolicy(keepSessions: 1).sessionsToRemove(summaries, nowMs: now) == [1, 2, 3])
        #expect(RetentionPolicy(keepSessions: 0).sessionsToRemove(summaries, nowMs: now) == [1, 2, 3])
        #expect(RetentionPolicy().sessionsToRemove(summaries, nowMs: now).isEmpty)
    }

    @Test func pruneNeedsALimitAndAnExistingDatabase() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("none.db").path
        #expect(try TestSupport.memhist(["prune", "--db", missing]).status == 64)
        let run = try TestSupport.memhist(["prune", "--db", missing, "--keep-sessions", "1"])
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}

/// `prune --downsample-after`: older samples thinned to three a minute; verdicts and peaks survive.
@Suite("prune: downsampling old samples", .serialized)
struct DownsampleEndToEndTests {
    /// A day at 1 s of four processes, ending two hours ago: a leak, a rise then a plateau, a sawtooth
    /// over a level floor, a steady one; rollup ticks, regions every 600th. Inserted in SQL (fast), as a
    /// recording stores them.
    static func database(in directory: URL) throws -> (path: String, endMs: Int64) {
        let path = directory.appendingPathComponent("day.db").path
        let store = try HistoryStore(path: path, access: .create)
        let end = Int64(Date().timeIntervalSince1970 * 1000) - 2 * 3_600_000
        let start = end - 24 * 3_600_000
        let session = try store.beginSession(HistoryStoreTests.sessionInfo(startedMs: start))
        let shapes = [
            "100 * 1048576 + t * 2330",  // 8 MiB an hour
            "100 * 1048576 + min(t, 7200) * 14563",  // +100 MiB over 2 h, then flat
            "100 * 1048576 + (t % 300) * 174762",  // a 50 MiB sawtooth, period 5 min
            "100 * 1048576",
        ]
        for (index, shape) in shapes.enumerated() {
            let process = try store.addProcess(
                sessionID: session, identity: HistoryStoreTests.identity(pid: Int32(200 + index)), startedMs: nil,
                firstSeenMs: start)
            try store.database.execute(
                """
                WITH RECURSIVE tick(t) AS (SELECT 0 UNION ALL SELECT t + 1 FROM tick WHERE t < 86399)
                INSERT INTO sample (process_id, time_ms, detail, resident_size, proportional_size, private_dirty_size,
                                    private_clean_size, swap_size, anonymous_size, peak_resident_size)
                SELECT \(process), \(start) + t * 1000, CASE WHEN t % 600 = 0 THEN 3 ELSE 2 END,
                       v + 4096 * ((t * 7919) % 97), v + 4096 * ((t * 7919) % 97), v / 2, 0, 0, v / 2, v
                FROM (SELECT t, \(shape) AS v FROM tick)
                """)
        }
        try store.endSession(id: session, endedMs: end, reason: "duration")
        return (path, end)
    }

    static func verdicts(_ db: String) throws -> [Int: String] {
        let report = try TestSupport.memhist(["report", "--db", db, "--format", "json"])
        let processes = try #require(try TestSupport.jsonObject(report.stdout)["processes"] as? [[String: Any]])
        var verdicts: [Int: String] = [:]
        for process in processes {
            verdicts[process["pid"] as? Int ?? 0] = process["verdict"] as? String
        }
        return verdicts
    }

    @Test func aDownsampledRecordingKeepsItsVerdictsPeaksAndShrinks() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (db, _) = try Self.database(in: directory)
        let full = try Self.verdicts(db)
        #expect(full == [200: "growing", 201: "levelled_off", 202: "stable", 203: "stable"])
        let peaksBefore = try HistoryStore(path: db, access: .readOnly).database.scalarInt(
            "SELECT sum(m) FROM (SELECT max(resident_size) AS m FROM sample GROUP BY process_id)")
        let sizeBefore = PruneEndToEndTests.fileSize(db)

        let prune = try TestSupport.memhist(["prune", "--db", db, "--downsample-after", "1h"])
        #expect(prune.status == 0, "\(prune.stderr)")
        let store = try HistoryStore(path: db, access: .readOnly)
        // At most three samples a minute per process, plus the region captures (one in 600).
        let perMinute = try store.database.scalarInt(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM sample WHERE detail < 3 GROUP BY process_id, time_ms / 60000)"
        )
        #expect((perMinute ?? 99) <= 3)
        #expect(try store.database.scalarInt("SELECT count(*) FROM sample WHERE detail = 3") == 4 * 144)
        #expect(try store.database.scalarInt("SELECT count(*) FROM sample") ?? .max <= 4 * (1440 * 3 + 144))
        #expect(
            try store.database.scalarInt(
                "SELECT sum(m) FROM (SELECT max(resident_size) AS m FROM sample GROUP BY process_id)") == peaksBefore)
        #expect(try Self.verdicts(db) == full)
        #expect(PruneEndToEndTests.fileSize(db) < sizeBefore / 4, "\(sizeBefore) → \(PruneEndToEndTests.fileSize(db))")

        // Thinning again keeps what is there.
        let again = try TestSupport.memhist(["prune", "--db", db, "--downsample-after", "1h"])
        #expect(again.stdout.contains(", 0 samples thinned"), "\(again.stdout)")
    }

    @Test func aRecordingAppliesRetentionToItsFileAsItGoes() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (db, _) = try Self.database(in: directory)
        // And a session eight days old.
        do {
            let store = try HistoryStore(path: db, access: .existing)
            let start = Int64(Date().timeIntervalSince1970 * 1000) - 8 * 86_400_000
            let session = try store.beginSession(HistoryStoreTests.sessionInfo(startedMs: start))
            let process = try store.addProcess(
                sessionID: session, identity: HistoryStoreTests.identity(pid: 300), startedMs: nil, firstSeenMs: start)
            try store.writeTick(
                sessionID: session, timeMs: start,
                samples: [
                    .init(
                        processID: process, capture: HistoryStoreTests.capture(timeMs: start, pss: 1 << 20),
                        regionRows: nil)
                ],
                host: nil)
            try store.endSession(id: session, endedMs: start + 1000, reason: "duration")
        }
        let record = try TestSupport.memhist([
            "record", "--db", db, "--interval", "100ms", "--samples", "3", "--retain", "7d", "--downsample-after", "1h",
            "--quiet", "--", "sleep", "2",
        ])
        #expect(record.status == 0, "\(record.stderr)")
        let summaries = try HistoryStore(path: db, access: .readOnly).sessionSummaries()
        // The eight-day-old session went; the day was thinned; the new recording is whole.
        #expect(summaries.map(\.session.id) == [1, 3])
        #expect(summaries[0].samples <= 4 * (1440 * 3 + 144))
        #expect(summaries[1].samples == 3)
    }
}
