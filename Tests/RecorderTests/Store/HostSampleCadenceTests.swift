import Foundation
import Testing

@testable import Recorder

@Suite("host rows: first, every 10 s, on a material move, and at the end")
struct HostSampleCadenceTests {
    static let gib = 1 << 30

    static func host(available: Int, cgroupUsage: Int = 1 << 20, limit: Int? = nil) -> HostMemory {
        HostMemory(
            total: 16 * gib, available: available, swapTotal: 0, swapFree: 0, cgroupUsage: cgroupUsage,
            cgroupLimit: limit)
    }

    /// Feeds readings one second apart and returns the times that were stored.
    static func storedTimes(_ readings: [HostMemory]) -> [Int64] {
        var cadence = HostSampleCadence()
        var stored: [Int64] = []
        for (index, reading) in readings.enumerated() {
            let time = Int64(index) * 1000
            if cadence.shouldStore(reading, timeMs: time) {
                cadence.didStore(reading, timeMs: time)
                stored.append(time)
            }
        }
        return stored
    }

    @Test func aQuietHostIsStoredEveryTenSeconds() {
        // Moves of a few MiB, well under 1% of 16 GiB.
        let readings = (0..<25).map { Self.host(available: 8 * Self.gib + ($0 % 3) * (4 << 20)) }
        #expect(Self.storedTimes(readings) == [0, 10_000, 20_000])
    }

    @Test func aMaterialMoveIsStoredAtOnce() {
        // 200 MiB taken at 3 s (more than 1% of 16 GiB), and given back at 6 s.
        let readings = (0..<8).map { Self.host(available: 8 * Self.gib - (3..<6 ~= $0 ? 200 << 20 : 0)) }
        #expect(Self.storedTimes(readings) == [0, 3000, 6000])
    }

    @Test func aCgroupIsJudgedByItsOwnLimit() {
        let limit = 512 << 20
        // 8 MiB from 2 s on: 1.6% of the limit but only 0.05% of the host.
        let readings = (0..<5).map {
            Self.host(available: 8 * Self.gib, cgroupUsage: 100 << 20 + ($0 >= 2 ? 8 << 20 : 0), limit: limit)
        }
        #expect(Self.storedTimes(readings) == [0, 2000])
    }

    @Test func aChangedLimitOrAValueThatAppearsIsStored() {
        var readings = (0..<5).map { _ in Self.host(available: 8 * Self.gib) }
        for index in 1..<5 { readings[index].cgroupLimit = 1 << 30 }
        for index in 3..<5 { readings[index].cgroupUsage = nil }
        #expect(Self.storedTimes(readings) == [0, 1000, 3000])
    }

    @Test func theLatestUnstoredReadingIsPending() {
        var cadence = HostSampleCadence()
        let first = Self.host(available: 8 * Self.gib)
        let storeFirst = cadence.shouldStore(first, timeMs: 0)
        #expect(storeFirst)
        cadence.didStore(first, timeMs: 0)
        #expect(cadence.pending == nil)
        let second = Self.host(available: 8 * Self.gib + 4096)
        let storeSecond = cadence.shouldStore(second, timeMs: 1000)
        #expect(!storeSecond)
        #expect(cadence.pending?.timeMs == 1000)
        #expect(cadence.pending?.host == second)
    }

    @Test func theStoreWritesThePendingReadingWhenTheSessionEnds() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try HistoryStore(path: directory.appendingPathComponent("host.db").path, access: .create)
        for _ in 0..<2 {
            let session = try store.beginSession(HistoryStoreTests.sessionInfo())
            for tick in 0..<15 {
                try store.writeTick(
                    sessionID: session, timeMs: Int64(tick) * 1000, samples: [],
                    host: Self.host(available: 8 * Self.gib + tick * 4096))
            }
            try store.endSession(id: session, endedMs: 15_000, reason: "samples")
            let times = try store.database.prepare(
                "SELECT time_ms FROM host_sample WHERE session_id = ? ORDER BY time_ms"
            ).rows([.integer(session)]) { $0.int64(0) }
            // Each session starts its own cadence.
            #expect(times == [0, 10_000, 14_000])
            #expect(
                try store.database.scalarInt("SELECT mem_available FROM host_sample WHERE time_ms = 14000 LIMIT 1")
                    == Int64(8 * Self.gib + 14 * 4096))
        }
    }
}
