/// What the report says about one process: its series summarised, its trend and verdict,
/// and the regions that grew.
public struct ProcessReport: Sendable {
    /// The process.
    public var process: StoredProcess
    /// The metric the trend follows.
    public var metric: Metric
    /// The trend of the metric (samples, first, last, min, peak, slope, verdict …), over the
    /// samples that measured it.
    public var trend: Trend
    /// Every sample of the process in the window, including ticks that read only stat and
    /// status (see ``CaptureDetail``) and so did not measure every metric.
    public var sampleCount: Int
    /// The largest resident size sampled, and when.
    public var peakResidentBytes: Int?
    /// When the largest resident size was sampled, Unix ms.
    public var peakResidentTimeMs: Int64?
    /// The kernel's own peak resident size (`VmHWM`), which also counts peaks between samples.
    public var kernelPeakResidentBytes: Int?
    /// Private dirty + swap at the first and last sample: memory that cannot be dropped.
    public var dirtyFirstBytes: Int?
    /// Private dirty + swap at the last sample.
    public var dirtyLastBytes: Int?
    /// The trend of private dirty + swap: memory the process cannot give back without freeing it.
    public var dirtyTrend: Trend
    /// When it would fill the host's available memory or its cgroup's limit, at its slope.
    public var forecast: Forecast
    /// The metric's level in up to 24 equal slices of time, for a sparkline.
    public var levels: [Double]
    /// The regions, ranked by growth of the metric between the first and last region captures.
    public var regions: [RegionGrowth]
    /// What share of the metric's growth the regions account for; nil without region captures.
    public var regionCoverage: RegionCoverage? = nil

    /// The series the verdict was judged on: the metric, or RSS when the metric's samples were too sparse
    /// (``Trend/sparseMetric``).
    public var judgedOn: Metric { trend.sparseMetric == nil ? metric : .rss }
}
