import Foundation
import Testing

@testable import Recorder

/// Faults 2 and 3 of the verdict issue: a page-walk metric the budget read on few ticks, or often while the
/// process was small and rarely once it grew, is judged on the resident size that every tick has.
@Suite("sparse page-walk metrics are judged on the resident size")
struct SparseMetricTests {
    static let start: Int64 = 1_700_000_000_000
    static let mib = 1 << 20

    static func ticks(_ count: Int) -> [Int64] { (0..<count).map { start + Int64($0) * 1000 } }

    @Test func aMetricOnEveryTickOrEvenlyOnEveryFifthIsNotSparse() {
        let ticks = Self.ticks(151)
        #expect(SparseMetric.check(metric: .pss, metricTimesMs: ticks, tickTimesMs: ticks, options: .default) == nil)
        let everyFifth = ticks.enumerated().filter { $0.offset % 5 == 0 }.map(\.element)
        #expect(
            SparseMetric.check(metric: .pss, metricTimesMs: everyFifth, tickTimesMs: ticks, options: .default) == nil)
    }

    @Test func threeOfAHundredAndFiftyOneTicksIsSparse() throws {
        // Fault 2: the first tick, one region read, the last.
        let ticks = Self.ticks(151)
        let sparse = try #require(
            SparseMetric.check(
                metric: .pss, metricTimesMs: [ticks[0], ticks[40], ticks[150]], tickTimesMs: ticks, options: .default))
        #expect(sparse.metricSamples == 3)
        #expect(sparse.ticks == 151)
        #expect(sparse.tailMetricSamples == 1)
        #expect(sparse.tailTicks == 61)
    }

    @Test func readOftenWhileSmallAndRarelyOnceLargeIsSparse() {
        // Fault 3: every tick in the first 60%, then 3 reads in the last 40%.
        let ticks = Self.ticks(300)
        let metric = Array(ticks[..<180]) + [ticks[220], ticks[260], ticks[299]]
        #expect(SparseMetric.check(metric: .pss, metricTimesMs: metric, tickTimesMs: ticks, options: .default) != nil)
        // Every 8th tick in the tail (15 reads): enough points, but an eighth of the head's density.
        let thinned = Array(ticks[..<180]) + stride(from: 180, to: 300, by: 8).map { ticks[$0] }
        #expect(SparseMetric.check(metric: .pss, metricTimesMs: thinned, tickTimesMs: ticks, options: .default) != nil)
        // Every 3rd: a third of the head's density is enough.
        let even = Array(ticks[..<180]) + stride(from: 180, to: 300, by: 3).map { ticks[$0] }
        #expect(SparseMetric.check(metric: .pss, metricTimesMs: even, tickTimesMs: ticks, options: .default) == nil)
    }

    @Test func tooFewTicksLeaveTheMetricAsItIs() {
        let ticks = Self.ticks(4)
        #expect(
            SparseMetric.check(metric: .pss, metricTimesMs: [ticks[0]], tickTimesMs: ticks, options: .default) == nil)
    }

    /// A real store: a process that rose from 5 to 170 MiB over the first 30% of 151 ticks, then held with a
    /// wander of ±2 MiB. Status (RSS) every tick; PSS on the ticks `pssTicks`.
    static func report(pssTicks: Set<Int>) throws -> ProcessReport {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try HistoryStore(path: directory.appendingPathComponent("s.db").path, access: .create)
        let session = try store.beginSession(HistoryStoreTests.sessionInfo())
        let process = try store.addProcess(
            sessionID: session, identity: HistoryStoreTests.identity(), startedMs: nil, firstSeenMs: start)
        var random = SeededGenerator(seed: 3)
        for tick in 0...150 {
            let time = start + Int64(tick) * 1000
            let rise = 165.0 * min(Double(tick) / 45, 1)
            let level = Int((5 + rise) * Double(mib) + random.uniform(2 * Double(mib)))
            var counters = ProcessCounters()
            counters.resident = level
            counters.residentAnonymous = level - mib
            counters.residentFile = mib
            counters.residentSharedMemory = 0
            counters.swap = 0
            let measured = pssTicks.contains(tick)
            let capture = ProcessCapture(
                identity: HistoryStoreTests.identity(), timeMs: time, detail: measured ? .rollup : .status,
                memory: measured
                    ? MemoryUsage(
                        mapCount: 10, residentSize: level, proportionalSize: level - mib, privateDirtySize: level / 2,
                        anonymousSize: level - mib)
                    : MemoryUsage(),
                counters: counters, regions: nil)
            try store.writeTick(
                sessionID: session, timeMs: time,
                samples: [.init(processID: process, capture: capture, regionRows: nil)], host: nil)
        }
        return try #require(try ReportBuilder(store: store).build(.latest).first)
    }

    @Test func aPlateauWithPssOnThreeTicksIsJudgedLevelledOffOnRss() throws {
        let report = try Self.report(pssTicks: [0, 40, 150])
        #expect(report.trend.verdict == .levelledOff, "\(report.trend.reason)")
        #expect(report.judgedOn == .rss)
        #expect(report.trend.samples == 3)
        #expect(report.trend.reason.hasPrefix("judged on RSS, which every tick measured (PSS on 3 of 151 ticks"))
    }

    @Test func aPlateauReadOftenWhileSmallIsJudgedLevelledOffOnRss() throws {
        // Fault 3: PSS on every tick of the rise and 3 ticks of the plateau's last 40%.
        let report = try Self.report(pssTicks: Set(0..<60).union([100, 125, 150]))
        #expect(report.trend.verdict == .levelledOff, "\(report.trend.reason)")
        #expect(report.judgedOn == .rss)
        #expect(report.trend.growingSinceMs == nil)
    }

    @Test func aPlateauWithPssOnEveryTickIsJudgedOnPss() throws {
        let report = try Self.report(pssTicks: Set(0...150))
        #expect(report.trend.verdict == .levelledOff, "\(report.trend.reason)")
        #expect(report.judgedOn == .pss)
        #expect(report.trend.sparseMetric == nil)
    }
}
