import Foundation
import Testing

@testable import Recorder

/// Files that pass integrity_check but hold values no recording writes: reading them must leave
/// those values out, never trap, in every output.
@Suite("history store: reading values no recording writes")
struct HistoryStoreReadingTests {
    /// A store with one session of one process: ten good samples a second apart, and rows
    /// holding the given `extreme` values (SQL literals) in place of the time and the PSS.
    static func store(in directory: URL, extremes: [(time: String, pss: String)]) throws -> HistoryStore {
        let path = directory.appendingPathComponent("x.db").path
        let store = try HistoryStore(path: path, access: .create)
        let session = try store.beginSession(HistoryStoreTests.sessionInfo())
        let process = try store.addProcess(
            sessionID: session, identity: HistoryStoreTests.identity(), startedMs: nil, firstSeenMs: 1_700_000_000_000)
        for tick in 0..<10 {
            let time = 1_700_000_000_000 + Int64(tick) * 1000
            try store.writeTick(
                sessionID: session, timeMs: time,
                samples: [
                    .init(
                        processID: process, capture: HistoryStoreTests.capture(timeMs: time, pss: (1 + tick) << 20),
                        regionRows: nil)
                ], host: nil)
        }
        try store.database.execute("PRAGMA foreign_keys = OFF")
        for (time, pss) in extremes {
            try store.database.execute(
                """
                INSERT OR REPLACE INTO sample (process_id, time_ms, detail, resident_size, proportional_size,
                                               private_dirty_size, swap_size, peak_resident_size)
                VALUES (\(process), \(time), 2, \(pss), \(pss), \(pss), \(pss), \(pss))
                """)
        }
        try store.database.execute(
            """
            INSERT INTO host_sample (session_id, time_ms, mem_total, mem_available, cgroup_usage, cgroup_limit)
            VALUES (\(session), 4000000000000000000, 9223372036854775807, -1, 1e300, 'lots');
            INSERT INTO region (id, label, kind) VALUES (900, 'x', 'anonymous'), (901, 'y', 'anonymous');
            INSERT INTO region_sample VALUES
              (\(process), 1700000000000, 900, '', 1, 0, 9223372036854775807, 9223372036854775807, 0, 0, 0, 0, 0, 0, 0, 0),
              (\(process), 1700000000000, 901, '', 1, 0, 1152921504606846976, 1152921504606846976, 0, 0, 0, 0, 0, 0, 0, 0);
            UPDATE sample SET detail = 3 WHERE time_ms = 1700000000000;
            """)
        return store
    }

    @Test(
        "extreme times and sizes are left out of every report format",
        arguments: [
            ("4000000000000000000", "1048576", false), ("1700000000500", "9223372036854775807", false),
            ("1700000000600", "-5", false), ("1700000000700", "1e300", false), ("1700000000800", "'a lot'", false),
            ("1700000000900", "x'00ff'", false), ("-1", "1048576", false), ("'soon'", "1048576", false),
            // A whole real number in an INTEGER column is stored as an integer: a time in 2445, kept.
            ("1.5e13", "1048576", true),
        ])
    func extremesAreLeftOut(time: String, pss: String, kept: Bool) throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.store(in: directory, extremes: [(time, pss)])
        for metric in Metric.allCases {
            var builder = ReportBuilder(store: store)
            builder.metric = metric
            builder.since = TimeBound("-1h")
            let reports = try builder.build(.all)
            #expect(reports.count == 1)
            let series = try store.series(processID: reports[0].process.id, metric: metric)
            #expect(series.values.allSatisfy { $0 >= 0 && $0 <= Double(RegionSizes.limit) })
            #expect(series.timesMs.allSatisfy { StoredRange.timeMs.contains($0) })
            #expect(zip(series.timesMs, series.timesMs.dropFirst()).allSatisfy { $0 < $1 })
            for format in ReportFormat.allCases {
                let text = ReportRenderer(reports: reports, sessions: try store.sessions()).render(format)
                #expect(!text.isEmpty)
            }
            let comparison = RunComparison(baseline: reports, candidate: reports)
            for format in ReportFormat.allCases {
                #expect(
                    !ComparisonRenderer(comparison: comparison, baselineName: "a", candidateName: "b").render(format)
                        .isEmpty)
            }
        }
        let pssSeries = try store.series(processID: 1, metric: .pss)
        #expect(pssSeries.values.count == 10 + (kept ? 1 : 0))
    }

    @Test func rowsOutOfOrderComeBackSorted() {
        var series = SampleSeries()
        series.timesMs = [3, 1, 2, 2]
        series.values = [30, 10, 20, 21]
        series.residentTimesMs = [2, 1]
        series.resident = [2, 1]
        series.sortByTime()
        #expect(series.timesMs == [1, 2, 3])
        #expect(series.values == [10, 20, 30])
        #expect(series.resident == [1, 2])
    }
}
