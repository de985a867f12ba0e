// MARK: - Shape: one change point

extension TrendAnalyzer {
    /// A shape with one change point: a single step, or a rise that ended in a plateau.
    struct Shape {
        enum Kind {
            /// Flat, one material step up, flat.
            case stepUp
            /// Flat, one material step down, flat.
            case stepDown
            /// A material rise (of any form) that ended, then a plateau that does not rise.
            case riseThenPlateau
        }

        var kind: Kind
        /// How many points the shape was found in.
        var points: Int
        /// Index of the first point after the change.
        var changeIndex: Int
        /// When the change happened, ms since the first sample: midway between the points either side.
        var changeTime: Double
        /// The change in bytes, signed: the median after it minus the median before (a step) or minus the
        /// starting level (a rise).
        var size: Double
        /// The line over the points after the change.
        var after: Fit
        /// The share of the window after the change.
        var afterShare: Double
        /// The rate of the rise, bytes per ms (the size over the time from the start to the change).
        var riseRate: Double
        /// Two-sided p-value of the rank-sum test between the points before and after the change.
        var pValue: Double
    }

    /// Finds one change point in time-ordered points and says whether it is a single step or a rise that
    /// levelled off.
    ///
    /// The change point is the split minimising the sum of absolute deviations from two Theil–Sen lines, one
    /// either side (each side at least 3 and 5 points). Flat on both sides with a material jump between is a
    /// step. Otherwise the plateau is looked for from that split on (then before it): the first split whose
    /// after-part spans at least ``TrendOptions/plateauFraction`` of the window with 5 points or more, does not
    /// rise significantly and materially (nor does its last half), and whose slope's upper 95 % bound is at
    /// most ``TrendOptions/levelledOffTailRatio`` times the rate of the rise before it. Before and after must
    /// differ materially and significantly (rank-sum test, as Mann–Kendall between the two groups).
    ///
    /// - Complexity: O(k² log k) in the number of points k (at most ``TrendOptions/maximumBuckets``).
    static func detectShape(in fits: SplitFits, threshold: Double, options: TrendOptions) -> Shape? {
        let points = fits.points
        let count = points.count
        guard count >= 10, let first = points.first, let last = points.last, last.time > first.time else {
            return nil
        }
        guard let split = fits.bestSplit(minimumBefore: 3, minimumAfter: 5) else { return nil }
        if let step = step(fits, at: split, threshold: threshold, options: options) { return step }
        let candidates = Array(split...(count - 5)) + Array((3..<split).reversed())
        for index in candidates {
            if let shape = plateau(fits, from: index, threshold: threshold, options: options) { return shape }
        }
        return nil
    }

    /// A single step at `index`: at least 5 flat points either side, and a material, significant jump.
    private static func step(_ fits: SplitFits, at index: Int, threshold: Double, options: TrendOptions) -> Shape? {
        let points = fits.points
        let before = Array(points[..<index])
        let after = Array(points[index...])
        guard before.count >= 5, after.count >= 5, let beforeFit = fits.before[index],
            let afterFit = fits.after[index],
            isFlat(beforeFit, over: before, threshold: threshold, options: options),
            isFlat(afterFit, over: after, threshold: threshold, options: options)
        else { return nil }
        let size = RobustStatistics.median(after.map(\.value)) - RobustStatistics.median(before.map(\.value))
        let test = rankSum(before.map(\.value), after.map(\.value))
        guard abs(size) >= threshold, test.pValue < options.significance, (test.z > 0) == (size > 0) else {
            return nil
        }
        let duration = points[points.count - 1].time - points[0].time
        let changeTime = (points[index - 1].time + points[index].time) / 2
        return Shape(
            kind: size > 0 ? .stepUp : .stepDown, points: points.count, changeIndex: index, changeTime: changeTime,
            size: size,
            after: afterFit, afterShare: (points[points.count - 1].time - changeTime) / duration,
            riseRate: size / max(changeTime - points[0].time, 1), pValue: test.pValue)
    }

    /// A rise that levelled off at `index`: the points from there on are a plateau (see ``detectShape``).
    private static func plateau(_ fits: SplitFits, from index: Int, threshold: Double, options: TrendOptions)
        -> Shape?
    {
        let points = fits.points
        let count = points.count
        let duration = points[count - 1].time - points[0].time
        let changeTime = (points[index - 1].time + points[index].time) / 2
        let share = (points[count - 1].time - changeTime) / duration
        let after = Array(points[index...])
        guard share >= options.plateauFraction, after.count >= 5 else { return nil }
        let before = points[..<index].map(\.value)
        let start = RobustStatistics.median(Array(before.prefix(max(3, count / 20))))
        let size = RobustStatistics.median(after.map(\.value)) - start
        let test = rankSum(before, after.map(\.value))
        guard size >= threshold, test.pValue < options.significance, test.z > 0, let afterFit = fits.after[index]
        else {
            return nil
        }
        let riseRate = size / max(changeTime - points[0].time, 1)
        guard afterFit.line.high <= options.levelledOffTailRatio * riseRate,
            !isRising(afterFit, over: after, threshold: threshold, options: options)
        else { return nil }
        // The last half of the plateau, a suffix too, must not rise either.
        let lastHalfStart = count - after.count / 2
        if count - lastHalfStart >= 5, let halfFit = fits.after[lastHalfStart],
            isRising(halfFit, over: Array(points[lastHalfStart...]), threshold: threshold, options: options)
        {
            return nil
        }
        return Shape(
            kind: .riseThenPlateau, points: count, changeIndex: index, changeTime: changeTime, size: size,
            after: afterFit,
            afterShare: share, riseRate: riseRate, pValue: test.pValue)
    }

    /// Whether the points rise significantly (Mann–Kendall) and materially (the fitted change over their span).
    static func isRising(_ fit: Fit, over points: [Point], threshold: Double, options: TrendOptions) -> Bool {
        let span = points[points.count - 1].time - points[0].time
        return fit.test.pValue < options.significance && fit.test.z > 0 && fit.slope * span >= threshold
    }

    /// Whether the points neither rise nor fall significantly and materially.
    static func isFlat(_ fit: Fit, over points: [Point], threshold: Double, options: TrendOptions) -> Bool {
        let span = points[points.count - 1].time - points[0].time
        return fit.test.pValue >= options.significance || abs(fit.slope * span) < threshold
    }

    /// The rank-sum (Mann–Whitney) test between two groups as a normal deviate: positive when `after` is higher.
    ///
    /// The statistic is Σ sign(a − b) over all pairs (b from `before`, a from `after`), with variance
    /// n₁n₂(n₁ + n₂ + 1)/3 (no ties correction) and a continuity correction.
    ///
    /// - Complexity: O((n₁ + n₂) log(n₁ + n₂)).
    static func rankSum(_ before: [Double], _ after: [Double]) -> (z: Double, pValue: Double) {
        let n1 = Double(before.count)
        let n2 = Double(after.count)
        guard n1 > 0, n2 > 0 else { return (0, 1) }
        let sorted = before.sorted()
        var s = 0.0
        for value in after {
            let below = lowerBound(sorted, value)
            let notAbove = upperBound(sorted, value)
            s += Double(below) - Double(sorted.count - notAbove)
        }
        let variance = n1 * n2 * (n1 + n2 + 1) / 3
        let z = s == 0 ? 0 : (s - (s > 0 ? 1 : -1)) / variance.squareRoot()
        return (z, RobustStatistics.twoSidedPValue(z))
    }

    private static func lowerBound(_ sorted: [Double], _ value: Double) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private static func upperBound(_ sorted: [Double], _ value: Double) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
