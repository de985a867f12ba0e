// MARK: - Current rate: the slope after the last change in slope

extension TrendAnalyzer {
    /// The segment after the last change in slope, when its slope differs materially from the whole window's.
    struct CurrentRate {
        /// The line over the points after the change.
        var fit: Fit
        /// When the change happened, ms since the first sample: midway between the points either side.
        var since: Double
        /// How many points the segment holds.
        var points: Int
        /// Whether the segment rises significantly and surely materially: the lower end of its slope's 95 %
        /// interval, over the whole window, reaches the threshold (a wandering plateau's slope does not).
        var rising: Bool
    }

    /// Finds the last change in slope and the rate since: `nil` when the series has none worth reporting.
    ///
    /// The change point is the two-line split of ``SplitFits/bestSplit(minimumBefore:minimumAfter:)``; the search is
    /// repeated in the segment after it while that segment holds another change. A change counts when the
    /// segment after it spans at least ``TrendOptions/plateauFraction`` of the window with 5 points or more,
    /// and its slope differs materially from the slope it is compared with (the whole window's, then the
    /// previous segment's): outside that slope's 95 % interval, that slope outside its own, and the slopes either
    /// side of the change differ by at least half the larger one (noise in a steady leak moves a segment's slope
    /// by less).
    ///
    /// - Complexity: O(k² log k) in the number of points k (at most ``TrendOptions/maximumBuckets``).
    /// `whole` holds the fits of every prefix and suffix of the points (the first search's).
    static func currentRate(in whole: SplitFits, trend: Trend, threshold: Double, options: TrendOptions)
        -> CurrentRate?
    {
        let points = whole.points
        guard points.count >= 10, let first = points.first, let last = points.last, last.time > first.time else {
            return nil
        }
        let duration = last.time - first.time
        var reference = (
            slope: trend.slopePerHour / 3_600_000, low: trend.slopeLowPerHour / 3_600_000,
            high: trend.slopeHighPerHour / 3_600_000
        )
        var start = 0
        var found: CurrentRate?
        for _ in 0..<3 {
            let fits = start == 0 ? whole : SplitFits(Array(points[start...]))
            guard let split = fits.bestSplit(minimumBefore: 3, minimumAfter: 5) else { break }
            let index = start + split
            let since = (points[index - 1].time + points[index].time) / 2
            let afterCount = points.count - index
            guard last.time - since >= options.plateauFraction * duration, afterCount >= 5,
                let afterFit = fits.after[split], let beforeFit = fits.before[split]
            else { break }
            let slope = afterFit.slope
            let differs =
                (slope < reference.low || slope > reference.high)
                && (reference.slope < afterFit.line.low || reference.slope > afterFit.line.high)
                && abs(slope - beforeFit.slope) >= max(abs(slope), abs(beforeFit.slope)) / 2
            guard differs else { break }
            let rising =
                afterFit.test.pValue < options.significance && afterFit.test.z > 0
                && afterFit.line.low * duration >= threshold
            found = CurrentRate(fit: afterFit, since: since, points: afterCount, rising: rising)
            reference = (slope, afterFit.line.low, afterFit.line.high)
            start = index
        }
        return found
    }

    /// Writes the current rate into the trend; a segment still rising materially keeps the verdict `growing`
    /// (a fast rise that slowed but did not stop has not levelled off).
    static func apply(_ current: CurrentRate, startMs: Int64, options: TrendOptions, to trend: inout Trend) {
        trend.currentSlopePerHour = current.fit.slope.perHour
        trend.currentSinceMs = startMs + Int64(current.since.rounded())
        guard trend.verdict == .levelledOff, current.rising, case .fitted(var facts) = trend.explanation else {
            return
        }
        let fit = current.fit
        trend.verdict = .growing
        let evidence = clamp(1 - fit.test.pValue / options.significance)
        let precision = fit.slope == 0 ? 0 : clamp(1 - (fit.line.high - fit.line.low) / (2 * abs(fit.slope)))
        let size = min(1, (Double(current.points) / 20).squareRoot())
        trend.confidence = max(0.05, evidence * precision) * size
        facts.changePoint = nil
        facts.stableAfterWarmUp = false
        trend.explanation = .fitted(facts)
    }
}
