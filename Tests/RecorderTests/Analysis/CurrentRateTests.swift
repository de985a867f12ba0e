import Foundation
import Recorder
import Testing

/// A fast rise that slowed but did not stop (the allocator keeps freed memory): one sample a second.
private enum FastThenSlow {
    static let mib = 1_048_576.0
    static let start: Int64 = 1_700_000_000_000
    /// The rise of the first 90 s, bytes per hour.
    static let fastRate = 600 * mib
    /// The rise after, bytes per hour.
    static let slowRate = 40 * mib
    static let changeSeconds = 90.0

    static func series(seconds: Int, seed: UInt64) -> (times: [Int64], values: [Double]) {
        var random = SeededGenerator(seed: seed)
        let times = (0...seconds).map { start + Int64($0) * 1_000 }
        let values = (0...seconds).map { second -> Double in
            let t = Double(second)
            let fast = fastRate * min(t, changeSeconds) / 3600
            let slow = slowRate * max(0, t - changeSeconds) / 3600
            return 50 * mib + fast + slow + random.uniform(0.2 * mib)
        }
        return (times, values)
    }

    static func analyze(seconds: Int, seed: UInt64) -> Trend {
        let (times, values) = series(seconds: seconds, seed: seed)
        return TrendAnalyzer.analyze(timesMs: times, values: values)
    }
}

@Suite("Current rate")
struct CurrentRateTests {
    private let mib = FastThenSlow.mib

    @Test("fast for 90 s then slow for 4 min is growing, at the slow rate since the change")
    func fastThenSlow() throws {
        for seed in 1...5 as ClosedRange<UInt64> {
            let trend = FastThenSlow.analyze(seconds: 330, seed: seed)
            #expect(trend.verdict == .growing, "seed \(seed): \(trend.reason)")
            let current = try #require(trend.currentSlopePerHour, "seed \(seed): \(trend.reason)")
            #expect(abs(current - FastThenSlow.slowRate) <= 0.25 * FastThenSlow.slowRate, "seed \(seed): \(current)")
            #expect(current < trend.slopeLowPerHour, "below the whole window's interval: \(trend.reason)")
            let since = try #require(trend.currentSinceMs)
            #expect(abs(since - FastThenSlow.start - 90_000) <= 15_000, "seed \(seed): since \(since)")
            #expect(trend.reason.contains("now +"), "\(trend.reason)")
        }
    }

    @Test("the verdict is the same at 3, 4 and 5 minutes of data")
    func sameVerdictAsDataGrows() {
        for seed in 1...5 as ClosedRange<UInt64> {
            let verdicts = [180, 240, 300].map { FastThenSlow.analyze(seconds: $0, seed: seed) }
            for trend in verdicts {
                #expect(trend.verdict == .growing, "seed \(seed), \(trend.durationMs) ms: \(trend.reason)")
            }
        }
    }

    @Test("a steady leak has no current rate: the whole-window slope is the current one")
    func steadyLeak() {
        for seed in 1...10 as ClosedRange<UInt64> {
            var random = SeededGenerator(seed: seed)
            let times = (0...3600).map { FastThenSlow.start + Int64($0) * 1_000 }
            let values = (0...3600).map { 100 * mib + 20 * mib * Double($0) / 3600 + random.uniform(3 * mib) }
            let trend = TrendAnalyzer.analyze(timesMs: times, values: values)
            #expect(trend.verdict == .growing, "seed \(seed): \(trend.reason)")
            #expect(trend.currentSlopePerHour == nil, "seed \(seed): \(trend.reason)")
            #expect(trend.currentSinceMs == nil)
            #expect(trend.currentRatePerHour == trend.slopePerHour)
        }
    }

    @Test("the forecast's rate is the current slope")
    func forecastUsesCurrentRate() throws {
        let (times, values) = FastThenSlow.series(seconds: 330, seed: 7)
        let trend = TrendAnalyzer.analyze(timesMs: times, values: values)
        let current = try #require(trend.currentSlopePerHour)
        var host = HostSeries()
        host.timesMs = times
        host.available = times.map { _ in 1 << 30 }
        host.cgroupUsage = times.map { _ in nil }
        host.cgroupLimit = times.map { _ in nil }
        let horizon = try #require(Forecast.compute(trend: trend, host: host).hostAvailable)
        #expect(horizon.rateBytesPerHour == current)
        let hours = try #require(horizon.hours)
        #expect(abs(hours - Double(1 << 30) / current) < 1e-9)
    }
}
