// MARK: - Onset: when the growth began, and since when it has been judged growing

extension TrendAnalyzer {
    /// When the growth of a growing window began, ms since the first sample: the change point when the window
    /// was flat before it and rises after it (a leak that started during the recording); `nil` when it rose
    /// from the window's start.
    ///
    /// - Complexity: O(k² log k) in the number of points k.
    static func growthStart(in fits: SplitFits, threshold: Double, options: TrendOptions) -> Double? {
        let window = fits.points
        guard let split = fits.bestSplit(minimumBefore: 5, minimumAfter: 5),
            let before = fits.before[split], let after = fits.after[split],
            isFlat(before, over: Array(window[..<split]), threshold: threshold, options: options),
            isRising(after, over: Array(window[split...]), threshold: threshold, options: options)
        else { return nil }
        return (window[split - 1].time + window[split].time) / 2
    }

    /// Since when a growing series has been judged `growing`: of `checks` equally spaced check times before the
    /// end, the earliest up to which the samples are judged growing while up to the check before it they are
    /// not, nearest the end; the last sample's time when the check before the end is not growing. Returns the
    /// time of the last sample at or before that check, Unix ms; `nil` for an empty series.
    ///
    /// This is when a recording watched with ``analyze(timesMs:values:options:)`` would have called the leak,
    /// to within one check step. The checks are searched back from the end in doubling steps until one is not
    /// growing, then bisected: about 2 log₂ `checks` analyses instead of `checks`. (A verdict that came and went
    /// between the checks visited is not seen.) Series longer than ``onsetSampleLimit`` samples are first merged
    /// into that many time bins, which keeps the cost of each check bounded.
    ///
    /// - Complexity: O(log `checks` × (m log m + B² log B)) for m = min(n, ``onsetSampleLimit``).
    public static func growingSince(
        timesMs: [Int64], values: [Double], options: TrendOptions = .default, checks: Int = 24
    ) -> Int64? {
        let series = Series(timesMs: timesMs, values: values)
        guard let end = series.absoluteTimes.last else { return nil }
        let (times, levels) = binned(series, toAtMost: onsetSampleLimit)
        let start = series.startMs
        let steps = max(checks, 2)
        /// The samples up to check `k` (of `steps`): how many, and whether they are judged growing.
        func check(_ k: Int) -> (count: Int, growing: Bool) {
            let cut = start + (end - start) * Int64(k) / Int64(steps)
            let count = times.partitioningIndex { $0 > cut }
            guard count >= 3 else { return (count, false) }
            let trend = analyze(
                timesMs: Array(times[..<count]), values: Array(levels[..<count]), options: options,
                findsGrowthStart: false)
            return (count, trend.verdict == .growing)
        }
        // Back from the end in doubling steps: `growing` is the earliest check found growing, `notGrowing` one
        // before it that is not (0 stands for "before the first sample").
        var growing: (check: Int, count: Int)?
        var notGrowing = 0
        var step = 1
        var k = steps - 1
        while k >= 1 {
            let result = check(k)
            if !result.growing {
                notGrowing = k
                break
            }
            growing = (k, result.count)
            k -= step
            step *= 2
        }
        guard var found = growing else { return end }
        // Bisect between the last check that is not growing and the first that is.
        var low = notGrowing
        while found.check - low > 1 {
            let middle = (low + found.check) / 2
            let result = check(middle)
            if result.growing { found = (middle, result.count) } else { low = middle }
        }
        return times[found.count - 1]
    }

    /// The most samples ``growingSince(timesMs:values:options:checks:)`` analyses at each check.
    static let onsetSampleLimit = 2_400

    /// The series merged into at most `limit` equal time bins (``bucketize(_:count:)``: mean time, midmean).
    private static func binned(_ series: Series, toAtMost limit: Int) -> (times: [Int64], values: [Double]) {
        guard series.count > limit else { return (series.absoluteTimes, series.values) }
        let bins = bucketize(series, count: limit)
        return (bins.map { series.startMs + Int64($0.time.rounded()) }, bins.map(\.level))
    }
}

extension Array where Element == Int64 {
    /// The index of the first element for which `isAbove` holds, in an array where it holds for a suffix.
    fileprivate func partitioningIndex(where isAbove: (Int64) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if isAbove(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
