import Foundation
import Testing

@testable import Recorder

@Suite("history store: ticks written whole, read back")
struct HistoryStoreTests {
    static func sessionInfo(startedMs: Int64 = 1_700_000_000_000) -> SessionInfo {
        SessionInfo(
            startedMs: startedMs, host: "test", kernel: "Linux test", pageSize: 4096, clockTicks: 100, bootTimeMs: nil,
            intervalMs: 1000, selection: "--pid 1", regionsMode: "grouped", regionsEvery: 10, memhistVersion: "test")
    }

    static func identity(pid: Int32 = 42, command: String = "leaky --serve") -> ProcessIdentity {
        ProcessIdentity(
            pid: pid, startTime: 1000, parentPid: 1, name: "leaky", commandLine: command, executable: "/usr/bin/leaky")
    }

    static func capture(timeMs: Int64, pss: Int, regions: [Region]? = nil) -> ProcessCapture {
        ProcessCapture(
            identity: identity(), timeMs: timeMs,
            memory: MemoryUsage(
                mapCount: 10, residentSize: pss * 2, proportionalSize: pss, sharedCleanSize: pss,
                privateDirtySize: pss, anonymousSize: pss / 2, minorFaults: 5, majorFaults: 1),
            peakResidentSize: pss * 3, threadCount: 2, regions: regions)
    }

    static func region(_ label: String, _ kind: RegionKind, pss: Int) -> Region {
        Region(
            start: 0x1000, end: 0x2000, permissions: "rw-p", label: label, kind: kind,
            sizes: RegionSizes(size: 4096, resident: pss, proportional: pss, privateDirty: pss))
    }

    @Test func ticksRoundTripWithRegionsAndHost() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try HistoryStore(path: directory.appendingPathComponent("h.db").path, access: .create)
        let session = try store.beginSession(Self.sessionInfo())
        let process = try store.addProcess(
            sessionID: session, identity: Self.identity(), startedMs: nil, firstSeenMs: 1_700_000_000_000)
        for tick in 0..<5 {
            let time = 1_700_000_000_000 + Int64(tick) * 1000
            let regions =
                tick % 2 == 0
                ? [
                    Self.region("[heap]", .heap, pss: 1000 * (tick + 1)), Self.region("[heap]", .heap, pss: 10),
                    Self.region("/lib/x.so", .file, pss: 500),
                ]
                : nil
            let capture = Self.capture(timeMs: time, pss: 1_000_000 + tick * 4096, regions: regions)
            try store.writeTick(
                sessionID: session, timeMs: time,
                samples: [.init(processID: process, capture: capture, regionRows: regions.map(RegionRow.grouped))],
                host: HostMemory(
                    total: 100, available: 50, swapTotal: 0, swapFree: 0, cgroupUsage: 10, cgroupLimit: nil))
        }
        try store.endSession(id: session, endedMs: 1_700_000_005_000, reason: "samples")

        let series = try store.series(processID: process, metric: .pss)
        #expect(series.timesMs.count == 5)
        #expect(series.values.last == Double(1_000_000 + 4 * 4096))
        #expect(series.peakHighWaterMark == (1_000_000 + 4 * 4096) * 3)
        let uss = try store.series(processID: process, metric: .uss)
        #expect(uss.values.first == 1_000_000)
        // Labels are stored once; grouped rows sum the mappings of a label.
        #expect(try store.database.scalarInt("SELECT count(*) FROM region") == 2)
        // Rows only when a region changed: both at tick 0, then only [heap] at ticks 2 and 4.
        #expect(try store.database.scalarInt("SELECT count(*) FROM region_sample") == 4)
        #expect(try store.database.scalarInt("SELECT count(*) FROM sample WHERE detail = 3") == 3)
        #expect(
            try store.database.scalarInt(
                "SELECT mapping_count FROM region_sample rs JOIN region r ON r.id = rs.region_id WHERE r.label = '[heap]' LIMIT 1"
            ) == 2)
        let snapshots = try #require(try store.regionSnapshots(processID: process, metric: .pss))
        #expect(snapshots.first.values["[heap]"]?.bytes == 1010)
        #expect(snapshots.last.values["[heap]"]?.bytes == 5010)
        // /lib/x.so was stored once, at tick 0, and is still there at tick 4.
        #expect(snapshots.last.values["/lib/x.so"]?.bytes == 500)
        let growth = RegionGrowth.ranked(first: snapshots.first, last: snapshots.last)
        #expect(growth.first?.label == "[heap]")
        #expect(growth.first?.growthBytes == 4000)
        // The host did not move: its first reading, then the last one, stored when the session ended.
        let hostTimes = try store.database.prepare("SELECT time_ms FROM host_sample ORDER BY time_ms").rows {
            $0.int64(0)
        }
        #expect(hostTimes == [1_700_000_000_000, 1_700_000_004_000])
        let sessions = try store.sessions()
        #expect(sessions.count == 1)
        #expect(sessions[0].stopReason == "samples")
        let processes = try store.processes(sessionIDs: [session])
        #expect(processes.map(\.lastSeenMs) == [1_700_000_004_000])
        #expect(processes.first?.command == "leaky --serve")
    }

    @Test func aFailedTickLeavesNothingAndTheNextTickStillWorks() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try HistoryStore(path: directory.appendingPathComponent("f.db").path, access: .create)
        let session = try store.beginSession(Self.sessionInfo())
        let process = try store.addProcess(
            sessionID: session, identity: Self.identity(), startedMs: nil, firstSeenMs: 0)
        let regions = [Self.region("[new-label]", .other, pss: 4096)]
        // The second sample names a process that does not exist: the foreign key fails the tick.
        #expect(throws: StoreError.self) {
            try store.writeTick(
                sessionID: session, timeMs: 1,
                samples: [
                    .init(
                        processID: process, capture: Self.capture(timeMs: 1, pss: 1, regions: regions),
                        regionRows: RegionRow.grouped(regions)),
                    .init(processID: process + 99, capture: Self.capture(timeMs: 1, pss: 1), regionRows: nil),
                ], host: nil)
        }
        #expect(try store.database.scalarInt("SELECT count(*) FROM sample") == 0)
        #expect(try store.database.scalarInt("SELECT count(*) FROM region") == 0)
        // The label's id was forgotten with the rollback: writing it again works.
        try store.writeTick(
            sessionID: session, timeMs: 2,
            samples: [
                .init(
                    processID: process, capture: Self.capture(timeMs: 2, pss: 1, regions: regions),
                    regionRows: RegionRow.grouped(regions))
            ],
            host: nil)
        #expect(
            try store.database.scalarInt("SELECT count(*) FROM region_sample rs JOIN region r ON r.id = rs.region_id")
                == 1)
    }

    @Test func aRegionThatGoesAwayIsMarkedAndLeavesTheSnapshot() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try HistoryStore(path: directory.appendingPathComponent("gone.db").path, access: .create)
        let session = try store.beginSession(Self.sessionInfo())
        let process = try store.addProcess(
            sessionID: session, identity: Self.identity(), startedMs: nil, firstSeenMs: 0)
        let ticks: [[Region]] = [
            [Self.region("[heap]", .heap, pss: 100), Self.region("/tmp/cache (deleted)", .deletedFile, pss: 4096)],
            [Self.region("[heap]", .heap, pss: 100)],
            [Self.region("[heap]", .heap, pss: 100)],
        ]
        for (tick, regions) in ticks.enumerated() {
            try store.writeTick(
                sessionID: session, timeMs: Int64(tick),
                samples: [
                    .init(
                        processID: process, capture: Self.capture(timeMs: Int64(tick), pss: 1, regions: regions),
                        regionRows: RegionRow.grouped(regions))
                ],
                host: nil)
        }
        // Two rows at the first tick, one marking the deleted file gone at the second, none at the third.
        #expect(try store.database.scalarInt("SELECT count(*) FROM region_sample") == 3)
        #expect(try store.database.scalarInt("SELECT count(*) FROM region_sample WHERE mapping_count = 0") == 1)
        let snapshots = try #require(try store.regionSnapshots(processID: process, metric: .pss))
        #expect(Set(snapshots.first.values.keys) == ["[heap]", "/tmp/cache (deleted)"])
        #expect(Set(snapshots.last.values.keys) == ["[heap]"])
        #expect(try store.database.scalarInt("SELECT count(*) FROM region_latest") == 1)
        let growth = RegionGrowth.ranked(first: snapshots.first, last: snapshots.last)
        #expect(growth.last?.label == "/tmp/cache (deleted)")
        #expect(growth.last?.growthBytes == -4096)
    }

    @Test func statusOnlyTicksStoreNullSizes() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try HistoryStore(path: directory.appendingPathComponent("tiers.db").path, access: .create)
        let session = try store.beginSession(Self.sessionInfo())
        let process = try store.addProcess(
            sessionID: session, identity: Self.identity(), startedMs: nil, firstSeenMs: 0)
        var status = ProcessCounters()
        status.resident = 8 << 20
        status.residentAnonymous = 6 << 20
        status.residentFile = 2 << 20
        status.residentSharedMemory = 0
        status.swap = 0
        let light = ProcessCapture(
            identity: Self.identity(), timeMs: 1, detail: .status, memory: MemoryUsage(minorFaults: 9, majorFaults: 1),
            counters: status, regions: nil)
        try store.writeTick(
            sessionID: session, timeMs: 1, samples: [.init(processID: process, capture: light, regionRows: nil)],
            host: nil)
        try store.writeTick(
            sessionID: session, timeMs: 2,
            samples: [.init(processID: process, capture: Self.capture(timeMs: 2, pss: 4096), regionRows: nil)],
            host: nil)
        #expect(
            try store.database.scalarInt(
                "SELECT count(*) FROM sample WHERE proportional_size IS NULL AND map_count IS NULL") == 1)
        #expect(try store.database.scalarInt("SELECT rss_anon FROM sample WHERE detail = 1") == 6 << 20)
        #expect(try store.database.scalarInt("SELECT minor_faults FROM sample WHERE detail = 1") == 9)
        // A tick that walked the pages stores their sizes, not the status counters as well.
        #expect(
            try store.database.scalarInt(
                """
                SELECT count(*) FROM sample
                WHERE detail = 2 AND coalesce(rss_anon, rss_file, rss_shmem, vm_swap) IS NULL
                """) == 1)
        #expect(
            try store.database.scalarText("SELECT anonymous_mib FROM sample_mib WHERE measured = 'status'") == "6.0")
        #expect(try store.database.scalarText("SELECT measured FROM sample_mib ORDER BY time") == "status")
        // PSS is reported from the ticks that measured it; RSS and anonymous fall back to status.
        #expect(try store.series(processID: process, metric: .pss).values == [4096])
        #expect(try store.series(processID: process, metric: .rss).values == [Double(8 << 20), 8192])
        #expect(try store.series(processID: process, metric: .anon).values == [Double(6 << 20), 2048])
    }

    @Test func aVersion1DatabaseIsMigratedWithItsData() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("v1.db").path
        do {
            let old = try TestSupport.privateDatabase(path)
            try old.execute(Schema.migrations[0].sql)
            try old.execute(TestSupport.oldSessionAndProcessSQL())
            try old.execute(
                """
                INSERT INTO sample (id, process_id, time_ms, proportional_size, region_rows) VALUES (1, 1, 0, 100, 1);
                INSERT INTO sample (id, process_id, time_ms, proportional_size, region_rows) VALUES (2, 1, 1000, 200, 0);
                INSERT INTO region (id, label, kind) VALUES (1, '[heap]', 'heap');
                INSERT INTO region_sample (sample_id, region_id, mapping_count, size, resident_size, proportional_size,
                    shared_clean_size, shared_dirty_size, private_clean_size, private_dirty_size, referenced_size,
                    anonymous_size, swap_size, proportional_swap_size)
                VALUES (1, 1, 1, 4096, 4096, 4096, 0, 0, 0, 4096, 4096, 4096, 0, 0);
                """)
            #expect(try old.userVersion == 1)
        }
        let store = try HistoryStore(path: path, access: .create)
        #expect(try store.database.userVersion == Schema.currentVersion)
        #expect(try store.database.scalarInt("SELECT count(*) FROM sample") == 2)
        #expect(try store.database.scalarInt("SELECT detail FROM sample WHERE time_ms = 0") == 3)
        #expect(try store.database.scalarInt("SELECT detail FROM sample WHERE time_ms = 1000") == 2)
        #expect(try store.database.scalarInt("SELECT process_id FROM region_sample") == 1)
        #expect(try store.series(processID: 1, metric: .pss).values == [100, 200])
        #expect(try store.regionSnapshots(processID: 1, metric: .pss)?.last.values["[heap]"]?.bytes == 4096)
    }

    @Test func aVersion2DatabaseIsMigratedToCompactSamplesWithItsData() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("v2.db").path
        do {
            let old = try TestSupport.privateDatabase(path)
            try old.execute("PRAGMA foreign_keys = ON")
            for migration in Schema.migrations.prefix(2) { try old.execute(migration.sql) }
            try old.execute(TestSupport.oldSessionAndProcessSQL(regionsMode: "mappings"))
            try old.execute(
                """
                INSERT INTO sample (id, process_id, time_ms, detail, map_count, resident_size, proportional_size,
                                    private_dirty_size, minor_faults, vm_rss, rss_anon, rss_file, rss_shmem, vm_swap,
                                    region_rows)
                VALUES (1, 1, 0, 3, 2, 8192, 8192, 8192, 5, 8192, 4096, 4096, 0, 0, 2),
                       (2, 1, 1000, 1, NULL, NULL, NULL, NULL, 6, 12288, 8192, 4096, 0, 0, 0),
                       (3, 1, 2000, 3, 1, 4096, 4096, 4096, 7, 4096, 0, 4096, 0, 0, 1);
                INSERT INTO region (id, label, kind) VALUES (1, '[heap]', 'heap'), (2, '/lib/x.so', 'file');
                INSERT INTO region_sample (sample_id, process_id, region_id, start_address, mapping_count, size,
                    resident_size, proportional_size, shared_clean_size, shared_dirty_size, private_clean_size,
                    private_dirty_size, referenced_size, anonymous_size, swap_size, proportional_swap_size)
                VALUES (1, 1, 1, '55d0c0de0000', 1, 8192, 4096, 4096, 0, 0, 0, 4096, 4096, 4096, 0, 0),
                       (1, 1, 2, '7f0000001000', 1, 8192, 4096, 4096, 0, 0, 0, 4096, 4096, 0, 0, 0),
                       (3, 1, 1, '55d0c0de0000', 0, 8192, 4096, 4096, 0, 0, 0, 4096, 4096, 4096, 0, 0);
                INSERT INTO host_sample (session_id, time_ms, mem_total, mem_available) VALUES (1, 0, 100, 50);
                """)
            #expect(try old.userVersion == 2)
        }
        let store = try HistoryStore(path: path, access: .create)
        let database = store.database
        #expect(try database.userVersion == Schema.currentVersion)
        #expect(try database.scalarText("PRAGMA integrity_check") == "ok")
        #expect(try database.prepare("PRAGMA foreign_key_check").rows { $0.text(0) }.isEmpty)
        #expect(try database.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_v2'") == 0)
        // The pages of the old tables were given back: the upgraded file is not left larger.
        #expect(try database.scalarInt("PRAGMA freelist_count") == 0)
        #expect(try database.applicationID == Schema.applicationID)
        let samples = try database.prepare("SELECT time_ms, detail FROM sample ORDER BY time_ms").rows {
            [$0.int64(0), $0.int64(1)]
        }
        #expect(samples == [[0, 3], [1000, 1], [2000, 3]])
        // The status ticks keep their counters; VmRSS is their sum.
        #expect(try store.series(processID: 1, metric: .rss).values == [8192, 12288, 4096])
        let regionRows = try database.prepare(
            "SELECT time_ms, start_address, mapping_count FROM region_sample ORDER BY time_ms, region_id"
        ).rows { "\($0.int64(0)) \($0.text(1) ?? "nil") \($0.int64(2))" }
        #expect(regionRows == ["0 55d0c0de0000 1", "0 7f0000001000 1", "2000 55d0c0de0000 0"])
        // The heap mapping went away at 2000: only the library is left.
        let latest = try database.prepare("SELECT label, start_address FROM region_latest").rows {
            "\($0.text(0) ?? "") \($0.text(1) ?? "nil")"
        }
        #expect(latest == ["/lib/x.so 7f0000001000"])
        let snapshots = try #require(try store.regionSnapshots(processID: 1, metric: .pss))
        #expect(snapshots.first.values.mapValues(\.bytes) == ["[heap]": 4096, "/lib/x.so": 4096])
        #expect(snapshots.last.values.mapValues(\.bytes) == ["/lib/x.so": 4096])
        for view in ["session_overview", "process_overview", "sample_mib", "region_sample_mib", "host_mib"] {
            #expect(try database.scalarInt("SELECT count(*) FROM \(view)") ?? 0 > 0, "\(view)")
        }
        #expect(try database.scalarText("SELECT rss_mib FROM sample_mib WHERE measured = 'status'") == "0.01")
    }

    @Test func perMappingRowsKeepTheirStartAddress() {
        let rows = RegionRow.perMapping([Self.region("[heap]", .heap, pss: 1), Self.region("[heap]", .heap, pss: 2)])
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.startAddress == 0x1000 && $0.mappingCount == 1 })
    }
}
