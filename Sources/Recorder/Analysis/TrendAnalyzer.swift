/// Estimates the trend of a memory series and decides whether it grows, levelled off, is stable or shrinks.
///
/// The method, in order:
/// 1. Cut the series by time into at most ``TrendOptions/maximumBuckets`` buckets; each bucket's level is its
///    interquartile mean (robust to spikes), its floor its minimum.
/// 2. Look for a sawtooth (a garbage collector): sharp drops ("releases") after gradual rises, with no rise of
///    comparable size. If found, fit the troughs after each release (the lower envelope) instead of the levels,
///    so that tall teeth over a level floor read as stable and a rising floor as growth.
/// 3. Skip a warm-up: a start well below the trend of the rest that catches up within the first 10 %.
/// 4. Fit a Theil–Sen line (median of pairwise slopes, Sen's 95 % interval) and run a Mann–Kendall test.
///    Growth must be significant *and* material (see ``TrendOptions``); a significant material rise whose last
///    40 % is flat has levelled off.
/// 5. Look for one change point (a single step, or a rise that ended in a plateau) that decides the verdict.
/// 6. Find the current rate: the slope after the last change in slope, when it differs from the whole window's
///    (see ``currentRate(in:trend:threshold:options:)``); a segment still rising materially keeps `growing`.
/// 7. For `growing`, find when the growth began (``growthStart(in:threshold:options:)``).
///
/// References: Sen (1968), "Estimates of the regression coefficient based on Kendall's tau", JASA 63;
/// Kendall, "Rank Correlation Methods" (1975); Helsel & Hirsch, "Statistical Methods in Water Resources", ch. 12.
public enum TrendAnalyzer {
    /// Analyses one series of memory values and returns its trend and verdict.
    ///
    /// `timesMs` are Unix milliseconds, ascending (they are sorted if they are not) and not necessarily evenly
    /// spaced; `values` are bytes. Pairs beyond the shorter array and non-finite values are ignored. The function
    /// is pure and thread-safe.
    ///
    /// - Complexity: O(n log n) in the number of samples plus O(B² log B) for B =
    ///   ``TrendOptions/maximumBuckets``; never quadratic in the raw samples.
    public static func analyze(timesMs: [Int64], values: [Double], options: TrendOptions = .default) -> Trend {
        analyze(timesMs: timesMs, values: values, options: options, findsGrowthStart: true)
    }

    /// ``analyze(timesMs:values:options:)``, with the search for when growth began left out when
    /// `findsGrowthStart` is false (the checks of ``growingSince(timesMs:values:options:checks:)`` need only
    /// the verdict).
    static func analyze(timesMs: [Int64], values: [Double], options: TrendOptions, findsGrowthStart: Bool) -> Trend {
        let options = sanitized(options)
        let series = Series(timesMs: timesMs, values: values)
        var trend = summary(of: series)
        let count = series.count
        guard count >= options.minimumSamples, count >= 3, trend.durationMs >= options.minimumDurationMs,
            trend.durationMs > 0
        else {
            trend.explanation = .tooLittleData(
                samples: count, durationMs: trend.durationMs, minimumSamples: options.minimumSamples,
                minimumDurationMs: options.minimumDurationMs)
            return trend
        }
        let threshold = max(
            options.minimumRelativeGrowth * abs(RobustStatistics.median(series.values)),
            options.minimumAbsoluteGrowth
        )
        let sawtooth = detectSawtooth(in: series, threshold: threshold, options: options)
        var primary: [Point]
        var floorPoints: [Point]?
        let basis: TrendBasis
        if let sawtooth {
            trend.releases = sawtooth.troughs.count
            guard sawtooth.troughs.count >= options.minimumCycles else {
                trend.explanation = .tooFewCycles(
                    releases: sawtooth.troughs.count, minimumCycles: options.minimumCycles)
                return trend
            }
            basis = .floor
            primary = reduce(sawtooth.troughs, toAtMost: options.maximumBuckets)
        } else {
            basis = .level
            let buckets = bucketize(series, count: options.maximumBuckets)
            primary = buckets.map { Point(time: $0.time, value: $0.level) }
            if count >= 3 * buckets.count {
                floorPoints = buckets.map { Point(time: $0.time, value: $0.minimum) }
            }
        }
        trend.basis = basis
        let allPoints = primary
        let fullDuration = series.times[count - 1]
        var warmUp = detectWarmUp(in: primary, duration: fullDuration, threshold: threshold, options: options)
        var windowStart = 0.0
        if let found = warmUp {
            windowStart = primary[found.firstIndex].time
            // The rise from the lowest raw sample of the warm-up to the level it reached.
            let warmUpSamples = series.values[..<(series.times.firstIndex { $0 >= windowStart } ?? count)]
            warmUp?.rise = primary[found.firstIndex].value - (warmUpSamples.min() ?? primary[0].value)
            primary.removeFirst(found.firstIndex)
            trend.warmUpEndTimeMs = series.startMs + Int64(windowStart.rounded())
        }
        let assessment = assess(
            primary,
            start: windowStart,
            end: fullDuration,
            threshold: threshold,
            options: options
        )
        guard let assessment else {
            trend.explanation = .tooFewPoints(primary.count)
            return trend
        }
        if let floorPoints {
            let inWindow = floorPoints.filter { $0.time >= windowStart }
            trend.floorSlopePerHour = fit(inWindow)?.slope.perHour
        } else if basis == .floor {
            trend.floorSlopePerHour = assessment.fit.slope.perHour
        }
        apply(assessment, warmUp: warmUp, threshold: threshold, options: options, to: &trend)
        var window = primary
        let stableAfterWarmUp: Bool
        if case .fitted(let facts) = trend.explanation {
            stableAfterWarmUp = facts.stableAfterWarmUp
        } else {
            stableAfterWarmUp = false
        }
        // Each point list's prefix and suffix fits are made once, for every search over it.
        let allFits = stableAfterWarmUp ? nil : SplitFits(allPoints)
        if let allFits, let shape = detectShape(in: allFits, threshold: threshold, options: options) {
            if warmUp != nil,
                let whole = assess(allPoints, start: 0, end: fullDuration, threshold: threshold, options: options)
            {
                // The rise the warm-up cut is the shape's own rise: judge the whole window.
                trend.warmUpEndTimeMs = nil
                trend.floorSlopePerHour =
                    basis == .floor ? whole.fit.slope.perHour : floorPoints.flatMap { fit($0)?.slope.perHour }
                apply(whole, warmUp: nil, threshold: threshold, options: options, to: &trend)
            }
            apply(shape, startMs: series.startMs, options: options, to: &trend)
            if trend.warmUpEndTimeMs == nil { window = allPoints }
        }
        let windowFits = window.count == allPoints.count ? allFits ?? SplitFits(allPoints) : SplitFits(window)
        if case .fitted = trend.explanation,
            let current = currentRate(in: windowFits, trend: trend, threshold: threshold, options: options)
        {
            apply(current, startMs: series.startMs, options: options, to: &trend)
        }
        keepConsistent(&trend)
        if trend.verdict == .growing, findsGrowthStart {
            // From the change point, else from the window's start: the first sample or the end of the warm-up.
            let start = growthStart(in: windowFits, threshold: threshold, options: options)
            trend.growthStartMs =
                start.map { series.startMs + Int64($0.rounded()) } ?? trend.warmUpEndTimeMs ?? series.startMs
        }
        return trend
    }
}

// MARK: - Series and summary

extension TrendAnalyzer {
    /// A point of a derived series: time in ms since the first sample, value in bytes.
    struct Point {
        var time: Double
        var value: Double
    }

    /// The finite samples in time order, times relative to the first one.
    struct Series {
        var startMs: Int64 = 0
        var absoluteTimes: [Int64] = []
        var times: [Double] = []
        var values: [Double] = []
        var count: Int { values.count }

        init(timesMs: [Int64], values: [Double]) {
            let count = min(timesMs.count, values.count)
            var order = (0..<count).filter { values[$0].isFinite }
            if !zip(order, order.dropFirst()).allSatisfy({ timesMs[$0.0] <= timesMs[$0.1] }) {
                order.sort { (timesMs[$0], $0) < (timesMs[$1], $1) }
            }
            absoluteTimes = order.map { timesMs[$0] }
            self.values = order.map { values[$0] }
            startMs = absoluteTimes.first ?? 0
            let start = startMs
            times = absoluteTimes.map { Double($0 - start) }
        }
    }

    /// The summary values, with the verdict `insufficientData` and no slope yet.
    fileprivate static func summary(of series: Series) -> Trend {
        var trend = Trend(
            samples: series.count,
            durationMs: 0,
            first: 0,
            last: 0,
            minimum: 0,
            minimumTimeMs: 0,
            peak: 0,
            peakTimeMs: 0,
            growth: 0,
            slopePerHour: 0,
            slopeLowPerHour: 0,
            slopeHighPerHour: 0,
            mannKendallZ: 0,
            pValue: 1,
            verdict: .insufficientData,
            confidence: 0,
            explanation: .tooFewPoints(0)
        )
        guard let first = series.values.first, let last = series.values.last else { return trend }
        trend.durationMs = series.absoluteTimes[series.count - 1] - series.startMs
        trend.first = first
        trend.last = last
        trend.growth = last - first
        var minimumIndex = 0
        var peakIndex = 0
        for (index, value) in series.values.enumerated() {
            if value < series.values[minimumIndex] { minimumIndex = index }
            if value > series.values[peakIndex] { peakIndex = index }
        }
        trend.minimum = series.values[minimumIndex]
        trend.minimumTimeMs = series.absoluteTimes[minimumIndex]
        trend.peak = series.values[peakIndex]
        trend.peakTimeMs = series.absoluteTimes[peakIndex]
        return trend
    }

    /// Options with out-of-range values clamped to something the estimators can use.
    fileprivate static func sanitized(_ options: TrendOptions) -> TrendOptions {
        var clean = options
        clean.minimumSamples = max(clean.minimumSamples, 3)
        clean.maximumBuckets = max(clean.maximumBuckets, 3)
        clean.minimumCycles = max(clean.minimumCycles, 3)
        clean.consistencyWindows = max(clean.consistencyWindows, 2)
        clean.tailFraction = min(max(clean.tailFraction, 0.05), 0.9)
        clean.warmUpFraction = min(max(clean.warmUpFraction, 0), 0.5)
        clean.levelledOffTailRatio = max(clean.levelledOffTailRatio, 0)
        clean.plateauFraction = min(max(clean.plateauFraction, 0.05), 0.9)
        if !(clean.significance > 0 && clean.significance < 1) { clean.significance = 0.05 }
        return clean
    }
}

// MARK: - Buckets, sawtooth, warm-up

extension TrendAnalyzer {
    /// One time bucket of raw samples.
    struct Bucket {
        var time: Double
        var level: Double
        var minimum: Double
    }

    /// Cuts the series into at most `count` equal time buckets (empty ones are skipped); with no more samples
    /// than buckets, every sample is its own bucket.
    static func bucketize(_ series: Series, count: Int) -> [Bucket] {
        if series.count <= count {
            return zip(series.times, series.values).map { Bucket(time: $0, level: $1, minimum: $1) }
        }
        let duration = series.times[series.count - 1]
        var buckets: [Bucket] = []
        buckets.reserveCapacity(count)
        var start = 0
        while start < series.count {
            let bucket = bucketIndex(series.times[start], duration: duration, count: count)
            var end = start + 1
            while end < series.count, bucketIndex(series.times[end], duration: duration, count: count) == bucket {
                end += 1
            }
            let sorted = series.values[start..<end].sorted()
            let meanTime = series.times[start..<end].reduce(0, +) / Double(end - start)
            buckets.append(
                Bucket(time: meanTime, level: RobustStatistics.midmean(sorted: sorted), minimum: sorted[0])
            )
            start = end
        }
        return buckets
    }

    fileprivate static func bucketIndex(_ time: Double, duration: Double, count: Int) -> Int {
        guard duration > 0 else { return 0 }
        return min(count - 1, Int(time / duration * Double(count)))
    }

    /// Merges time-ordered points into at most `maximum` equal time bins: mean time, median value.
    fileprivate static func reduce(_ points: [Point], toAtMost maximum: Int) -> [Point] {
        guard points.count > maximum, let first = points.first, let last = points.last else { return points }
        let span = last.time - first.time
        var reduced: [Point] = []
        var start = 0
        while start < points.count {
            let bin = bucketIndex(points[start].time - first.time, duration: span, count: maximum)
            var end = start + 1
            while end < points.count,
                bucketIndex(points[end].time - first.time, duration: span, count: maximum) == bin
            {
                end += 1
            }
            let slice = points[start..<end]
            let time = slice.reduce(0) { $0 + $1.time } / Double(slice.count)
            reduced.append(Point(time: time, value: RobustStatistics.median(slice.map(\.value))))
            start = end
        }
        return reduced
    }

    /// A detected sawtooth: the trough (lowest sample) after each release, in time order.
    fileprivate struct Sawtooth {
        var troughs: [Point]
    }

    /// Finds a sawtooth: material drops beyond the sample-to-sample noise, undoing rises built up gradually.
    ///
    /// A release is a run of consecutive steps each dropping more than the threshold (material, and more than
    /// ``TrendOptions/releaseNoiseMultiplier`` robust sigmas of all steps). The series is a sawtooth when rises
    /// as large as half a typical release are fewer than half the releases (a spike or a square wave rises as
    /// sharply as it falls) and the releases give back between half and twice what the cycles rose in total (a
    /// single step down, or a small free in a steady rise, is no sawtooth). Returns `nil` when it is none.
    fileprivate static func detectSawtooth(in series: Series, threshold: Double, options: TrendOptions) -> Sawtooth? {
        let values = series.values
        guard values.count >= 3 else { return nil }
        let steps = (1..<values.count).map { values[$0] - values[$0 - 1] }
        let dropThreshold = max(threshold, options.releaseNoiseMultiplier * RobustStatistics.robustSigma(steps))
        var drops: [(first: Int, last: Int, size: Double)] = []
        for (index, step) in steps.enumerated() where step < -dropThreshold {
            if let previous = drops.last, previous.last == index - 1 {
                drops[drops.count - 1] = (previous.first, index, previous.size - step)
            } else {
                drops.append((index, index, -step))
            }
        }
        guard !drops.isEmpty else { return nil }
        let typicalDrop = RobustStatistics.median(drops.map(\.size))
        let sharpRises = steps.filter { $0 >= 0.5 * typicalDrop }.count
        guard sharpRises * 2 < drops.count else { return nil }
        // Step i goes from sample i to sample i + 1; a cycle runs from the sample after a release to the next
        // release (the first and the last cycle are partial). A cycle's rise is its end value minus its minimum.
        func rise(_ first: Int, _ last: Int) -> Double {
            values[last] - (values[first...last].min() ?? values[last])
        }
        var risen = rise(0, drops[0].first)
        var troughs: [Point] = []
        for (number, drop) in drops.enumerated() {
            let cycleEnd = number + 1 < drops.count ? drops[number + 1].first : values.count - 1
            guard drop.last + 1 <= cycleEnd else { continue }
            risen += rise(drop.last + 1, cycleEnd)
            var lowest = drop.last + 1
            for index in (drop.last + 1)...cycleEnd where values[index] < values[lowest] { lowest = index }
            troughs.append(Point(time: series.times[lowest], value: values[lowest]))
        }
        let released = drops.reduce(0) { $0 + $1.size }
        guard released >= 0.5 * risen, released <= 2 * risen else { return nil }
        return Sawtooth(troughs: troughs)
    }

    /// A warm-up at the start: the first point of the window to keep.
    fileprivate struct WarmUp {
        var firstIndex: Int
        /// How far the level rose; ``analyze(timesMs:values:options:)`` measures it from the lowest raw sample.
        var rise: Double
        /// How long the warm-up lasted, in ms.
        var length: Double
    }

    /// Finds a warm-up: the first points lie materially below the trend of the rest (extrapolated back), and the
    /// series reaches that trend within ``TrendOptions/warmUpFraction`` of the duration.
    ///
    /// A linear rise has no warm-up (its start lies on its own trend line); a step or a slow rise that does not
    /// finish within the leading fraction is left to the levelling-off test.
    fileprivate static func detectWarmUp(
        in points: [Point],
        duration: Double,
        threshold: Double,
        options: TrendOptions
    ) -> WarmUp? {
        guard options.warmUpFraction > 0, points.count >= 10 else { return nil }
        let headEnd = points[0].time + options.warmUpFraction * duration
        let headCount = points.firstIndex { $0.time >= headEnd } ?? points.count
        guard headCount >= 2, points.count - headCount >= 5 else { return nil }
        let rest = Array(points[headCount...])
        guard let line = fit(rest)?.line else { return nil }
        let sigma = RobustStatistics.robustSigma(rest.map { $0.value - line.value(at: $0.time) })
        let tolerance = max(3 * sigma, threshold)
        let low = points[..<headCount].map { $0.value - line.value(at: $0.time) < -tolerance }
        guard low[0], !low[headCount - 1], let lastLow = low.lastIndex(of: true) else { return nil }
        return WarmUp(
            firstIndex: lastLow + 1,
            rise: points[lastLow + 1].value - points[0].value,
            length: points[lastLow + 1].time
        )
    }
}

// MARK: - Assessment

extension TrendAnalyzer {
    /// A Theil–Sen line with its Mann–Kendall test, slopes in bytes per millisecond.
    struct Fit {
        var line: RobustStatistics.LineFit
        var test: RobustStatistics.MannKendall
        var slope: Double { line.slope }
    }

    static func fit(_ points: [Point]) -> Fit? {
        let values = points.map(\.value)
        let test = RobustStatistics.mannKendall(values)
        guard
            let line = RobustStatistics.theilSen(
                times: points.map(\.time),
                values: values,
                mannKendallVariance: test.variance
            )
        else { return nil }
        return Fit(line: line, test: test)
    }

    /// What the analysed window shows, before it is written into a ``Trend``.
    fileprivate struct Assessment {
        var fit: Fit
        var points: Int
        var duration: Double
        /// Median of the last 30 % minus median of the first 30 %.
        var shift: Double
        /// The rate of the rise the tail is compared with, bytes per ms.
        var riseRate: Double
        /// Median of the tail minus median of the first 10 %: how far the level rose before levelling off.
        var rise: Double
        var tail: Fit?
        var verdict: Verdict
        var movingSteps: Int
        var windowSteps: Int
    }

    /// Decides the verdict for time-ordered points between `start` and `end` (ms since the first sample).
    fileprivate static func assess(
        _ points: [Point],
        start: Double,
        end: Double,
        threshold: Double,
        options: TrendOptions
    ) -> Assessment? {
        guard points.count >= 3, let overall = fit(points) else { return nil }
        let duration = max(end - start, 1)
        let edge = 0.3
        let early = points.filter { $0.time <= start + edge * duration }.map(\.value)
        let late = points.filter { $0.time >= end - edge * duration }.map(\.value)
        let fitted = overall.slope * duration
        let shift =
            early.isEmpty || late.isEmpty
            ? fitted : RobustStatistics.median(late) - RobustStatistics.median(early)
        let significant = overall.test.pValue < options.significance
        let up = significant && overall.test.z > 0 && max(fitted, shift) >= threshold
        let down = significant && overall.test.z < 0 && min(fitted, shift) <= -threshold
        let riseRate = max(overall.slope, shift / ((1 - edge) * duration))
        let tailPoints = points.filter { $0.time >= end - options.tailFraction * duration }
        let tail = tailPoints.count >= 2 ? fit(tailPoints) : nil
        var verdict = Verdict.stable
        if up {
            verdict = .growing
            // Flatness needs evidence: a tail of fewer than 5 points cannot show it (nor reach p < 0.05).
            if let tail, tailPoints.count >= 5 {
                let tailRising =
                    tail.test.pValue < options.significance && tail.test.z > 0
                    && tail.slope * duration >= threshold
                if !tailRising, tail.slope <= options.levelledOffTailRatio * riseRate { verdict = .levelledOff }
            }
        } else if down {
            verdict = .shrinking
        }
        let head = points.filter { $0.time <= start + 0.1 * duration }.map(\.value)
        let rise =
            RobustStatistics.median(tailPoints.map(\.value))
            - RobustStatistics.median(head.isEmpty ? [points[0].value] : head)
        let (moving, steps) = windowSteps(
            points,
            start: start,
            duration: duration,
            falling: overall.slope < 0,
            windows: options.consistencyWindows
        )
        return Assessment(
            fit: overall,
            points: points.count,
            duration: duration,
            shift: shift,
            riseRate: riseRate,
            rise: rise,
            tail: tail,
            verdict: verdict,
            movingSteps: moving,
            windowSteps: steps
        )
    }

    /// Counts the steps between consecutive equal time windows in which the median moved in the given direction.
    fileprivate static func windowSteps(
        _ points: [Point],
        start: Double,
        duration: Double,
        falling: Bool,
        windows: Int
    ) -> (moving: Int, steps: Int) {
        let count = min(windows, points.count)
        var groups = [[Double]](repeating: [], count: count)
        for point in points {
            groups[bucketIndex(point.time - start, duration: duration, count: count)].append(point.value)
        }
        let medians = groups.filter { !$0.isEmpty }.map { RobustStatistics.median($0) }
        var moving = 0
        for (previous, next) in zip(medians, medians.dropFirst()) where falling ? next < previous : next > previous {
            moving += 1
        }
        return (moving, max(medians.count - 1, 0))
    }

    /// Writes the assessment into the trend: slopes, test, verdict, confidence and the facts
    /// behind them.
    fileprivate static func apply(
        _ assessment: Assessment,
        warmUp: WarmUp?,
        threshold: Double,
        options: TrendOptions,
        to trend: inout Trend
    ) {
        let fit = assessment.fit
        trend.slopePerHour = fit.slope.perHour
        trend.slopeLowPerHour = fit.line.low.perHour
        trend.slopeHighPerHour = fit.line.high.perHour
        trend.tailSlopePerHour = assessment.tail?.slope.perHour
        trend.mannKendallZ = fit.test.z
        trend.pValue = fit.test.pValue
        trend.risingWindowSteps = assessment.movingSteps
        trend.windowSteps = assessment.windowSteps
        trend.verdict = assessment.verdict
        let size = min(1, (Double(assessment.points) / 20).squareRoot())
        let consistency =
            assessment.windowSteps > 0
            ? Double(assessment.movingSteps) / Double(assessment.windowSteps) : 1
        let evidence = clamp(1 - fit.test.pValue / options.significance)
        let change = max(abs(fit.slope * assessment.duration), abs(assessment.shift))
        let reach = max(abs(fit.line.low), abs(fit.line.high)) * assessment.duration / threshold
        let stableConfidence = max(0.05, clamp(1 - 0.5 * reach)) * size
        var facts = TrendFitFacts(
            slopePerHour: fit.slope.perHour, slopeLowPerHour: fit.line.low.perHour,
            slopeHighPerHour: fit.line.high.perHour, pValue: fit.test.pValue, significance: options.significance,
            movingSteps: assessment.movingSteps, windowSteps: assessment.windowSteps, basis: trend.basis,
            releases: trend.releases, change: change, threshold: threshold)
        switch assessment.verdict {
        case .growing, .shrinking:
            let precision = fit.slope == 0 ? 0 : clamp(1 - (fit.line.high - fit.line.low) / (2 * abs(fit.slope)))
            // A verdict of growth is never 0 % sure: its test passed.
            trend.confidence = max(0.05, evidence * precision * (0.5 + 0.5 * consistency)) * size
        case .levelledOff:
            let tailSlope = assessment.tail?.slope ?? 0
            let limit = options.levelledOffTailRatio * assessment.riseRate
            let flatness = limit > 0 ? clamp(1 - max(0, tailSlope) / limit) : 1
            trend.confidence = evidence * (0.5 + 0.5 * flatness) * size
            facts.rise = assessment.rise
            facts.tailSlopePerHour = tailSlope.perHour
            facts.tailFraction = options.tailFraction
            facts.riseRatePerHour = assessment.riseRate.perHour
        case .stable, .insufficientData:
            trend.confidence = stableConfidence
        }
        if let warmUp {
            facts.warmUpRise = warmUp.rise
            facts.warmUpLengthMs = warmUp.length
            if assessment.verdict == .stable {
                trend.verdict = .levelledOff
                trend.confidence = stableConfidence
                facts.stableAfterWarmUp = true
            }
        }
        trend.explanation = .fitted(facts)
    }

    /// Writes a shape's verdict and facts over those of the whole-window fit: a step up or a rise that ended
    /// has levelled off, a single step down is stable.
    fileprivate static func apply(_ shape: Shape, startMs: Int64, options: TrendOptions, to trend: inout Trend) {
        guard case .fitted(var facts) = trend.explanation else { return }
        let evidence = clamp(1 - shape.pValue / options.significance)
        let size = min(1, (Double(shape.points) / 20).squareRoot())
        let kind: TrendChangePoint.Kind = shape.kind == .riseThenPlateau ? .riseEnded : .step
        facts.changePoint = TrendChangePoint(
            kind: kind, size: shape.size, timeMs: startMs + Int64(shape.changeTime.rounded()),
            offsetMs: shape.changeTime, afterFraction: shape.afterShare,
            afterSlopePerHour: shape.after.slope.perHour, riseRatePerHour: shape.riseRate.perHour,
            pValue: shape.pValue)
        facts.warmUpRise = nil
        facts.warmUpLengthMs = nil
        facts.stableAfterWarmUp = false
        switch shape.kind {
        case .stepUp, .riseThenPlateau:
            let limit = options.levelledOffTailRatio * shape.riseRate
            let flatness = limit > 0 ? clamp(1 - max(0, shape.after.slope) / limit) : 1
            trend.verdict = .levelledOff
            trend.confidence = max(0.05, evidence * (0.5 + 0.5 * flatness)) * size
            trend.tailSlopePerHour = shape.after.slope.perHour
            facts.rise = shape.size
            facts.tailSlopePerHour = shape.after.slope.perHour
            facts.tailFraction = shape.afterShare
            facts.riseRatePerHour = shape.riseRate.perHour
        case .stepDown:
            trend.verdict = .stable
            trend.confidence = max(0.05, evidence) * size
        }
        trend.explanation = .fitted(facts)
    }

    /// Makes sure no verdict contradicts its own numbers: growth or shrinkage needs a slope and at least one
    /// window step in its direction; anything else is stable (its reason then says why no trend was called).
    fileprivate static func keepConsistent(_ trend: inout Trend) {
        let direction: Double
        switch trend.verdict {
        case .growing: direction = 1
        case .shrinking: direction = -1
        default: return
        }
        guard trend.slopePerHour * direction <= 0 || trend.risingWindowSteps == 0 else { return }
        trend.verdict = .stable
        // A significant test without a slope to match: there is something, but no trend to be sure of.
        trend.confidence = min(trend.confidence, 0.05)
    }

    static func clamp(_ value: Double) -> Double {
        value.isNaN ? 0 : min(1, max(0, value))
    }
}

extension Double {
    /// A slope in bytes per millisecond as bytes per hour.
    var perHour: Double { self * 3_600_000 }
}
