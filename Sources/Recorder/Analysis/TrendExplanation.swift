/// Why a trend got its verdict, as numbers a writer puts into words (``TrendWording`` in
/// English): the analysis itself says nothing in any language.
public enum TrendExplanation: Sendable, Hashable {
    /// Fewer samples or a shorter span than a verdict needs.
    case tooLittleData(samples: Int, durationMs: Int64, minimumSamples: Int, minimumDurationMs: Int64)
    /// A sawtooth with too few releases to judge its floor.
    case tooFewCycles(releases: Int, minimumCycles: Int)
    /// Too few distinct points left to fit a line.
    case tooFewPoints(Int)
    /// A line was fitted: what it showed.
    case fitted(TrendFitFacts)
}

/// What a fitted trend showed, behind a verdict other than "too little data".
public struct TrendFitFacts: Sendable, Hashable {
    /// The Theil–Sen slope and Sen's ~95% interval, bytes per hour.
    public var slopePerHour: Double
    /// Lower end of the interval.
    public var slopeLowPerHour: Double
    /// Upper end of the interval.
    public var slopeHighPerHour: Double
    /// The Mann–Kendall p-value, and the level it was held against.
    public var pValue: Double
    /// The significance level (``TrendOptions/significance``).
    public var significance: Double
    /// Window steps in which the level moved with the slope, of all window steps.
    public var movingSteps: Int
    /// All window steps.
    public var windowSteps: Int
    /// The points fitted: bucket levels, or a sawtooth's troughs after ``releases`` releases.
    public var basis: TrendBasis
    /// Sawtooth releases (0 for levels).
    public var releases: Int
    /// For `levelled_off`: how far the level rose, the tail's slope and the share of the window
    /// the tail is, and the overall rate it is compared with (bytes per hour).
    public var rise: Double
    /// The tail's slope, bytes per hour.
    public var tailSlopePerHour: Double
    /// The tail's share of the window, e.g. 0.4.
    public var tailFraction: Double
    /// The rate of the rise, bytes per hour.
    public var riseRatePerHour: Double
    /// For `stable`: the change over the window and the material threshold it fell short of.
    public var change: Double
    /// The smallest change that counts (``TrendOptions``).
    public var threshold: Double
    /// A warm-up left out of the window: how much it rose and how long it took (ms); nil if none.
    public var warmUpRise: Double?
    /// How long the warm-up took, ms.
    public var warmUpLengthMs: Double?
    /// Whether the series was stable after its warm-up, which made the verdict `levelled_off`.
    public var stableAfterWarmUp: Bool

    /// Creates facts; ``TrendAnalyzer`` is the usual source.
    public init(
        slopePerHour: Double, slopeLowPerHour: Double, slopeHighPerHour: Double, pValue: Double, significance: Double,
        movingSteps: Int, windowSteps: Int, basis: TrendBasis, releases: Int, rise: Double = 0,
        tailSlopePerHour: Double = 0, tailFraction: Double = 0, riseRatePerHour: Double = 0, change: Double = 0,
        threshold: Double = 0, warmUpRise: Double? = nil, warmUpLengthMs: Double? = nil, stableAfterWarmUp: Bool = false
    ) {
        self.slopePerHour = slopePerHour
        self.slopeLowPerHour = slopeLowPerHour
        self.slopeHighPerHour = slopeHighPerHour
        self.pValue = pValue
        self.significance = significance
        self.movingSteps = movingSteps
        self.windowSteps = windowSteps
        self.basis = basis
        self.releases = releases
        self.rise = rise
        self.tailSlopePerHour = tailSlopePerHour
        self.tailFraction = tailFraction
        self.riseRatePerHour = riseRatePerHour
        self.change = change
        self.threshold = threshold
        self.warmUpRise = warmUpRise
        self.warmUpLengthMs = warmUpLengthMs
        self.stableAfterWarmUp = stableAfterWarmUp
    }
}
