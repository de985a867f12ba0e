/// The fitted trend as a segment to draw over a series: the trend's Theil–Sen slope through
/// the median of the residuals (the estimator's own intercept), over the analysed window
/// (from the end of a warm-up, if any, to the last sample). A sawtooth's trend is its floor's
/// (``TrendBasis/floor``): the line then runs through the lowest residual, under the troughs.
public struct TrendLineFit: Sendable, Hashable {
    /// Start of the segment, Unix ms, and the value there.
    public var startMs: Int64
    /// The value at ``startMs``.
    public var startValue: Double
    /// End of the segment, Unix ms.
    public var endMs: Int64
    /// The value at ``endMs``.
    public var endValue: Double

    /// The segment of `trend` over the series it was fitted to; nil when the trend has no fit or
    /// the series is empty in the window.
    public static func of(_ trend: Trend, timesMs: [Int64], values: [Double]) -> TrendLineFit? {
        guard case .fitted = trend.explanation else { return nil }
        let start = trend.warmUpEndTimeMs ?? timesMs.first ?? 0
        let perMs = trend.slopePerHour / 3_600_000
        var residuals: [Double] = []
        var last: Int64?
        for (time, value) in zip(timesMs, values) where time >= start && value.isFinite {
            residuals.append(value - perMs * Double(time - start))
            last = time
        }
        guard let last, !residuals.isEmpty else { return nil }
        let intercept =
            trend.basis == .floor ? (residuals.min() ?? 0) : RobustStatistics.median(residuals)
        return TrendLineFit(
            startMs: start, startValue: intercept, endMs: last, endValue: intercept + perMs * Double(last - start))
    }
}
