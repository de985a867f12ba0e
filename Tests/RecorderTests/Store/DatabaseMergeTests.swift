import Foundation
import Testing

@testable import Recorder

@Suite("database merge: sessions of several files in one, each once")
struct DatabaseMergeTests {
    static let start: Int64 = 1_700_000_000_000

    /// A database at `path` with one session recorded on `host`: two processes over `ticks` ticks
    /// at 1 s, region rows of `labels` at every other tick (growing), host memory and two marks.
    /// The session is ended unless `open`.
    @discardableResult
    static func makeSource(
        _ path: String, host: String, labels: [String], ticks: Int = 6, startedMs: Int64 = start, open: Bool = false
    ) throws -> HistoryStore {
        let store = try HistoryStore(path: path, access: .create)
        var info = HistoryStoreTests.sessionInfo(startedMs: startedMs)
        info.host = host
        let session = try store.beginSession(info)
        let processes = [
            try store.addProcess(
                sessionID: session, identity: HistoryStoreTests.identity(pid: 42), startedMs: startedMs,
                firstSeenMs: startedMs),
            try store.addProcess(
                sessionID: session, identity: HistoryStoreTests.identity(pid: 43, command: "steady --x"),
                startedMs: startedMs, firstSeenMs: startedMs),
        ]
        try appendTicks(store, session: session, processes: processes, labels: labels, range: 0..<ticks)
        try store.addMark(Mark(sessionID: session, timeMs: startedMs + 1500, note: "deploy \(host)"))
        try store.addMark(Mark(sessionID: session, timeMs: startedMs + 1500, note: "deploy \(host)"))
        if !open { try store.endSession(id: session, endedMs: startedMs + Int64(ticks) * 1000, reason: "samples") }
        return store
    }

    /// Writes ticks `range` of the session made by ``makeSource(_:host:labels:ticks:startedMs:open:)``.
    static func appendTicks(
        _ store: HistoryStore, session: Int64, processes: [Int64], labels: [String], range: Range<Int>,
        startedMs: Int64 = start
    ) throws {
        for tick in range {
            let time = startedMs + Int64(tick) * 1000
            var samples: [HistoryStore.TickSample] = []
            for (index, process) in processes.enumerated() {
                let regions =
                    tick % 2 == 0
                    ? labels.map {
                        HistoryStoreTests.region($0, $0.hasPrefix("/") ? .file : .heap, pss: 4096 * (tick + index + 1))
                    } : nil
                let capture = HistoryStoreTests.capture(
                    timeMs: time, pss: (10 << 20) + tick * (index == 0 ? 1 << 20 : 0), regions: regions)
                samples.append(
                    .init(processID: process, capture: capture, regionRows: try regions.map(RegionRow.grouped)))
            }
            try store.writeTick(
                sessionID: session, timeMs: time, samples: samples,
                host: HostMemory(
                    total: 8 << 30, available: (4 << 30) - tick * (200 << 20), swapTotal: 0, swapFree: 0,
                    cgroupUsage: nil, cgroupLimit: nil))
        }
    }

    /// Per table, every row with its ids replaced by what they stand for (a session by host and
    /// start, a process by pid and start time, a region by label), as sorted text lines: two
    /// databases with the same recordings have the same content whatever their row ids.
    static func content(_ database: Database) throws -> [String: [String]] {
        func columns(_ table: String, _ alias: String, without skipped: Set<String>) throws -> [String] {
            try database.prepare("SELECT name FROM pragma_table_info(?) ORDER BY cid").rows([.text(table)]) {
                $0.text(0) ?? ""
            }.filter { !skipped.contains($0) }.map { "\(alias).\($0)" }
        }
        let session = ["s.host", "s.started_ms"]
        let process = session + ["p.pid", "p.start_ticks"]
        let ofProcess = "JOIN process p ON p.id = x.process_id JOIN session s ON s.id = p.session_id"
        let queries: [String: (key: [String], skipped: Set<String>, from: String)] = [
            "session": ([], ["id"], "session x"),
            "process": (session, ["id", "session_id"], "process x JOIN session s ON s.id = x.session_id"),
            "sample": (process, ["process_id"], "sample x \(ofProcess)"),
            "footprint_sample": (process, ["process_id"], "footprint_sample x \(ofProcess)"),
            "region": ([], ["id"], "region x"),
            "region_sample": (
                process + ["r.label"], ["process_id", "region_id"],
                "region_sample x \(ofProcess) JOIN region r ON r.id = x.region_id"
            ),
            "host_sample": (session, ["session_id"], "host_sample x JOIN session s ON s.id = x.session_id"),
            "mark": (session, ["id", "session_id"], "mark x JOIN session s ON s.id = x.session_id"),
        ]
        var content: [String: [String]] = [:]
        for (table, query) in queries {
            let expressions = query.key + (try columns(table, "x", without: query.skipped))
            let sql =
                "SELECT " + expressions.map { "quote(\($0))" }.joined(separator: " || '|' || ") + " FROM \(query.from)"
            content[table] = try database.prepare(sql).rows { $0.text(0) ?? "" }.sorted()
        }
        return content
    }

    static func rowCounts(_ database: Database) throws -> [String: Int64] {
        var counts: [String: Int64] = [:]
        for table in DatabaseMerge.copiedTables {
            counts[table] = try database.scalarInt("SELECT count(*) FROM \(table)")
        }
        return counts
    }

    @Test func theMergeKnowsEveryTableOfTheSchema() throws {
        let database = try Database.inMemory()
        for migration in Schema.migrations { try database.execute(migration.sql) }
        let tables = try database.prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ).rows { $0.text(0) ?? "" }
        #expect(tables == DatabaseMerge.copiedTables.sorted())
    }

    @Test func twoHostsMergeIntoTheirUnion() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The same start, interval and selection on two hosts: two sessions, told apart by host.
        let web1 = try Self.makeSource(
            directory.appendingPathComponent("web1.db").path, host: "web1", labels: ["[heap]", "/lib/x.so"])
        let web2 = try Self.makeSource(
            directory.appendingPathComponent("web2.db").path, host: "web2", labels: ["/lib/y.so", "[heap]"])
        let target = try HistoryStore(path: directory.appendingPathComponent("all.db").path, access: .create)

        let first = try DatabaseMerge(source: web1, target: target).run()
        let second = try DatabaseMerge(source: web2, target: target).run()
        #expect(first.sessions.map(\.outcome) == [.added])
        #expect(second.sessions.map(\.outcome) == [.added])
        #expect(first.added.samples == 12)
        #expect(first.added.regions == 2)
        #expect(second.added.regions == 1, "[heap] is shared: only /lib/y.so is new")

        let merged = try Self.content(target.database)
        let one = try Self.content(web1.database)
        let two = try Self.content(web2.database)
        for table in DatabaseMerge.copiedTables where table != "region" {
            #expect(merged[table] == (one[table]! + two[table]!).sorted(), "\(table)")
            #expect(!merged[table]!.isEmpty || table == "footprint_sample", "\(table)")
        }
        #expect(merged["region"] == Set(one["region"]! + two["region"]!).sorted())
        #expect(try target.database.scalarInt("SELECT count(*) FROM region WHERE label = '[heap]'") == 1)
        #expect(try target.database.scalarText("PRAGMA integrity_check") == "ok")
        #expect(try target.database.prepare("PRAGMA foreign_key_check").rows { $0.text(0) }.isEmpty)

        // What a report reads back is the same: series and region sizes of each process.
        for source in [web1, web2] {
            let host = try #require(try source.sessions().first?.host)
            let session = try #require(try target.sessions().first { $0.host == host })
            let sourceProcesses = try source.processes(sessionIDs: [try #require(try source.sessions().first?.id)])
            let targetProcesses = try target.processes(sessionIDs: [session.id])
            #expect(sourceProcesses.map(\.pid) == targetProcesses.map(\.pid))
            for (mine, theirs) in zip(sourceProcesses, targetProcesses) {
                let before = try source.series(processID: mine.id, metric: .pss)
                let after = try target.series(processID: theirs.id, metric: .pss)
                #expect(before.timesMs == after.timesMs)
                #expect(before.values == after.values)
                let regionsBefore = try #require(try source.regionSnapshots(processID: mine.id, metric: .pss))
                let regionsAfter = try #require(try target.regionSnapshots(processID: theirs.id, metric: .pss))
                #expect(regionsBefore.first.values.mapValues(\.bytes) == regionsAfter.first.values.mapValues(\.bytes))
                #expect(regionsBefore.last.values.mapValues(\.bytes) == regionsAfter.last.values.mapValues(\.bytes))
            }
        }
    }

    @Test func mergingAgainAddsNothing() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("web1.db").path
        let source = try Self.makeSource(path, host: "web1", labels: ["[heap]"])
        let target = try HistoryStore(path: directory.appendingPathComponent("all.db").path, access: .create)
        _ = try DatabaseMerge(source: source, target: target).run()
        let counts = try Self.rowCounts(target.database)

        let again = try DatabaseMerge(source: source, target: target).run()
        #expect(again.sessions.map(\.outcome) == [.alreadyPresent])
        #expect(again.added == DatabaseMerge.RowCounts())
        // A copy of the file, and the target itself as a source, add nothing either.
        try source.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let copy = directory.appendingPathComponent("copy.db").path
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let fromCopy = try DatabaseMerge(source: try HistoryStore(path: copy, access: .readOnly), target: target).run()
        #expect(fromCopy.sessions.map(\.outcome) == [.alreadyPresent])
        let fromItself = try DatabaseMerge(source: target, target: target).run()
        #expect(fromItself.sessions.map(\.outcome) == [.alreadyPresent])
        #expect(try Self.rowCounts(target.database) == counts)
    }

    @Test func aSessionMergedWhileRecordingIsCompletedByTheNextMerge() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try Self.makeSource(
            directory.appendingPathComponent("web1.db").path, host: "web1", labels: ["[heap]", "/lib/x.so"],
            ticks: 3, open: true)
        let target = try HistoryStore(path: directory.appendingPathComponent("all.db").path, access: .create)
        let first = try DatabaseMerge(source: source, target: target).run()
        #expect(first.sessions.map(\.outcome) == [.added])
        #expect(first.openSessions == 1)

        // The recording goes on: more ticks, a mark, a process that exits, then its end.
        let session = try #require(try source.sessions().first?.id)
        let processes = try source.processes(sessionIDs: [session]).map(\.id)
        try Self.appendTicks(source, session: session, processes: processes, labels: ["[heap]"], range: 3..<7)
        try source.addMark(Mark(sessionID: session, timeMs: Self.start + 5000, note: "later"))
        try source.endProcess(id: processes[1], reason: "exited", exitStatus: 0)
        try source.endSession(id: session, endedMs: Self.start + 7000, reason: "samples")

        let second = try DatabaseMerge(source: source, target: target).run()
        #expect(second.sessions.map(\.outcome) == [.updated])
        #expect(second.added.samples == 8)
        #expect(second.added.marks == 1)
        #expect(second.added.sessions == 0)
        #expect(try Self.content(target.database) == (try Self.content(source.database)))

        let third = try DatabaseMerge(source: source, target: target).run()
        #expect(third.sessions.map(\.outcome) == [.alreadyPresent])
    }

    @Test func regionRowsFollowTheirLabelIntoTheTargetsRegionIDs() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The target knows other labels first, so the same label has another id there.
        let target = try Self.makeSource(
            directory.appendingPathComponent("all.db").path, host: "db1", labels: ["/lib/z.so", "/lib/x.so", "[heap]"],
            startedMs: Self.start - 100_000)
        let source = try Self.makeSource(
            directory.appendingPathComponent("web1.db").path, host: "web1", labels: ["[heap]", "[anon:cache]"])
        let ids = { (store: HistoryStore) in
            try store.database.prepare("SELECT label, id FROM region ORDER BY label").rows {
                "\($0.text(0) ?? "") \($0.int64(1))"
            }
        }
        #expect(try ids(source) != ids(target))
        let before = try Self.content(source.database)["region_sample"]!
        _ = try DatabaseMerge(source: source, target: target).run()
        let merged = try Self.content(target.database)["region_sample"]!
        #expect(Set(before).isSubset(of: Set(merged)))
        #expect(try target.database.scalarInt("SELECT count(*) FROM region") == 4)
        #expect(
            try target.database.scalarText("SELECT kind FROM region WHERE label = '[anon:cache]'")
                == RegionKind.heap.rawValue)
    }

    @Test func anOlderSourceIsReadThroughAnUpgradedCopyAndLeftAsItWas() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("v4.db").path
        do {
            let old = try TestSupport.privateDatabase(path)
            try old.enableWriteAheadLog()  // as memhist's files are
            for migration in Schema.migrations.prefix(4) { try old.execute(migration.sql) }
            try old.execute(TestSupport.oldSessionAndProcessSQL())
            try old.execute(
                """
                INSERT INTO sample (process_id, time_ms, detail, resident_size, proportional_size)
                VALUES (1, 0, 3, 8192, 4096), (1, 1000, 2, 12288, 8192);
                INSERT INTO footprint_sample (process_id, time_ms, physical_footprint) VALUES (1, 0, 4096);
                INSERT INTO region (id, label, kind) VALUES (7, '[heap]', 'heap');
                INSERT INTO region_sample (process_id, time_ms, region_id, start_address, mapping_count, size,
                    resident_size, proportional_size, shared_clean_size, shared_dirty_size, private_clean_size,
                    private_dirty_size, referenced_size, anonymous_size, swap_size, proportional_swap_size)
                VALUES (1, 0, 7, '', 1, 8192, 4096, 4096, 0, 0, 0, 4096, 4096, 4096, 0, 0);
                INSERT INTO host_sample (session_id, time_ms, mem_total, mem_available) VALUES (1, 0, 100, 50);
                """)
            #expect(try old.userVersion == 4)
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        var source: MergeSource? = try MergeSource(path: path)
        #expect(source?.upgradedFrom == 4)
        let copy = try #require(source?.store.path)
        #expect(copy != path)
        let target = try HistoryStore(path: directory.appendingPathComponent("all.db").path, access: .create)
        let summary = try DatabaseMerge(source: try #require(source?.store), target: target).run()
        #expect(summary.added.samples == 2)
        #expect(summary.added.footprintSamples == 1)
        #expect(summary.added.regionSamples == 1)
        source = nil
        #expect(!FileManager.default.fileExists(atPath: copy), "the copy is removed")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "the source is not written")
        // No -wal or -shm file is left beside it either.
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(files.filter { !$0.hasPrefix("all.db") } == ["v4.db"], "\(files)")

        // What the merge copied is what a report reads from the file upgraded in place.
        let upgraded = directory.appendingPathComponent("upgraded.db").path
        try FileManager.default.copyItem(atPath: path, toPath: upgraded)
        let reference = try HistoryStore(path: upgraded, access: .readOnly)
        #expect(try Self.content(target.database) == (try Self.content(reference.database)))
    }

    @Test func filesAreAllOpenedBeforeTheTargetIsWritten() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("good.db").path
        try Self.makeSource(good, host: "web1", labels: ["[heap]"])
        let missing = directory.appendingPathComponent("missing.db").path
        let target = directory.appendingPathComponent("all.db").path
        var outcomes: [DatabaseMerge.FileOutcome] = []
        #expect(throws: StoreError.notFound(path: missing)) {
            try DatabaseMerge.mergeFiles([good, missing], into: target) { outcomes.append($0) }
        }
        #expect(outcomes.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: target), "no target is created")

        try DatabaseMerge.mergeFiles([good], into: target) { outcomes.append($0) }
        try DatabaseMerge.mergeFiles([target, good], into: target) { outcomes.append($0) }
        #expect(outcomes.count == 3)
        #expect(outcomes[1] == .targetItself(path: target))
        guard case .merged(_, let first, nil) = outcomes[0], case .merged(_, let second, nil) = outcomes[2] else {
            Issue.record("expected two merges: \(outcomes)")
            return
        }
        #expect(first.sessions.map(\.outcome) == [.added])
        #expect(second.sessions.map(\.outcome) == [.alreadyPresent])
        var info = stat()
        #expect(lstat(target, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(
            MergeSummaryWriter.line(outcomes[0]) == "\(good): 1 session merged (12 samples)"
                && MergeSummaryWriter.line(outcomes[2]) == "\(good): 0 sessions merged, 1 already present")
    }

    @Test func textThatIsNotUTF8IsCopiedAsMemhistStoresSuchBytes() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try Self.makeSource(directory.appendingPathComponent("web1.db").path, host: "web1", labels: [])
        try source.database.execute("UPDATE process SET command = CAST(x'6c65616b79ff2d2d78' AS TEXT) WHERE pid = 42")
        let target = try HistoryStore(path: directory.appendingPathComponent("all.db").path, access: .create)
        _ = try DatabaseMerge(source: source, target: target).run()
        #expect(try target.database.scalarText("SELECT command FROM process WHERE pid = 42") == "leaky\\xFF--x")
    }

    @Test func summaryLinesSayWhatHappened() {
        var summary = DatabaseMerge.Summary()
        var added = DatabaseMerge.RowCounts()
        added.samples = 1080
        var updated = DatabaseMerge.RowCounts()
        updated.samples = 1
        summary.sessions = [
            .init(sourceID: 1, targetID: 4, outcome: .added, added: added, sourceIsOpen: false),
            .init(sourceID: 2, targetID: 5, outcome: .added, added: added, sourceIsOpen: true),
            .init(sourceID: 3, targetID: 6, outcome: .updated, added: updated, sourceIsOpen: false),
            .init(sourceID: 4, targetID: 7, outcome: .alreadyPresent, added: .init(), sourceIsOpen: false),
        ]
        #expect(
            MergeSummaryWriter.line(.merged(path: "a\u{1B}.db", summary: summary, upgradedFrom: 2))
                == "a\\e.db: 2 sessions merged (2,160 samples), 1 updated (+1 sample), 1 already present; "
                + "1 without an end yet (merge again to add what it records later); "
                + "read from schema 2 through an upgraded copy")
        #expect(
            MergeSummaryWriter.line(.merged(path: "b.db", summary: .init(), upgradedFrom: nil)) == "b.db: no sessions")
        #expect(MergeSummaryWriter.grouped(1_234_567) == "1,234,567")
        #expect(MergeSummaryWriter.grouped(999) == "999")
    }
}
