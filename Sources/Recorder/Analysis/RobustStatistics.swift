#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Robust, distribution-free statistics over small samples: medians, Theil–Sen lines, Mann–Kendall tests.
///
/// The pairwise estimators are O(k²) in the number of points: callers bucket long series first
/// (``TrendAnalyzer`` keeps k at or below ``TrendOptions/maximumBuckets``).
enum RobustStatistics {
    /// The 97.5 % quantile of the standard normal distribution, for two-sided 95 % intervals.
    static let z975 = 1.959_963_984_540_054

    /// The median of `values`; 0 when empty.
    ///
    /// - Complexity: O(k log k).
    static func median(_ values: [Double]) -> Double {
        let count = values.count
        guard count > 0 else { return 0 }
        // Selection, not a sort: O(n) where a sort is O(n log n), over a day's 86,400 samples.
        var work = values
        let upper = select(&work, rank: count / 2)
        guard count % 2 == 0 else { return upper }
        // The values before `rank` are the count / 2 smallest: the largest of them is the other middle.
        var lower = work[0]
        for value in work[1..<count / 2] where value > lower { lower = value }
        return (lower + upper) / 2
    }

    /// Rearranges `values` so that the value of rank `rank` (0-based, in ascending order) is at that
    /// index, with none larger before it and none smaller after it, and returns it (Hoare's
    /// selection with a median-of-three pivot; runs of equal values split evenly).
    static func select(_ values: inout [Double], rank: Int) -> Double {
        var low = 0
        var high = values.count - 1
        while low < high {
            let middle = low + (high - low) / 2
            if values[middle] < values[low] { values.swapAt(middle, low) }
            if values[high] < values[low] { values.swapAt(high, low) }
            if values[high] < values[middle] { values.swapAt(high, middle) }
            let pivot = values[middle]
            var left = low
            var right = high
            while left <= right {
                while values[left] < pivot { left += 1 }
                while pivot < values[right] { right -= 1 }
                if left <= right {
                    values.swapAt(left, right)
                    left += 1
                    right -= 1
                }
            }
            // Now low...right ≤ pivot ≤ left...high, and what lies between equals the pivot.
            if rank <= right {
                high = right
            } else if rank >= left {
                low = left
            } else {
                return values[rank]
            }
        }
        return values[rank]
    }

    /// The median of already sorted values; 0 when empty.
    static func median(sorted: [Double]) -> Double {
        let count = sorted.count
        guard count > 0 else { return 0 }
        if count % 2 == 1 { return sorted[count / 2] }
        return (sorted[count / 2 - 1] + sorted[count / 2]) / 2
    }

    /// The interquartile mean (midmean) of sorted values: the mean of what remains after dropping the lowest and
    /// highest quarter; the median below 4 values.
    ///
    /// It shrugs off a spike like the median does, yet uses more of the data, so it is less noisy than the
    /// median under both uniform and Gaussian noise.
    static func midmean(sorted: [Double]) -> Double {
        let count = sorted.count
        let trim = count / 4
        guard trim > 0 else { return median(sorted: sorted) }
        var sum = 0.0
        for index in trim..<(count - trim) { sum += sorted[index] }
        return sum / Double(count - 2 * trim)
    }

    /// A robust standard deviation: 1.4826 × the median absolute deviation from the median.
    ///
    /// - Complexity: O(k log k).
    static func robustSigma(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let center = median(values)
        return 1.4826 * median(values.map { abs($0 - center) })
    }

    /// The two-sided p-value of a standard normal deviate, `erfc(|z| / √2)`.
    static func twoSidedPValue(_ z: Double) -> Double {
        min(1, max(0, erfc(abs(z) / 2.0.squareRoot())))
    }

    /// A Theil–Sen line with Sen's confidence interval for its slope.
    struct LineFit: Sendable, Hashable {
        /// The median of the pairwise slopes, in value units per time unit.
        var slope: Double
        /// The median of `y - slope × t`.
        var intercept: Double
        /// Lower end of the ~95 % confidence interval of the slope.
        var low: Double
        /// Upper end of the ~95 % confidence interval of the slope.
        var high: Double

        /// The fitted value at time `t`.
        func value(at t: Double) -> Double { intercept + slope * t }
    }

    /// The result of a Mann–Kendall trend test.
    struct MannKendall: Sendable, Hashable {
        /// Σ sign(x_j − x_i) over all pairs i < j.
        var s: Double
        /// Variance of `s` under no trend, corrected for ties.
        var variance: Double
        /// `s` as a continuity-corrected normal deviate; 0 when the variance is 0.
        var z: Double
        /// Two-sided p-value of `z`.
        var pValue: Double
    }

    /// The Mann–Kendall test over values in time order, with the ties correction of the variance.
    ///
    /// - Complexity: O(k²).
    static func mannKendall(_ values: [Double]) -> MannKendall {
        let count = values.count
        guard count >= 2 else { return MannKendall(s: 0, variance: 0, z: 0, pValue: 1) }
        var s = 0
        for i in 0..<(count - 1) {
            let x = values[i]
            for j in (i + 1)..<count {
                let y = values[j]
                if y > x { s += 1 } else if y < x { s -= 1 }
            }
        }
        var tiesTerm = 0.0
        let sorted = values.sorted()
        var runStart = 0
        for index in 1...count where index == count || sorted[index] != sorted[runStart] {
            tiesTerm += tieTerm(index - runStart)
            runStart = index
        }
        return mannKendall(s: s, count: count, tiesTerm: tiesTerm)
    }

    /// The Mann–Kendall test from its statistic `s` over `count` values, with `tiesTerm` the sum of
    /// ``tieTerm(_:)`` over the groups of equal values.
    static func mannKendall(s: Int, count: Int, tiesTerm: Double) -> MannKendall {
        let n = Double(count)
        let variance = max(0, (n * (n - 1) * (2 * n + 5) - tiesTerm) / 18)
        let sDouble = Double(s)
        var z = 0.0
        if variance > 0 {
            if s > 0 { z = (sDouble - 1) / variance.squareRoot() }
            if s < 0 { z = (sDouble + 1) / variance.squareRoot() }
        }
        return MannKendall(s: sDouble, variance: variance, z: z, pValue: variance > 0 ? twoSidedPValue(z) : 1)
    }

    /// A group of `t` equal values' share of the Mann–Kendall variance correction, t(t − 1)(2t + 5).
    static func tieTerm(_ t: Int) -> Double {
        let t = Double(t)
        return t * (t - 1) * (2 * t + 5)
    }

    /// The Theil–Sen line through points `(times[i], values[i])`, with Sen's ~95 % interval for the slope.
    ///
    /// Pairs with equal times are skipped. The interval takes the order statistics of the pairwise slopes at
    /// `(N ∓ 1.96 √Var(S)) / 2`, with `Var(S)` the ties-corrected Mann–Kendall variance (`mannKendallVariance`).
    /// Returns `nil` when no pair has distinct times.
    ///
    /// - Complexity: O(k² log k).
    static func theilSen(times: [Double], values: [Double], mannKendallVariance: Double) -> LineFit? {
        let count = min(times.count, values.count)
        guard count >= 2 else { return nil }
        var slopes: [Double] = []
        slopes.reserveCapacity(count * (count - 1) / 2)
        for i in 0..<(count - 1) {
            for j in (i + 1)..<count where times[j] != times[i] {
                slopes.append((values[j] - values[i]) / (times[j] - times[i]))
            }
        }
        guard !slopes.isEmpty else { return nil }
        slopes.sort()
        let slope = median(sorted: slopes)
        let intercept = median((0..<count).map { values[$0] - slope * times[$0] })
        return lineFit(
            slope: slope, intercept: intercept, pairs: slopes.count, mannKendallVariance: mannKendallVariance
        ) {
            slopes[min(max($0 - 1, 0), slopes.count - 1)]
        }
    }

    /// A Theil–Sen line from its slope and intercept, with Sen's interval read from the pairwise slopes through
    /// `slopeOfRank` (1-based rank among `pairs` sorted slopes, clamped by the caller).
    static func lineFit(
        slope: Double, intercept: Double, pairs: Int, mannKendallVariance: Double, slopeOfRank: (Int) -> Double
    ) -> LineFit {
        let half = z975 * mannKendallVariance.squareRoot()
        let lowRank = Int(((Double(pairs) - half) / 2).rounded())
        let highRank = Int(((Double(pairs) + half) / 2).rounded()) + 1
        let low = slopeOfRank(lowRank)
        let high = slopeOfRank(highRank)
        return LineFit(slope: slope, intercept: intercept, low: min(low, slope), high: max(high, slope))
    }
}
