import Foundation

// MARK: - Onset: when the growth began, and since when it has been judged growing

extension TrendAnalyzer {
    /// When the growth of a growing window began, ms since the first sample: the change point when the window
    /// was flat before it and rises after it (a leak that started during the recording); `nil` when it rose
    /// from the window's start.
    ///
    /// - Complexity: O(k² log k) in the number of points k.
    static func growthStart(in window: [Point], threshold: Double, options: TrendOptions) -> Double? {
        let fits = SplitFits(window)
        guard let split = fits.bestSplit(minimumBefore: 5, minimumAfter: 5),
            let before = fits.before[split], let after = fits.after[split],
            isFlat(before, over: Array(window[..<split]), threshold: threshold, options: options),
            isRising(after, over: Array(window[split...]), threshold: threshold, options: options)
        else { return nil }
        return (window[split - 1].time + window[split].time) / 2
    }

    /// Since when a growing series has been judged `growing`: the earliest of `checks` equally spaced check
    /// times such that the samples up to it, and up to every later check, are all judged growing; the last
    /// sample's time when none before it is. Returns the time of the last sample at or before that check, Unix
    /// ms; `nil` for an empty series.
    ///
    /// This is when a recording watched with ``analyze(timesMs:values:options:)`` would have called the leak
    /// (to within one check step) and not taken it back since. Series longer than ``onsetSampleLimit`` samples
    /// are first merged into that many time bins (their midmean), which keeps the cost of the checks bounded.
    ///
    /// - Complexity: O(`checks` × (m log m + B² log B)) for m = min(n, ``onsetSampleLimit``).
    public static func growingSince(
        timesMs: [Int64], values: [Double], options: TrendOptions = .default, checks: Int = 24
    ) -> Int64? {
        let series = Series(timesMs: timesMs, values: values)
        guard let end = series.absoluteTimes.last else { return nil }
        let (times, levels) = binned(series, toAtMost: onsetSampleLimit)
        let start = series.startMs
        var since = end
        for check in stride(from: max(checks, 2) - 1, through: 1, by: -1) {
            let cut = start + (end - start) * Int64(check) / Int64(max(checks, 2))
            let count = times.partitioningIndex { $0 > cut }
            guard count >= 3 else { break }
            let prefix = analyze(timesMs: Array(times[..<count]), values: Array(levels[..<count]), options: options)
            guard prefix.verdict == .growing else { break }
            since = times[count - 1]
        }
        return since
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
