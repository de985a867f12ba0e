import Foundation
import Testing

@testable import Recorder

/// Runs the built `memhist record --capture vmmap` against real processes, with a stand-in for
/// macOS vmmap (``VmmapStandIn``): the macOS recording path, tested on Linux.
///
/// Every recording uses `--budget off`, so that every tick runs the stand-in and every sample
/// carries totals: with the default budget a vmmap read, which costs its whole run time, only
/// happens on the region ticks. memhist also runs vmmap once per target before it creates the
/// database (to sort out unreadable targets), so the stand-in's call 0 is never stored, and a
/// single target's tick `t` is its call `t + 1`.
@Suite("end to end: record through a vmmap stand-in", .serialized)
struct VmmapRecordEndToEndTests {
    /// One stored sample's sizes.
    struct SampleRow: Equatable {
        var timeMs: Int64
        var detail: Int
        var mapCount: Int?
        var resident: Int
        var proportional: Int
        var sharedClean: Int
        var sharedDirty: Int
        var privateClean: Int
        var privateDirty: Int
        var anonymous: Int
        var swap: Int
    }

    /// The samples of `pid`, in time order.
    static func samples(_ database: Database, pid: Int32) throws -> [SampleRow] {
        try database.prepare(
            """
            SELECT s.time_ms, s.detail, s.map_count, s.resident_size, s.proportional_size, s.shared_clean_size,
                   s.shared_dirty_size, s.private_clean_size, s.private_dirty_size, s.anonymous_size, s.swap_size
            FROM sample s JOIN process p ON p.id = s.process_id
            WHERE p.pid = ? ORDER BY s.time_ms
            """
        ).rows([.integer(Int64(pid))]) { row in
            SampleRow(
                timeMs: row.int64(0), detail: row.int(1), mapCount: row.optionalInt(2), resident: row.int(3),
                proportional: row.int(4), sharedClean: row.int(5), sharedDirty: row.int(6), privateClean: row.int(7),
                privateDirty: row.int(8), anonymous: row.int(9), swap: row.int(10))
        }
    }

    /// One stored region row's sizes.
    struct RegionSampleRow: Equatable {
        var timeMs: Int64
        var kind: String
        var mappings: Int
        var virtual: Int
        var resident: Int
        var proportional: Int
        var sharedDirty: Int
        var anonymous: Int
    }

    /// The region rows of `label` for `pid`, in time order.
    static func regionRows(_ database: Database, pid: Int32, label: String) throws -> [RegionSampleRow] {
        try database.prepare(
            """
            SELECT rs.time_ms, r.kind, rs.mapping_count, rs.size, rs.resident_size, rs.proportional_size,
                   rs.shared_dirty_size, rs.anonymous_size
            FROM region_sample rs JOIN region r ON r.id = rs.region_id JOIN process p ON p.id = rs.process_id
            WHERE p.pid = ? AND r.label = ? ORDER BY rs.time_ms
            """
        ).rows([.integer(Int64(pid)), .text(label)]) { row in
            RegionSampleRow(
                timeMs: row.int64(0), kind: row.text(1) ?? "", mappings: row.int(2), virtual: row.int(3),
                resident: row.int(4), proportional: row.int(5), sharedDirty: row.int(6), anonymous: row.int(7))
        }
    }

    /// The lines a run wrote to standard error.
    static func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: true)
    }

    /// Whether nothing was left in `directory` but the files named.
    static func onlyFiles(_ names: Set<String>, in directory: URL) throws -> Bool {
        Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)) == names
    }

    @Test func theStandInRefusesBadArgumentsWithoutCountingACall() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let standIn = try VmmapStandIn(in: directory)
        for arguments in [[], ["12x"], [""], ["-1"], ["1", "2"]] {
            let run = try TestSupport.run(standIn.path, arguments)
            #expect(run.status == 1, "\(arguments)")
            #expect(run.stdout.isEmpty, "\(arguments)")
            #expect(Self.lines(run.stderr).count == 1, "\(arguments): \(run.stderr)")
        }
        #expect(standIn.calls == 0)

        // Two good calls: the pid in the header, the region 4 MiB larger on the second.
        let first = try TestSupport.run(standIn.path, ["4242"])
        let second = try TestSupport.run(standIn.path, ["4242"])
        #expect(first.status == 0 && second.status == 0, "\(first.stderr) \(second.stderr)")
        #expect(first.stdout.hasPrefix("Process:         go [4242]\n"))
        #expect(first.stdout.contains("==== Writable regions for process 4242\n"))
        #expect(
            first.stdout
                == (try TestSupport.fixture("vmmap", VmmapStandIn.fixtureName)).replacingOccurrences(
                    of: "83358", with: "4242"))
        let region = try #require(Self.lines(second.stdout).first { $0.hasPrefix("MALLOC_SMALL  ") })
        #expect(region.contains("[ 12.0M  4136K  4136K     0K] rw-/rwx SM=COW"), "\(region)")
        #expect(standIn.calls == 2)
    }

    @Test func aGrowingMallocRegionIsRecordedAndReportedAsGrowing() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let standIn = try VmmapStandIn(in: directory)
        let db = directory.appendingPathComponent("vmmap.db").path
        let target = try TestSupport.start("/bin/sleep", ["300"])
        defer { kill(target.processIdentifier, SIGKILL) }
        let pid = target.processIdentifier

        // 12 samples 200 ms apart span at least 2.2 s: enough for a verdict (6 samples over 2 s).
        // A busy machine spreads them further, never fewer.
        let record = try TestSupport.memhist([
            "record", "--db", db, "--capture", "vmmap", "--vmmap", standIn.path, "--pid", String(pid),
            "--interval", "200ms", "--samples", "12", "--regions-every", "3", "--budget", "off", "--quiet",
        ])
        #expect(record.status == 0, "\(record.stderr)")
        #expect(record.stderr.isEmpty, "\(record.stderr)")
        // One call to check the target, one per tick.
        #expect(standIn.calls == 13)

        let store = try HistoryStore(path: db, access: .readOnly)
        let samples = try Self.samples(store.database, pid: pid)
        try #require(samples.count == 12)
        // Totals from vmmap on every tick; regions on the first tick, every third, the last, and
        // (the budget being off) on every tick after one that grew by 5% (at least 1 MiB) since
        // the last region read (TickPlanner): 4 MiB on a total of 22 to 68 MB always is.
        #expect(samples.map(\.detail) == [3, 2, 3, 3, 2, 3, 3, 2, 3, 3, 2, 3])
        for (tick, sample) in samples.enumerated() {
            let call = tick + 1
            // 4 MiB more per call: 21 893 120 bytes at call 1 (the region at 4136K), 67 989 504 at
            // call 12 (the region at 48.0M) …
            #expect(sample.resident == VmmapStandIn.residentTotal(call: call), "tick \(tick)")
            // … and alone in its tick, the PSS estimate is the whole resident size.
            #expect(sample.proportional == sample.resident, "tick \(tick)")
            #expect(sample.sharedDirty == VmmapStandIn.sharedDirtyTotal(call: call), "tick \(tick)")
            #expect(sample.anonymous == VmmapStandIn.anonymousTotal(call: call), "tick \(tick)")
            #expect(sample.sharedClean == VmmapStandIn.fixtureSharedClean, "tick \(tick)")
            #expect(sample.privateClean == VmmapStandIn.fixturePrivateClean, "tick \(tick)")
            #expect(sample.privateDirty == VmmapStandIn.fixturePrivateDirty, "tick \(tick)")
            #expect(sample.swap == 0, "tick \(tick)")
            if sample.detail == 3 { #expect(sample.mapCount == VmmapStandIn.fixtureRegionLines, "tick \(tick)") }
        }
        #expect(samples.first?.resident == 21_893_120)
        #expect(samples.last?.resident == 67_989_504)

        // The region row of MALLOC_SMALL at each region tick, and only its row after the first:
        // region rows are stored when they change.
        let regionTicks = samples.indices.filter { samples[$0].detail == 3 }
        let rows = try Self.regionRows(store.database, pid: pid, label: VmmapStandIn.growingRegion)
        #expect(rows.map(\.timeMs) == regionTicks.map { samples[$0].timeMs })
        for (row, call) in zip(rows, regionTicks.map { $0 + 1 }) {
            #expect(row.virtual == VmmapStandIn.regionVirtual(call: call), "call \(call)")
            #expect(row.resident == VmmapStandIn.regionResident(call: call), "call \(call)")
            #expect(row.proportional == row.resident, "call \(call)")
            #expect(row.sharedDirty == row.resident, "call \(call)")
            #expect(row.anonymous == row.resident, "call \(call)")
            #expect(row.mappings == 1 && row.kind == "darwin", "call \(call)")
        }
        #expect(rows.first?.resident == 4_235_264)  // 4136K
        #expect(rows.last?.resident == 50_331_648)  // 48.0M
        #expect(rows.last?.virtual == 58_720_256)  // 56.0M
        let perTime = try store.database.prepare(
            "SELECT count(*) FROM region_sample GROUP BY time_ms ORDER BY time_ms"
        ).rows { $0.int(0) }
        #expect(perTime == [12] + Array(repeating: 1, count: regionTicks.count - 1))  // 12 region names in fixture 05
        #expect(try store.database.scalarInt(TestSupport.regionRowsOutsideTheirTick) == 0)

        // The report: growing, and MALLOC_SMALL first (and alone) where it grew.
        let json = try TestSupport.memhist(["report", "--db", db, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let processes = try #require(try TestSupport.jsonObject(json.stdout)["processes"] as? [[String: Any]])
        let report = try #require(processes.first)
        #expect(processes.count == 1)
        #expect(report["verdict"] as? String == "growing", "\(report["reason"] ?? "")")
        #expect(report["samples"] as? Int == 12)
        #expect(report["first_bytes"] as? Int == VmmapStandIn.residentTotal(call: 1))
        #expect(report["last_bytes"] as? Int == VmmapStandIn.residentTotal(call: 12))
        #expect(report["growth_bytes"] as? Int == 46_096_384)
        let regions = try #require(report["regions"] as? [[String: Any]])
        #expect(regions.count == 1, "\(regions)")
        #expect(regions.first?["label"] as? String == VmmapStandIn.growingRegion)
        #expect(regions.first?["kind"] as? String == "darwin")
        #expect(regions.first?["growth_bytes"] as? Int == 50_331_648 - 4_235_264)

        let table = try TestSupport.memhist(["report", "--db", db])
        #expect(table.status == 0, "\(table.stderr)")
        let row = try #require(Self.lines(table.stdout).first { $0.hasPrefix("\(pid) ") })
        #expect(row.contains("growing"), "\(row)")
        let grewIn = try #require(Self.lines(table.stdout).first { $0.hasPrefix("  grew in: ") }, "\(table.stdout)")
        #expect(grewIn.dropFirst("  grew in: ".count).hasPrefix("MALLOC_SMALL +44.0 MiB (100%)"), "\(grewIn)")
    }

    @Test func twoProcessesCapturedTogetherEachGetHalfTheirResidentAsPSS() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let standIn = try VmmapStandIn(in: directory)
        let db = directory.appendingPathComponent("two.db").path
        let first = try TestSupport.start("/bin/sleep", ["300"])
        defer { kill(first.processIdentifier, SIGKILL) }
        let second = try TestSupport.start("/bin/sleep", ["300"])
        defer { kill(second.processIdentifier, SIGKILL) }

        let record = try TestSupport.memhist([
            "record", "--db", db, "--capture", "vmmap", "--vmmap", standIn.path,
            "--pid", String(first.processIdentifier), "--pid", String(second.processIdentifier),
            "--interval", "100ms", "--samples", "4", "--regions-every", "2", "--budget", "off", "--quiet",
        ])
        #expect(record.status == 0, "\(record.stderr)")
        // Two checks, then two calls per tick.
        #expect(standIn.calls == 10)

        let store = try HistoryStore(path: db, access: .readOnly)
        var residents: [Int] = []
        for pid in [first.processIdentifier, second.processIdentifier] {
            let samples = try Self.samples(store.database, pid: pid)
            #expect(samples.count == 4, "pid \(pid)")
            for sample in samples {
                #expect(sample.proportional == sample.resident / 2, "pid \(pid) at \(sample.timeMs)")
            }
            residents += samples.map(\.resident)
            let rows = try Self.regionRows(store.database, pid: pid, label: VmmapStandIn.growingRegion)
            #expect(rows.count == 3, "pid \(pid)")  // ticks 0, 2 and 3
            for row in rows {
                #expect(row.proportional == row.resident / 2, "pid \(pid)")
            }
        }
        // The ticks took calls 2 to 9 between them, each call's sizes once.
        #expect(residents.sorted() == (2..<10).map { VmmapStandIn.residentTotal(call: $0) })
    }

    @Test func aMissingVmmapFailsInOneLineAndLeavesNoDatabase() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("never.db").path
        let target = try TestSupport.start("/bin/sleep", ["300"])
        defer { kill(target.processIdentifier, SIGKILL) }

        let record = try TestSupport.memhist([
            "record", "--db", db, "--capture", "vmmap", "--vmmap", "/nonexistent/vmmap",
            "--pid", String(target.processIdentifier), "--samples", "3", "--interval", "100ms",
        ])
        #expect(record.status == 1)
        let lines = Self.lines(record.stderr)
        #expect(lines.count == 1, "\(record.stderr)")
        #expect(lines.first?.hasPrefix("Error: /nonexistent/vmmap ") == true, "\(record.stderr)")
        #expect(try Self.onlyFiles([], in: directory))
    }

    @Test func aVmmapThatRefusesEveryCallFailsInOneLineAndLeavesNoDatabase() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let standIn = try VmmapStandIn(in: directory, refusingFromCall: 0)
        let db = directory.appendingPathComponent("never.db").path
        let target = try TestSupport.start("/bin/sleep", ["300"])
        defer { kill(target.processIdentifier, SIGKILL) }
        let pid = target.processIdentifier

        let record = try TestSupport.memhist([
            "record", "--db", db, "--capture", "vmmap", "--vmmap", standIn.path, "--pid", String(pid),
            "--samples", "3", "--interval", "100ms",
        ])
        #expect(record.status == 1)
        let lines = Self.lines(record.stderr)
        #expect(lines.count == 1, "\(record.stderr)")
        let line = try #require(lines.first)
        #expect(line.hasPrefix("Error: vmmap \(pid) failed (status 1): vmmap: Permission denied;"), "\(line)")
        #expect(standIn.calls == 1)
        #expect(try Self.onlyFiles(["vmmap", "capture.txt", "calls"], in: directory))
    }

    @Test func aTargetThatVmmapRefusesIsSkippedAndTheOtherRecorded() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let refused = try TestSupport.start("/bin/sleep", ["300"])
        defer { kill(refused.processIdentifier, SIGKILL) }
        let readable = try TestSupport.start("/bin/sleep", ["300"])
        defer { kill(readable.processIdentifier, SIGKILL) }
        let standIn = try VmmapStandIn(in: directory, refusingPids: [refused.processIdentifier])
        let db = directory.appendingPathComponent("one.db").path

        let record = try TestSupport.memhist([
            "record", "--db", db, "--capture", "vmmap", "--vmmap", standIn.path,
            "--pid", String(refused.processIdentifier), "--pid", String(readable.processIdentifier),
            "--samples", "3", "--interval", "100ms", "--budget", "off", "--quiet",
        ])
        #expect(record.status == 0, "\(record.stderr)")
        let lines = Self.lines(record.stderr)
        #expect(lines.count == 1, "\(record.stderr)")
        #expect(
            lines.first?.hasPrefix(
                "memhist: vmmap \(refused.processIdentifier) failed (status 1): vmmap: Permission denied;")
                == true, "\(record.stderr)")
        #expect(lines.first?.hasSuffix("; recording the other targets") == true, "\(record.stderr)")

        let store = try HistoryStore(path: db, access: .readOnly)
        let pids = try store.database.prepare("SELECT pid FROM process").rows { $0.int64(0) }
        #expect(pids == [Int64(readable.processIdentifier)])
        let samples = try Self.samples(store.database, pid: readable.processIdentifier)
        // Checks took calls 0 and 1; alone in its ticks, the readable one has its whole resident size as PSS.
        #expect(samples.map(\.resident) == (2..<5).map { VmmapStandIn.residentTotal(call: $0) })
        #expect(samples.allSatisfy { $0.proportional == $0.resident })
    }

    @Test func aTargetThatVmmapStartsRefusingEndsUnreadable() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Calls 0 (the check) to 3 (tick 2) succeed; tick 3 is refused.
        let standIn = try VmmapStandIn(in: directory, refusingFromCall: 4)
        let db = directory.appendingPathComponent("unreadable.db").path
        let target = try TestSupport.start("/bin/sleep", ["300"])
        defer { kill(target.processIdentifier, SIGKILL) }
        let pid = target.processIdentifier

        let record = try TestSupport.memhist([
            "record", "--db", db, "--capture", "vmmap", "--vmmap", standIn.path, "--pid", String(pid),
            "--samples", "10", "--interval", "100ms", "--budget", "off", "--quiet",
        ])
        #expect(record.status == 0, "\(record.stderr)")
        let lines = Self.lines(record.stderr)
        #expect(lines.count == 1, "\(record.stderr)")
        #expect(
            lines.first?.hasPrefix("memhist: pid \(pid) is no longer recorded: vmmap \(pid) failed (status 1):")
                == true,
            "\(record.stderr)")
        #expect(standIn.calls == 5)

        let store = try HistoryStore(path: db, access: .readOnly)
        let process = try #require(try store.processes(sessionIDs: try store.sessions().map(\.id)).first)
        #expect(process.endReason == "unreadable")
        #expect(try store.sessions().first?.stopReason == "targets_exited")
        let samples = try Self.samples(store.database, pid: pid)
        #expect(samples.map(\.resident) == (1..<4).map { VmmapStandIn.residentTotal(call: $0) })
    }
}
