import Foundation
import Recorder
import Testing

/// Synthetic shapes: a rise that ends, a plateau that wanders, single steps; one sample a second.
private enum Shapes {
    static let mib = 1_048_576.0
    static let start: Int64 = 1_700_000_000_000

    static func analyze(seconds: Int, _ value: (Double) -> Double) -> Trend {
        let times = (0...seconds).map { start + Int64($0) * 1_000 }
        let values = (0...seconds).map { value(Double($0)) }
        return TrendAnalyzer.analyze(timesMs: times, values: values)
    }

    /// A plateau that wanders within ±2 MiB: a bounded random walk plus sample noise.
    struct Wander {
        var random: SeededGenerator
        var level = 0.0

        init(seed: UInt64) { random = SeededGenerator(seed: seed) }

        mutating func next() -> Double {
            level = min(1.75 * mib, max(-1.75 * mib, level + random.gaussian(sigma: 0.05 * mib)))
            return level + random.uniform(0.25 * mib)
        }
    }

    /// 5 MiB rising linearly to 170 MiB until `riseEnd` (a fraction of the hour), then a wandering plateau.
    static func riseThenPlateau(riseEnd: Double, seed: UInt64) -> Trend {
        var wander = Wander(seed: seed)
        let end = riseEnd * 3600
        return analyze(seconds: 3600) { t in 5 * mib + 165 * mib * min(t / end, 1) + wander.next() }
    }

    /// A verdict that agrees with its own slope and confidence.
    static func consistent(_ trend: Trend) -> Bool {
        switch trend.verdict {
        case .growing: trend.slopePerHour > 0 && trend.confidence > 0 && trend.risingWindowSteps > 0
        case .shrinking: trend.slopePerHour < 0 && trend.confidence > 0 && trend.risingWindowSteps > 0
        default: true
        }
    }
}

@Suite("Trend shapes")
struct TrendShapeTests {
    private let mib = Shapes.mib

    @Test(
        "a rise that ends at 10 %, 20 %, 30 % or 45 % of the window, then a wandering plateau, has levelled off",
        arguments: [0.1, 0.2, 0.3, 0.45]
    )
    func riseThenPlateau(riseEnd: Double) {
        for seed in 1...10 as ClosedRange<UInt64> {
            let trend = Shapes.riseThenPlateau(riseEnd: riseEnd, seed: seed)
            #expect(trend.verdict == .levelledOff, "rise to \(riseEnd), seed \(seed): \(trend.reason)")
            #expect(trend.confidence > 0)
        }
    }

    @Test("a steady leak under noise is growing for every seed")
    func steadyLeak() {
        for seed in 1...10 as ClosedRange<UInt64> {
            var random = SeededGenerator(seed: seed)
            let trend = Shapes.analyze(seconds: 3600) { t in 100 * mib + 20 * mib * t / 3600 + random.uniform(3 * mib) }
            #expect(trend.verdict == .growing, "seed \(seed): \(trend.reason)")
            #expect(Shapes.consistent(trend))
        }
    }

    @Test("a rise, a plateau, then a rise in the last fifth is growing")
    func plateauThenRise() {
        for seed in 1...5 as ClosedRange<UInt64> {
            var wander = Shapes.Wander(seed: seed)
            let trend = Shapes.analyze(seconds: 3600) { t in
                5 * mib + 165 * mib * min(t / 720, 1) + 40 * mib * max(0, t - 2880) / 720 + wander.next()
            }
            #expect(trend.verdict == .growing, "seed \(seed): \(trend.reason)")
        }
    }

    @Test(
        "one step down of 400 MiB in a flat series is stable, and the reason names the step",
        arguments: [0.3, 0.5, 0.8])
    func stepDown(at fraction: Double) throws {
        let trend = Shapes.analyze(seconds: 3600) { t in t < 3600 * fraction ? 600 * mib : 200 * mib }
        #expect(trend.verdict == .stable, "\(trend.reason)")
        #expect(trend.reason.contains("stepped down -400.0 MiB"), "\(trend.reason)")
        guard case .fitted(let facts) = trend.explanation else {
            Issue.record("no fit")
            return
        }
        let step = try #require(facts.changePoint)
        #expect(step.kind == .step && abs(step.size + 400 * mib) < mib)
        #expect(abs(step.offsetMs - 3_600_000 * fraction) < 60_000)
    }

    @Test("one step up in a flat series has levelled off, with the step reported", arguments: [0.3, 0.5, 0.85])
    func stepUp(at fraction: Double) {
        var random = SeededGenerator(seed: 31)
        let trend = Shapes.analyze(seconds: 3600) { t in
            (t < 3600 * fraction ? 100 * mib : 150 * mib) + random.uniform(0.5 * mib)
        }
        #expect(trend.verdict == .levelledOff, "\(trend.reason)")
        #expect(trend.reason.contains("in one step"), "\(trend.reason)")
    }

    @Test("no verdict contradicts its reason, over many generated shapes")
    func consistency() {
        var random = SeededGenerator(seed: 99)
        for _ in 0..<60 {
            let base = 50 * mib + random.unit() * 500 * mib
            let slope = (random.unit() - 0.5) * 100 * mib
            let stepAt = random.unit() * 3600
            let step = random.unit() < 0.5 ? (random.unit() - 0.5) * 800 * mib : 0
            let riseEnd = 60 + random.unit() * 3000
            let noise = random.unit() * 5 * mib
            let kind = Int(random.unit() * 3)
            var local = SeededGenerator(seed: random.next())
            let trend = Shapes.analyze(seconds: 1800 + Int(random.unit() * 3600)) { t in
                let shape: Double
                switch kind {
                case 0: shape = slope * t / 3600
                case 1: shape = slope * min(t, riseEnd) / 3600
                default: shape = 0
                }
                return max(0, base + shape + (t >= stepAt ? step : 0) + local.uniform(noise))
            }
            #expect(Shapes.consistent(trend), "\(trend.verdict): \(trend.reason)")
        }
    }
}
