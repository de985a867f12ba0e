/// A metric whose samples cover the window too thinly to judge, beside the resident size that every tick
/// measures.
///
/// The page-walk metrics (PSS, USS, private dirty) are measured only on ticks the page-walk budget affords. A
/// process whose page walks are costly (many small mappings, a large heap) may get them on a handful of ticks,
/// or often while it was small and rarely once it grew. The trend is then judged on the resident size, and the
/// reason says so (``TrendWording``).
public struct SparseMetric: Sendable, Hashable {
    /// The metric that was too sparse.
    public var metric: Metric
    /// Its samples in the window.
    public var metricSamples: Int
    /// The ticks in the window (samples of the resident size).
    public var ticks: Int
    /// Its samples in the tail of the window (the last ``tailFraction``).
    public var tailMetricSamples: Int
    /// The ticks in that tail.
    public var tailTicks: Int
    /// The tail's share of the window, e.g. 0.4.
    public var tailFraction: Double

    /// Creates the facts; ``check(metric:metricTimesMs:tickTimesMs:options:)`` is the usual source.
    public init(
        metric: Metric, metricSamples: Int, ticks: Int, tailMetricSamples: Int, tailTicks: Int, tailFraction: Double
    ) {
        self.metric = metric
        self.metricSamples = metricSamples
        self.ticks = ticks
        self.tailMetricSamples = tailMetricSamples
        self.tailTicks = tailTicks
        self.tailFraction = tailFraction
    }

    /// The facts when the metric's samples are too sparse beside the ticks to judge on; nil when they will do.
    ///
    /// Too sparse, when the ticks are enough for a verdict (``TrendOptions/minimumSamples``), is any of:
    /// - fewer metric samples than a verdict needs;
    /// - one of ``TrendOptions/consistencyWindows`` equal time windows that holds 3 ticks or more holds no
    ///   metric sample;
    /// - the tail (``TrendOptions/tailFraction``) holds fewer than 5 metric samples (the flat-tail test needs 5)
    ///   while it holds 5 ticks or more;
    /// - the tail's share of its ticks that measured the metric is under a quarter of the rest's: read often
    ///   while small and rarely once large, the fit would weigh the start and barely see the end.
    ///
    /// Both time lists are ascending Unix ms.
    public static func check(metric: Metric, metricTimesMs: [Int64], tickTimesMs: [Int64], options: TrendOptions)
        -> SparseMetric?
    {
        guard let start = tickTimesMs.first, let end = tickTimesMs.last, end > start,
            tickTimesMs.count >= max(options.minimumSamples, 3), metricTimesMs.count < tickTimesMs.count
        else { return nil }
        let duration = Double(end - start)
        let windows = max(2, options.consistencyWindows)
        func window(_ time: Int64) -> Int {
            min(windows - 1, max(0, Int(Double(time - start) / duration * Double(windows))))
        }
        var ticksIn = [Int](repeating: 0, count: windows)
        var metricIn = [Int](repeating: 0, count: windows)
        for time in tickTimesMs { ticksIn[window(time)] += 1 }
        for time in metricTimesMs where time >= start && time <= end { metricIn[window(time)] += 1 }

        let tailStart = Double(end) - options.tailFraction * duration
        let tailTicks = tickTimesMs.filter { Double($0) >= tailStart }.count
        let tailMetric = metricTimesMs.filter { Double($0) >= tailStart && $0 <= end }.count
        let headTicks = tickTimesMs.count - tailTicks
        let headMetric = metricTimesMs.filter { $0 >= start && Double($0) < tailStart }.count

        let tooFew = metricTimesMs.count < options.minimumSamples
        let gap = zip(ticksIn, metricIn).contains { $0 >= 3 && $1 == 0 }
        let thinTail = tailTicks >= 5 && tailMetric < 5
        let unevenTail =
            headTicks > 0 && tailTicks > 0 && headMetric > 0
            && Double(tailMetric) / Double(tailTicks) < 0.25 * Double(headMetric) / Double(headTicks)
        guard tooFew || gap || thinTail || unevenTail else { return nil }
        return SparseMetric(
            metric: metric, metricSamples: metricTimesMs.count, ticks: tickTimesMs.count, tailMetricSamples: tailMetric,
            tailTicks: tailTicks, tailFraction: options.tailFraction)
    }
}
