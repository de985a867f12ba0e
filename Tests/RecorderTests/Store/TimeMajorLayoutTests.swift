import Foundation
import Testing

@testable import Recorder

/// Schema 6: samples stored in time order, a tick's rows side by side; one-pass reads; the
/// `last_seen_ms` cadence.
@Suite("store: samples in time order")
struct TimeMajorLayoutTests {
    static let start: Int64 = 1_700_000_000_000

    /// A store with `count` processes written tick by tick; the processes are added in reverse
    /// order of pid so that their ids and the tick's order differ.
    static func store(at path: String, processes count: Int) throws -> (HistoryStore, Int64, [Int64]) {
        let store = try HistoryStore(path: path, access: .create)
        let session = try store.beginSession(HistoryStoreTests.sessionInfo(startedMs: start))
        var ids: [Int64] = []
        for index in 0..<count {
            ids.append(
                try store.addProcess(
                    sessionID: session, identity: HistoryStoreTests.identity(pid: Int32(100 + index)), startedMs: nil,
                    firstSeenMs: start))
        }
        return (store, session, ids)
    }

    static func tick(
        _ store: HistoryStore, session: Int64, ids: [Int64], at index: Int, regions: Bool = false
    ) throws {
        let time = start + Int64(index) * 1000
        var samples: [HistoryStore.TickSample] = []
        for (offset, id) in ids.reversed().enumerated() {
            let regionList =
                regions
                ? [
                    HistoryStoreTests.region("[heap]", .heap, pss: 4096 * (index + offset)),
                    HistoryStoreTests.region("/lib/x\(offset).so", .file, pss: 8192),
                ] : nil
            let capture = HistoryStoreTests.capture(
                timeMs: time, pss: 1 << 20 + 4096 * index * (offset + 1), regions: regionList)
            samples.append(
                HistoryStore.TickSample(
                    processID: id, capture: capture, regionRows: try regionList.map(RegionRow.grouped)))
        }
        try store.writeTick(sessionID: session, timeMs: time, samples: samples, host: nil)
    }

    @Test func newFilesUseSmallPagesAndStoreATicksRowsTogether() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("t.db").path
        let (store, session, ids) = try Self.store(at: path, processes: 30)
        #expect(try store.database.scalarInt("PRAGMA page_size") == Int64(Schema.pageSize))
        for index in 0..<20 { try Self.tick(store, session: session, ids: ids, at: index) }
        // The table's own order is by time, then process.
        let keys = try store.database.prepare("SELECT time_ms, process_id FROM sample").rows {
            [$0.int64(0), $0.int64(1)]
        }
        #expect(keys.count == 600)
        #expect(keys == keys.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) })

        // What a tick writes: with the rows keyed by process, each of the 30 processes' rows went
        // to its own page, 30 pages or more a tick; in time order a tick (about 2 KiB of rows)
        // fills two or three pages and rebalances a few. Count the WAL frames of 50 more ticks.
        try store.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for index in 20..<70 { try Self.tick(store, session: session, ids: ids, at: index) }
        let walBytes = try #require(try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int)
        let frames = (walBytes - 32) / (Schema.pageSize + 24)
        #expect(frames > 0)
        #expect(frames < 50 * 15, "\(frames) WAL frames for 50 ticks of 30 processes")
    }

    @Test func lastSeenIsWrittenEveryTenSecondsAndExactlyAtTheEnd() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (store, session, ids) = try Self.store(at: directory.appendingPathComponent("t.db").path, processes: 2)
        func lastSeen(_ id: Int64) throws -> Int64? {
            try store.database.scalarInt("SELECT last_seen_ms - \(Self.start) FROM process WHERE id = \(id)")
        }
        for index in 0...25 { try Self.tick(store, session: session, ids: ids, at: index) }
        #expect(try lastSeen(ids[0]) == 20_000)
        // While the session runs, a reader does not stop at last_seen_ms: all 26 samples.
        let reader = try HistoryStore(path: store.path, access: .readOnly)
        #expect(try reader.series(processID: ids[0], metric: .pss).rows == 26)
        #expect(
            try reader.histories(
                [
                    HistoryRequest(
                        process: try #require(
                            try reader.processes(sessionIDs: [session]).first), sinceMs: nil, untilMs: nil)
                ], metric: .pss)[0].series.rows == 26)

        try store.endProcess(id: ids[0], reason: "exited", exitStatus: nil)
        #expect(try lastSeen(ids[0]) == 25_000)
        #expect(try lastSeen(ids[1]) == 20_000)
        try store.endSession(id: session, endedMs: Self.start + 25_500, reason: "duration")
        #expect(try lastSeen(ids[1]) == 25_000)
        #expect(try reader.series(processID: ids[1], metric: .pss).rows == 26)
    }

    @Test func theOnePassReadEqualsEachProcesssOwnRead() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("t.db").path
        let (store, session, ids) = try Self.store(at: path, processes: 3)
        // Process 3 is seen from tick 10 only; process 1 ends at tick 30; regions every 5th tick,
        // and one label of each process goes away at tick 20.
        let late = try store.addProcess(
            sessionID: session, identity: HistoryStoreTests.identity(pid: 999), startedMs: nil,
            firstSeenMs: Self.start + 10_000)
        for index in 0..<40 {
            var alive = index < 30 ? ids : Array(ids.dropFirst())
            if index >= 10 { alive.append(late) }
            try Self.tick(store, session: session, ids: alive, at: index, regions: index % 5 == 0)
            if index == 29 { try store.endProcess(id: ids[0], reason: "exited", exitStatus: nil) }
        }
        try store.endSession(id: session, endedMs: Self.start + 40_000, reason: "duration")

        let reader = try HistoryStore(path: path, access: .readOnly)
        let processes = try reader.processes(sessionIDs: [session])
        #expect(processes.count == 4)
        let windows: [(Int64?, Int64?)] = [
            (nil, nil), (Self.start + 12_000, nil), (nil, Self.start + 25_000),
            (Self.start + 31_000, Self.start + 36_000), (Self.start + 90_000, nil),
        ]
        for metric in [Metric.pss, .rss, .dirty] {
            for (since, until) in windows {
                let requests = processes.map { HistoryRequest(process: $0, sinceMs: since, untilMs: until) }
                let together = try reader.histories(requests, metric: metric)
                let charted = try reader.samples(of: requests)
                for (request, samples) in zip(requests, charted) {
                    let alone = try reader.samples(
                        processID: request.process.id, sinceMs: request.sinceMs, untilMs: request.untilMs)
                    #expect(samples.timesMs == alone.timesMs)
                    #expect(samples.proportional == alone.proportional)
                    #expect(samples.resident == alone.resident)
                    #expect(samples.unique == alone.unique)
                    #expect(samples.dirtyPlusSwap == alone.dirtyPlusSwap)
                    #expect(samples.details == alone.details)
                }
                for (request, history) in zip(requests, together) {
                    let id = request.process.id
                    let alone = try reader.series(processID: id, metric: metric, sinceMs: since, untilMs: until)
                    let context =
                        "process \(id), \(metric), window \(String(describing: since))…\(String(describing: until))"
                    #expect(history.series.rows == alone.rows, "\(context)")
                    #expect(history.series.timesMs == alone.timesMs, "\(context)")
                    #expect(history.series.values == alone.values, "\(context)")
                    #expect(history.series.resident == alone.resident, "\(context)")
                    #expect(history.series.dirtyPlusSwap == alone.dirtyPlusSwap, "\(context)")
                    #expect(history.series.peakHighWaterMark == alone.peakHighWaterMark, "\(context)")
                    let regions = try reader.regionSnapshots(
                        processID: id, metric: metric, sinceMs: since, untilMs: until)
                    #expect((history.regions == nil) == (regions == nil), "\(context)")
                    if let mine = history.regions, let theirs = regions {
                        #expect(mine.first.timeMs == theirs.first.timeMs, "\(context)")
                        #expect(mine.last.timeMs == theirs.last.timeMs, "\(context)")
                        #expect(
                            mine.first.values.mapValues { $0.bytes } == theirs.first.values.mapValues { $0.bytes },
                            "\(context)"
                        )
                        #expect(
                            mine.last.values.mapValues { $0.bytes } == theirs.last.values.mapValues { $0.bytes },
                            "\(context)")
                        #expect(
                            mine.last.values.mapValues { $0.kind } == theirs.last.values.mapValues { $0.kind },
                            "\(context)")
                    }
                }
            }
        }
        // Not vacuous: the full window has samples and regions for every process.
        let all = try reader.histories(
            processes.map { HistoryRequest(process: $0, sinceMs: nil, untilMs: nil) }, metric: .pss)
        #expect(all.map(\.series.rows) == [30, 40, 40, 30])
        let allSamples = try reader.samples(
            of: processes.map { HistoryRequest(process: $0, sinceMs: nil, untilMs: nil) })
        #expect(allSamples.map(\.count) == [30, 40, 40, 30])
        #expect(all.allSatisfy { ($0.regions?.last.values.count ?? 0) == 2 })
    }

    @Test func aVersion5FileIsRewrittenInTimeOrderWithItsData() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("v5.db").path
        do {
            let old = try TestSupport.privateDatabase(path)
            try old.execute("PRAGMA foreign_keys = ON")
            for migration in Schema.migrations.prefix(5) { try old.execute(migration.sql) }
            try old.execute(TestSupport.oldSessionAndProcessSQL())
            try old.execute(
                """
                INSERT INTO process (id, session_id, pid, start_ticks, name, command, first_seen_ms, last_seen_ms)
                VALUES (2, 1, 43, 8, 'y', 'y', 0, 2000);
                INSERT INTO sample (process_id, time_ms, detail, resident_size, proportional_size, private_dirty_size)
                VALUES (1, 0, 3, 100, 10, 1), (1, 1000, 2, 200, 20, 2), (1, 2000, 3, 300, 30, 3),
                       (2, 0, 3, 400, 40, 4), (2, 1000, 2, 500, 50, 5), (2, 2000, 2, 600, 60, 6);
                INSERT INTO footprint_sample (process_id, time_ms, physical_footprint) VALUES (2, 1000, 777);
                INSERT INTO region (id, label, kind) VALUES (1, '[heap]', 'heap');
                INSERT INTO region_sample (process_id, time_ms, region_id, start_address, mapping_count, size,
                    resident_size, proportional_size, shared_clean_size, shared_dirty_size, private_clean_size,
                    private_dirty_size, referenced_size, anonymous_size, swap_size, proportional_swap_size)
                VALUES (1, 0, 1, '', 1, 8192, 4096, 4096, 0, 0, 0, 4096, 4096, 4096, 0, 0),
                       (1, 2000, 1, '', 1, 8192, 8192, 8192, 0, 0, 0, 8192, 8192, 8192, 0, 0),
                       (2, 0, 1, '', 1, 8192, 1024, 1024, 0, 0, 0, 1024, 1024, 1024, 0, 0);
                INSERT INTO mark (session_id, time_ms, note) VALUES (1, 1000, 'deploy');
                """)
            #expect(try old.userVersion == 5)
        }
        let store = try HistoryStore(path: path, access: .readOnly)
        let database = store.database
        #expect(try database.userVersion == 6)
        #expect(try database.scalarText("PRAGMA integrity_check") == "ok")
        #expect(try database.prepare("PRAGMA foreign_key_check").rows { $0.text(0) }.isEmpty)
        #expect(try database.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_v5'") == 0)
        let keys = try database.prepare("SELECT time_ms, process_id FROM sample").rows {
            "\($0.int64(0))/\($0.int64(1))"
        }
        #expect(keys == ["0/1", "0/2", "1000/1", "1000/2", "2000/1", "2000/2"])
        #expect(try store.series(processID: 2, metric: .pss).values == [40, 50, 60])
        #expect(try store.samples(processID: 2, sinceMs: nil, untilMs: nil).footprint == [nil, 777, nil])
        let snapshots = try #require(try store.regionSnapshots(processID: 1, metric: .pss))
        #expect(snapshots.first.values.mapValues(\.bytes) == ["[heap]": 4096])
        #expect(snapshots.last.values.mapValues(\.bytes) == ["[heap]": 8192])
        #expect(try store.marks(sessionIDs: [1], sinceMs: nil, untilMs: nil).map(\.note) == ["deploy"])
        let overview = try database.prepare(
            "SELECT process, samples, peak_rss_mib FROM process_overview ORDER BY process"
        )
        .rows { "\($0.int64(0)) \($0.int64(1)) \($0.text(2) ?? "")" }
        #expect(overview == ["1 3 0.0", "2 3 0.0"])
        for view in ["session_overview", "sample_mib", "region_sample_mib", "region_latest"] {
            #expect(try database.scalarInt("SELECT count(*) FROM \(view)") ?? 0 > 0, "\(view)")
        }
    }
}
