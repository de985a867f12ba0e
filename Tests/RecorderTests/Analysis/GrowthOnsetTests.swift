import Foundation
import Recorder
import Testing

/// When it started: for a growing series, when the growth began and since when it has been judged growing.
@Suite("growth onset")
struct GrowthOnsetTests {
    static let start: Int64 = 1_700_000_000_000
    static let mib = 1_048_576.0

    /// One sample a second for `seconds`, with ±0.5 MiB of noise.
    static func series(seconds: Int, seed: UInt64, _ value: (Double) -> Double) -> (times: [Int64], values: [Double]) {
        var random = SeededGenerator(seed: seed)
        let times = (0...seconds).map { start + Int64($0) * 1000 }
        let values = (0...seconds).map { value(Double($0)) + random.uniform(0.5 * mib) }
        return (times, values)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func aLeakThatStartsAfterAFlatHourBeganThere(seed: UInt64) throws {
        // Flat at 100 MiB for 40 min, then 1 MiB a minute for 20 min.
        let (times, values) = Self.series(seconds: 3600, seed: seed) {
            100 * Self.mib + max(0, $0 - 2400) / 60 * Self.mib
        }
        let trend = TrendAnalyzer.analyze(timesMs: times, values: values)
        #expect(trend.verdict == .growing, "\(trend.reason)")
        let began = try #require(trend.growthStartMs)
        // Within two bucket widths (2 × 36 s) of the 40th minute.
        #expect(abs(began - (Self.start + 2_400_000)) <= 72_000)
        let since = try #require(
            TrendAnalyzer.growingSince(timesMs: times, values: values))
        // Judged growing after it began, and before the end; one check step is 150 s.
        #expect(since > began)
        #expect(since < Self.start + 3_600_000)
    }

    @Test func aLeakFromTheStartBeganAtTheFirstSampleAndIsCalledEarly() throws {
        // 1 MiB a minute from the start: the growth began at once and is called within the first quarter.
        let (times, values) = Self.series(seconds: 3600, seed: 4) { 100 * Self.mib + $0 / 60 * Self.mib }
        let trend = TrendAnalyzer.analyze(timesMs: times, values: values)
        #expect(trend.verdict == .growing)
        #expect(trend.growthStartMs == Self.start)
        let since = try #require(TrendAnalyzer.growingSince(timesMs: times, values: values))
        #expect(since <= Self.start + 900_000)
    }

    @Test func onlyGrowthHasAnOnset() {
        let (times, values) = Self.series(seconds: 3600, seed: 5) { _ in 100 * Self.mib }
        let trend = TrendAnalyzer.analyze(timesMs: times, values: values)
        #expect(trend.verdict == .stable)
        #expect(trend.growthStartMs == nil)
    }

    @Test func aLongSeriesIsJudgedOnBinsAndGivesTheSameOnset() throws {
        // A day at 1 s is merged into 2,400 bins for the checks; a leak that starts at noon is called after it.
        let (times, values) = Self.series(seconds: 86_400, seed: 6) {
            100 * Self.mib + max(0, $0 - 43_200) / 600 * Self.mib
        }
        let since = try #require(TrendAnalyzer.growingSince(timesMs: times, values: values))
        #expect(since > Self.start + 43_200_000)
        #expect(since < Self.start + 86_400_000)
    }
}
