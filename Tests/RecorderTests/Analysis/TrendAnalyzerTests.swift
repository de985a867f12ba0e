import Foundation
import Recorder
import Testing

/// Synthetic memory series: times in Unix ms from a fixed start, values in bytes.
private enum Synthetic {
    static let kib = 1_024.0
    static let mib = 1_048_576.0
    static let start: Int64 = 1_700_000_000_000

    /// Samples `value(t)` every `step` seconds for `seconds` seconds (t in seconds from the start).
    static func series(seconds: Double, step: Double = 1, _ value: (Double) -> Double) -> ([Int64], [Double]) {
        let count = Int((seconds / step).rounded()) + 1
        let times = (0..<count).map { start + Int64((Double($0) * step * 1_000).rounded()) }
        let values = (0..<count).map { value(Double($0) * step) }
        return (times, values)
    }

    /// A garbage-collector tooth: rises linearly by `amplitude` over `period` seconds, then drops back at once.
    static func sawtooth(_ t: Double, period: Double, amplitude: Double, phase: Double = 0) -> Double {
        let x = (t + phase) / period
        return amplitude * (x - x.rounded(.down))
    }

    static func analyze(_ series: ([Int64], [Double]), options: TrendOptions = .default) -> Trend {
        TrendAnalyzer.analyze(timesMs: series.0, values: series.1, options: options)
    }

    /// The leak under a sawtooth used for the detection-delay measurement.
    static func leakUnderSawtooth(
        minutes: Double,
        period: Double,
        leakPerMinute: Double,
        seed: UInt64
    )
        -> ([Int64], [Double])
    {
        var random = SeededGenerator(seed: seed)
        return series(seconds: minutes * 60) { t in
            100 * mib + sawtooth(t, period: period, amplitude: 50 * mib, phase: 7)
                + leakPerMinute * t / 60 + random.uniform(0.25 * mib)
        }
    }
}

private func relativeError(_ estimate: Double, _ truth: Double) -> Double {
    abs(estimate - truth) / abs(truth)
}

@Suite("TrendAnalyzer")
struct TrendAnalyzerTests {
    private let mib = Synthetic.mib

    @Test("steady linear growth is growing, with the slope within 10 %")
    func linearGrowth() {
        var random = SeededGenerator(seed: 1)
        let trend = Synthetic.analyze(
            Synthetic.series(seconds: 2 * 3600) { t in
                100 * mib + 10 * mib * t / 3600 + random.uniform(0.5 * mib)
            }
        )
        #expect(trend.verdict == .growing)
        #expect(relativeError(trend.slopePerHour, 10 * mib) < 0.1)
        #expect(trend.slopeLowPerHour <= trend.slopePerHour && trend.slopePerHour <= trend.slopeHighPerHour)
        #expect(trend.slopeLowPerHour < 10 * mib && 10 * mib < trend.slopeHighPerHour)
        #expect(trend.basis == .level)
        #expect(trend.pValue < 0.001 && trend.mannKendallZ > 0)
        #expect(trend.reason.contains("MiB/h"))
        #expect(trend.samples == 7201 && trend.durationMs == 7_200_000)
    }

    @Test("growth then a plateau is levelled off")
    func growthThenPlateau() {
        var random = SeededGenerator(seed: 2)
        let trend = Synthetic.analyze(
            Synthetic.series(seconds: 2 * 3600) { t in
                let rising = min(t, 0.4 * 7200)
                return 100 * mib + 60 * mib * rising / (0.4 * 7200) + random.uniform(0.5 * mib)
            }
        )
        #expect(trend.verdict == .levelledOff)
        #expect(abs(trend.tailSlopePerHour ?? .infinity) < 2 * mib)
    }

    @Test("a sawtooth over a level floor is stable: the slope follows the troughs", arguments: [30.0, 45.0, 60.0])
    func sawtoothLevelFloor(period: Double) {
        var random = SeededGenerator(seed: 3)
        let trend = Synthetic.analyze(
            Synthetic.series(seconds: 3600) { t in
                100 * mib + Synthetic.sawtooth(t, period: period, amplitude: 50 * mib) + random.uniform(0.25 * mib)
            }
        )
        #expect(trend.verdict == .stable)
        #expect(trend.basis == .floor)
        #expect(trend.releases >= 3600 / Int(period) - 1)
        #expect(abs(trend.slopePerHour) < 1 * mib)
        #expect(trend.peak - trend.minimum > 45 * mib)
    }

    @Test("a sawtooth over a rising floor is growing at the floor's rate", arguments: [30.0, 45.0, 60.0])
    func sawtoothRisingFloor(period: Double) {
        var random = SeededGenerator(seed: 4)
        let trend = Synthetic.analyze(
            Synthetic.series(seconds: 3600) { t in
                100 * mib + Synthetic.sawtooth(t, period: period, amplitude: 50 * mib) + mib * t / 60
                    + random.uniform(0.25 * mib)
            }
        )
        #expect(trend.verdict == .growing)
        #expect(trend.basis == .floor)
        #expect(relativeError(trend.slopePerHour, 60 * mib) < 0.1)
        #expect(trend.floorSlopePerHour == trend.slopePerHour)
        #expect(trend.reason.contains("floor"))
    }

    @Test("one step up between two flat stretches has levelled off, not growing")
    func stepUp() {
        var random = SeededGenerator(seed: 5)
        let trend = Synthetic.analyze(
            Synthetic.series(seconds: 2 * 3600) { t in
                100 * mib + (t >= 3600 ? 50 * mib : 0) + random.uniform(0.5 * mib)
            }
        )
        #expect(trend.verdict == .levelledOff)
        #expect(trend.reason.contains("rose +"))
    }

    @Test(
        "a slow leak under uniform noise ten times its hourly growth is growing, slope within 10 %",
        arguments: [11, 12, 13] as [UInt64]
    )
    func slowLeakUniformNoise(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let trend = Synthetic.analyze(
            Synthetic.series(seconds: 6 * 3600) { t in
                200 * mib + 2 * mib * t / 3600 + random.uniform(20 * mib)
            }
        )
        #expect(trend.verdict == .growing)
        #expect(relativeError(trend.slopePerHour, 2 * mib) < 0.1)
    }

    @Test(
        "a slow leak under Gaussian noise (±20 MiB at 2σ) is growing, slope within 10 %",
        arguments: [21, 22, 23] as [UInt64]
    )
    func slowLeakGaussianNoise(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let trend = Synthetic.analyze(
            Synthetic.series(seconds: 6 * 3600) { t in
                200 * mib + 2 * mib * t / 3600 + random.gaussian(sigma: 10 * mib)
            }
        )
        #expect(trend.verdict == .growing)
        #expect(relativeError(trend.slopePerHour, 2 * mib) < 0.1)
    }

    @Test("a steady decline is shrinking")
    func shrinking() {
        var random = SeededGenerator(seed: 7)
        let trend = Synthetic.analyze(
            Synthetic.series(seconds: 2 * 3600) { t in
                500 * mib - 20 * mib * t / 3600 + random.uniform(1 * mib)
            }
        )
        #expect(trend.verdict == .shrinking)
        #expect(relativeError(trend.slopePerHour, -20 * mib) < 0.1)
        #expect(trend.reason.contains("-20.0 MiB/h"))
        #expect(trend.risingWindowSteps == trend.windowSteps)
    }

    @Test("too few samples or too short a window is insufficient data")
    func insufficientData() {
        let three = Synthetic.analyze(Synthetic.series(seconds: 2, step: 1) { t in 100 * mib + t * mib })
        #expect(three.samples == 3)
        #expect(three.verdict == .insufficientData)
        #expect(three.confidence == 0)
        #expect(three.growth == 2 * mib)

        let short = Synthetic.analyze(Synthetic.series(seconds: 1.5, step: 0.1) { t in 100 * mib + t * mib })
        #expect(short.samples == 16)
        #expect(short.verdict == .insufficientData)
        #expect(short.reason.contains("need at least"))

        let empty = TrendAnalyzer.analyze(timesMs: [], values: [])
        #expect(empty.verdict == .insufficientData && empty.samples == 0)

        let mismatched = TrendAnalyzer.analyze(timesMs: [0, 1_000, 2_000, 3_000], values: [1, 2])
        #expect(mismatched.samples == 2 && mismatched.verdict == .insufficientData)
    }

    @Test("a sawtooth with too few teeth is insufficient data, not growth")
    func tooFewTeeth() {
        var random = SeededGenerator(seed: 8)
        let trend = Synthetic.analyze(
            Synthetic.series(seconds: 100) { t in
                100 * mib + Synthetic.sawtooth(t, period: 30, amplitude: 50 * mib) + random.uniform(0.25 * mib)
            }
        )
        #expect(trend.verdict == .insufficientData)
        #expect(trend.releases == 3)
        #expect(trend.reason.contains("sawtooth"))
    }

    @Test("a single spike on a flat series is stable with a slope near zero", arguments: [0.1, 0.5, 0.97])
    func singleSpike(at fraction: Double) {
        var random = SeededGenerator(seed: 9)
        let spike = (3600 * fraction).rounded()
        let trend = Synthetic.analyze(
            Synthetic.series(seconds: 3600) { t in
                100 * mib + (t == spike ? 500 * mib : 0) + random.uniform(0.5 * mib)
            }
        )
        #expect(trend.verdict == .stable)
        #expect(abs(trend.slopePerHour) < 0.5 * mib)
        #expect(trend.peak > 599 * mib)
        #expect(trend.basis == .level)
    }

    @Test("a flat series with small noise is stable and confident")
    func flatNoise() {
        var random = SeededGenerator(seed: 10)
        let trend = Synthetic.analyze(
            Synthetic.series(seconds: 3600) { t in 100 * mib + random.gaussian(sigma: 0.5 * mib) }
        )
        #expect(trend.verdict == .stable)
        #expect(abs(trend.slopePerHour) < 0.2 * mib)
        #expect(trend.confidence > 0.8)
    }

    @Test("a constant series is stable with a zero slope")
    func constant() {
        let trend = Synthetic.analyze(Synthetic.series(seconds: 600) { _ in 64 * mib })
        #expect(trend.verdict == .stable)
        #expect(trend.slopePerHour == 0 && trend.slopeLowPerHour == 0 && trend.slopeHighPerHour == 0)
        #expect(trend.pValue == 1)
    }

    @Test("a warm-up followed by a flat series has levelled off, not growing")
    func warmUpThenFlat() throws {
        var random = SeededGenerator(seed: 14)
        let trend = Synthetic.analyze(
            Synthetic.series(seconds: 3600) { t in
                20 * mib + 100 * mib * min(t / 60, 1) + random.uniform(0.5 * mib)
            }
        )
        #expect(trend.verdict == .levelledOff)
        let warmUpEnd = try #require(trend.warmUpEndTimeMs)
        #expect(warmUpEnd - Synthetic.start <= 360_000)
        #expect(abs(trend.slopePerHour) < 1 * mib)
        #expect(trend.reason.contains("warm-up"))
        #expect(trend.reason.hasPrefix("rose +100."))
    }

    @Test("a warm-up followed by a leak is growing at the leak's rate")
    func warmUpThenLeak() {
        var random = SeededGenerator(seed: 15)
        let trend = Synthetic.analyze(
            Synthetic.series(seconds: 3600) { t in
                20 * mib + 100 * mib * min(t / 60, 1) + 30 * mib * t / 3600 + random.uniform(0.5 * mib)
            }
        )
        #expect(trend.verdict == .growing)
        #expect(relativeError(trend.slopePerHour, 30 * mib) < 0.1)
    }

    @Test("short runs sampled every 0.2 s: growth is growing, a flat run is stable", arguments: [10.0, 20.0])
    func shortRuns(seconds: Double) {
        var random = SeededGenerator(seed: 16)
        let growing = Synthetic.analyze(
            Synthetic.series(seconds: seconds, step: 0.2) { t in 50 * mib + 2 * mib * t + random.uniform(0.2 * mib) }
        )
        #expect(growing.verdict == .growing)
        #expect(relativeError(growing.slopePerHour, 2 * mib * 3600) < 0.1)
        #expect(growing.reason.contains("GiB/h"))

        let flat = Synthetic.analyze(
            Synthetic.series(seconds: seconds, step: 0.2) { _ in 50 * mib + random.uniform(0.2 * mib) }
        )
        #expect(flat.verdict == .stable)
    }

    @Test("unevenly spaced and unsorted samples give the same slope")
    func unevenSampling() {
        var random = SeededGenerator(seed: 17)
        var times: [Int64] = []
        var values: [Double] = []
        var t = 0.0
        while t < 7200 {
            times.append(Synthetic.start + Int64(t * 1_000))
            values.append(100 * mib + 10 * mib * t / 3600 + random.uniform(0.5 * mib))
            t += 0.5 + 4 * random.unit() + (random.unit() < 0.01 ? 300 : 0)
        }
        let sorted = TrendAnalyzer.analyze(timesMs: times, values: values)
        #expect(sorted.verdict == .growing)
        #expect(relativeError(sorted.slopePerHour, 10 * mib) < 0.1)
        let shuffled = Array(zip(times, values).reversed())
        let unsorted = TrendAnalyzer.analyze(timesMs: shuffled.map(\.0), values: shuffled.map(\.1))
        #expect(unsorted.slopePerHour == sorted.slopePerHour && unsorted.verdict == sorted.verdict)
    }

    @Test("non-finite values are ignored")
    func nonFinite() {
        var series = Synthetic.series(seconds: 600) { t in 100 * mib + 6 * mib * t / 60 }
        series.1[10] = .nan
        series.1[20] = .infinity
        let trend = Synthetic.analyze(series)
        #expect(trend.samples == 599)
        #expect(trend.verdict == .growing)
        #expect(relativeError(trend.slopePerHour, 360 * mib) < 0.01)
    }

    @Test("clean linear growth is more confident than a slow leak under noise")
    func confidenceOrdering() {
        var random = SeededGenerator(seed: 18)
        let clean = Synthetic.analyze(
            Synthetic.series(seconds: 2 * 3600) { t in 100 * mib + 10 * mib * t / 3600 + random.uniform(0.5 * mib) }
        )
        let noisy = Synthetic.analyze(
            Synthetic.series(seconds: 6 * 3600) { t in 200 * mib + 2 * mib * t / 3600 + random.uniform(20 * mib) }
        )
        #expect(clean.verdict == .growing && noisy.verdict == .growing)
        #expect(clean.confidence > noisy.confidence)
        #expect(clean.confidence > 0.9)
        #expect((0...1).contains(noisy.confidence))
    }

    @Test("the reason gives rates in KiB, MiB or GiB per hour")
    func humanUnits() {
        let slow = Synthetic.analyze(
            Synthetic.series(seconds: 3600) { t in 1_000 * mib + 512 * Synthetic.kib * t / 3600 }
        )
        #expect(slow.reason.contains("+512.0 KiB/h"))
        let fast = Synthetic.analyze(Synthetic.series(seconds: 3600) { t in 100 * mib + 3 * 1_024 * mib * t / 3600 })
        #expect(fast.reason.hasPrefix("+3.0 GiB/h"))
        let minutes = Synthetic.analyze(Synthetic.series(seconds: 600) { t in 100 * mib + mib * t / 60 })
        #expect(minutes.reason.hasPrefix("+60.0 MiB/h"))
    }

    @Test("options change the verdict: a higher materiality threshold makes slow growth stable")
    func overridableThresholds() {
        let series = Synthetic.series(seconds: 3600) { t in 100 * mib + 5 * mib * t / 3600 }
        #expect(Synthetic.analyze(series).verdict == .growing)
        var options = TrendOptions.default
        options.minimumAbsoluteGrowth = 10 * mib
        #expect(Synthetic.analyze(series, options: options).verdict == .stable)
        options = TrendOptions(minimumSamples: 10_000)
        #expect(Synthetic.analyze(series, options: options).verdict == .insufficientData)
    }

    @Test("verdicts use the documented raw values")
    func rawValues() {
        #expect(
            Verdict.allCases.map(\.rawValue)
                == ["growing", "levelled_off", "stable", "shrinking", "insufficient_data"]
        )
    }

    @Test(
        "a 1 MiB/min leak under a 50 MiB sawtooth is found within minutes; its control never grows",
        arguments: [30.0, 45.0, 60.0]
    )
    func detectionDelay(period: Double) {
        var firstGrowing: Int?
        for minutes in 1...20 {
            let leak = Synthetic.analyze(
                Synthetic.leakUnderSawtooth(minutes: Double(minutes), period: period, leakPerMinute: mib, seed: 19)
            )
            if leak.verdict == .growing, firstGrowing == nil { firstGrowing = minutes }
            if firstGrowing != nil { #expect(leak.verdict == .growing, "leak at \(minutes) min: \(leak.reason)") }
            let control = Synthetic.analyze(
                Synthetic.leakUnderSawtooth(minutes: Double(minutes), period: period, leakPerMinute: 0, seed: 19)
            )
            #expect(control.verdict != .growing, "control at \(minutes) min: \(control.reason)")
        }
        #expect((firstGrowing ?? .max) <= Int(6 * period / 60) + 2)
    }

    @Test("four hours at 1 s of a sawtooth over a level floor are stable")
    func fourHoursOfSawtooth() {
        // Speed is the benchmark's business (tests never assert timings); this checks the long
        // series is analysed whole and right.
        var random = SeededGenerator(seed: 20)
        let series = Synthetic.series(seconds: 4 * 3600) { t in
            100 * mib + Synthetic.sawtooth(t, period: 40, amplitude: 50 * mib) + random.uniform(mib)
        }
        let trend = Synthetic.analyze(series)
        #expect(trend.samples == 4 * 3600 + 1)
        #expect(trend.verdict == .stable, "\(trend.reason)")
        #expect(trend.basis == .floor)
    }
}
