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
        ProcessIdentity(pid: pid, startTicks: 1000, parentPid: 1, name: "leaky", commandLine: command, executable: "/usr/bin/leaky")
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
        Region(start: 0x1000, end: 0x2000, permissions: "rw-p", label: label, kind: kind, sizes: RegionSizes(size: 4096, resident: pss, proportional: pss, privateDirty: pss))
    }

    @Test func ticksRoundTripWithRegionsAndHost() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try HistoryStore(path: directory.appendingPathComponent("h.db").path, access: .create)
        let session = try store.beginSession(Self.sessionInfo())
        let process = try store.addProcess(sessionID: session, identity: Self.identity(), startedMs: nil, firstSeenMs: 1_700_000_000_000)
        for tick in 0..<5 {
            let time = 1_700_000_000_000 + Int64(tick) * 1000
            let regions = tick % 2 == 0
                ? [Self.region("[heap]", .heap, pss: 1000 * (tick + 1)), Self.region("[heap]", .heap, pss: 10), Self.region("/lib/x.so", .file, pss: 500)]
                : nil
            let capture = Self.capture(timeMs: time, pss: 1_000_000 + tick * 4096, regions: regions)
            try store.writeTick(
                sessionID: session, timeMs: time,
                samples: [.init(processID: process, capture: capture, regionRows: regions.map(RegionRow.grouped))],
                host: HostMemory(total: 100, available: 50, swapTotal: 0, swapFree: 0, cgroupUsage: 10, cgroupLimit: nil))
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
        #expect(try store.database.scalarInt("SELECT count(*) FROM region_sample") == 6)
        #expect(try store.database.scalarInt("SELECT mapping_count FROM region_sample rs JOIN region r ON r.id = rs.region_id WHERE r.label = '[heap]' LIMIT 1") == 2)
        let snapshots = try #require(try store.regionSnapshots(processID: process, metric: .pss))
        #expect(snapshots.first.values["[heap]"]?.bytes == 1010)
        #expect(snapshots.last.values["[heap]"]?.bytes == 5010)
        let growth = RegionGrowth.ranked(first: snapshots.first, last: snapshots.last)
        #expect(growth.first?.label == "[heap]")
        #expect(growth.first?.growthBytes == 4000)
        #expect(try store.database.scalarInt("SELECT count(*) FROM host_sample") == 5)
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
        let process = try store.addProcess(sessionID: session, identity: Self.identity(), startedMs: nil, firstSeenMs: 0)
        let regions = [Self.region("[new-label]", .other, pss: 4096)]
        // The second sample names a process that does not exist: the foreign key fails the tick.
        #expect(throws: StoreError.self) {
            try store.writeTick(
                sessionID: session, timeMs: 1,
                samples: [
                    .init(processID: process, capture: Self.capture(timeMs: 1, pss: 1, regions: regions), regionRows: RegionRow.grouped(regions)),
                    .init(processID: process + 99, capture: Self.capture(timeMs: 1, pss: 1), regionRows: nil),
                ], host: nil)
        }
        #expect(try store.database.scalarInt("SELECT count(*) FROM sample") == 0)
        #expect(try store.database.scalarInt("SELECT count(*) FROM region") == 0)
        // The label's id was forgotten with the rollback: writing it again works.
        try store.writeTick(
            sessionID: session, timeMs: 2,
            samples: [.init(processID: process, capture: Self.capture(timeMs: 2, pss: 1, regions: regions), regionRows: RegionRow.grouped(regions))],
            host: nil)
        #expect(try store.database.scalarInt("SELECT count(*) FROM region_sample rs JOIN region r ON r.id = rs.region_id") == 1)
    }

    @Test func perMappingRowsKeepTheirStartAddress() {
        let rows = RegionRow.perMapping([Self.region("[heap]", .heap, pss: 1), Self.region("[heap]", .heap, pss: 2)])
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.startAddress == 0x1000 && $0.mappingCount == 1 })
    }
}
