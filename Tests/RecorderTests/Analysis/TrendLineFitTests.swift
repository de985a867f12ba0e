import Testing

@testable import Recorder

@Suite("the trend line drawn over a chart")
struct TrendLineFitTests {
    @Test func aLevelTrendRunsThroughTheMiddleAndAFloorTrendUnderTheTroughs() throws {
        // 1 MiB per minute under a 20 MiB sawtooth with a period of 30 s, sampled every second.
        let times = (0..<600).map { Int64($0) * 1000 }
        let leak = times.map { Double($0) / 60_000 * 1_048_576 }
        let level = zip(times, leak).map { 100 * 1_048_576 + $1 }
        let trend = TrendAnalyzer.analyze(timesMs: times, values: level)
        let line = try #require(TrendLineFit.of(trend, timesMs: times, values: level))
        #expect(line.startMs == 0 && line.endMs == 599_000)
        #expect(abs(line.startValue - 100 * 1_048_576) < 1_048_576)
        #expect(abs(line.endValue - level.last!) < 1_048_576)

        let saw = zip(times, leak).map { time, rise in
            100 * 1_048_576 + rise + Double(time % 30_000) / 30_000 * 20 * 1_048_576
        }
        let sawTrend = TrendAnalyzer.analyze(timesMs: times, values: saw)
        #expect(sawTrend.basis == .floor)
        let floor = try #require(TrendLineFit.of(sawTrend, timesMs: times, values: saw))
        // Under every point, touching the lowest trough.
        let perMs = sawTrend.slopePerHour / 3_600_000
        for (time, value) in zip(times, saw) where time >= floor.startMs {
            #expect(floor.startValue + perMs * Double(time - floor.startMs) <= value + 1)
        }
    }

    @Test func aTrendWithoutAFitHasNoLine() {
        let trend = TrendAnalyzer.analyze(timesMs: [0, 1000], values: [1, 2])
        #expect(TrendLineFit.of(trend, timesMs: [0, 1000], values: [1, 2]) == nil)
    }
}
