import Foundation
import Testing

@testable import Recorder

/// macOS's recording path, composed as `record` composes it there, run on Linux: the libproc
/// source (over a fake kernel) for the listing, the identity and the counters every tick, and
/// vmmap (a stand-in printing a real capture whose MALLOC region grows) for the totals and the
/// regions, driven by the real loop on a fake clock into a real database.
@Suite("macOS recording path: libproc counters every tick, vmmap under the budget", .serialized)
struct MacRecordingPathTests {
    static let resident = 48 << 20
    static let footprint = 31 << 20
    static let peakFootprint = 40 << 20

    /// Two real pids (vmmap is only run on a pid that exists) as the fake kernel describes them.
    static func kernel(_ pids: [Int32]) -> FakeDarwinProcessAPI {
        let api = FakeDarwinProcessAPI()
        for (index, pid) in pids.enumerated() {
            api.add(
                pid: pid, parent: 1, name: "python3.12", arguments: ["python3", "worker.py", "--id", String(index)],
                path: "/opt/homebrew/bin/python3.12", startSeconds: 1_700_000_000 + UInt64(index),
                usage: DarwinResourceUsage(
                    residentSize: UInt64(resident), physicalFootprint: UInt64(footprint),
                    lifetimeMaxPhysicalFootprint: UInt64(peakFootprint), pageins: 9))
        }
        return api
    }

    /// A sample row as stored.
    struct Row: Equatable {
        var detail: Int64
        var resident: Int64?
        var proportional: Int64?
        var privateDirty: Int64?
        var majorFaults: Int64?
        var footprint: Int64?
        var peakFootprint: Int64?
    }

    static func rows(_ database: Database, pid: Int32) throws -> [Row] {
        try database.prepare(
            """
            SELECT s.detail, s.resident_size, s.proportional_size, s.private_dirty_size, s.major_faults,
                   f.physical_footprint, f.peak_physical_footprint
            FROM sample s JOIN process p ON p.id = s.process_id
            LEFT JOIN footprint_sample f ON f.process_id = s.process_id AND f.time_ms = s.time_ms
            WHERE p.pid = ? ORDER BY s.time_ms
            """
        ).rows([.int(Int(pid))]) {
            Row(
                detail: $0.int64(0), resident: $0.optionalInt64(1), proportional: $0.optionalInt64(2),
                privateDirty: $0.optionalInt64(3), majorFaults: $0.optionalInt64(4), footprint: $0.optionalInt64(5),
                peakFootprint: $0.optionalInt64(6))
        }
    }

    @Test func countersEveryTickAndVmmapOnTheTicksTheBudgetAllows() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let standIn = try VmmapStandIn(in: directory)
        let pids = [getpid(), getppid()]
        let source = VmmapProcessSource(
            native: DarwinProcessSource(api: Self.kernel(pids)), vmmap: VmmapRunner(path: standIn.path))
        var options = RecordingOptions()
        options.recordHost = false
        options.maxSamples = 5
        // A budget no vmmap run fits: vmmap only where regions are forced, the first and last
        // tick, and once more at tick 1 to measure what its totals cost (a read depth whose cost
        // is not known yet is tried once).
        options.pageWalkBudget = 1e-12
        let store = try HistoryStore(path: directory.appendingPathComponent("mac.db").path, access: .create)
        let loop = try RecordingLoop(
            store: store, options: options, source: source, clock: FakeRecordingClock(), ownPid: 1, warn: { _ in })
        let outcome = try loop.run(identities: try pids.map { try source.identity(pid: $0) })
        #expect(outcome.samples == 10)
        #expect(standIn.calls == 6)

        let processes = try store.processes(sessionIDs: [outcome.sessionID])
        #expect(processes.map(\.command) == ["python3 worker.py --id 0", "python3 worker.py --id 1"])
        #expect(processes.map(\.startTime) == [1_700_000_000_250_000, 1_700_000_001_250_000])

        for (index, pid) in pids.enumerated() {
            let rows = try Self.rows(store.database, pid: pid)
            #expect(rows.map(\.detail) == [3, 2, 1, 1, 3])
            // Counter ticks: ri_resident_size, and PSS as process-metrics estimates it,
            // resident ÷ the two processes captured together; nothing a counter cannot tell.
            let counted = Row(
                detail: 1, resident: Int64(Self.resident), proportional: Int64(Self.resident / 2), privateDirty: nil,
                majorFaults: 9, footprint: Int64(Self.footprint), peakFootprint: Int64(Self.peakFootprint))
            #expect(Array(rows[2...3]) == [counted, counted])
            // vmmap ticks: its totals (calls 0 and 1 at the first tick, 2 and 3 at the second, 4
            // and 5 at the last), PSS its resident ÷ 2, and the footprint from proc_pid_rusage.
            for (row, call) in [(rows[0], index), (rows[1], 2 + index), (rows[4], 4 + index)] {
                #expect(row.resident == Int64(VmmapStandIn.residentTotal(call: call)))
                #expect(row.proportional == Int64(VmmapStandIn.residentTotal(call: call) / 2))
                #expect(row.privateDirty == Int64(VmmapStandIn.fixturePrivateDirty))
                #expect(row.footprint == Int64(Self.footprint))
                #expect(row.majorFaults == 9)
            }
        }

        // The footprint is a report metric, measured every tick.
        let series = try store.series(processID: processes[0].id, metric: .footprint)
        #expect(series.values == Array(repeating: Double(Self.footprint), count: 5))
        // The resident series has every tick too: vmmap's on three, the counter's on two.
        #expect(try store.series(processID: processes[0].id, metric: .rss).values.count == 5)
        // The region rows come from vmmap: the MALLOC region grew between the first and last capture.
        var builder = ReportBuilder(store: store)
        builder.metric = .rss
        let report = try #require(try builder.build(.id(outcome.sessionID)).first)
        #expect(report.regions.first?.label == VmmapStandIn.growingRegion)
        #expect(
            report.regions.first?.growthBytes == VmmapStandIn.regionResident(call: 4)
                - VmmapStandIn.regionResident(call: 0))
    }

    @Test func aLinuxRecordingStoresNoFootprintRows() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var options = RecordingOptions()
        options.recordHost = false
        options.maxSamples = 2
        let source = LinuxProcessCapturer()
        let store = try HistoryStore(path: directory.appendingPathComponent("linux.db").path, access: .create)
        let loop = try RecordingLoop(
            store: store, options: options, source: source, clock: FakeRecordingClock(intervalMs: 10), warn: { _ in })
        _ = try loop.run(identities: [try source.identity(pid: getpid())])
        #expect(try store.database.scalarInt("SELECT count(*) FROM sample") == 2)
        #expect(try store.database.scalarInt("SELECT count(*) FROM footprint_sample") == 0)
    }
}
