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
    /// The change point that decided the verdict (a single step, or the end of a rise); nil if none did.
    public var changePoint: TrendChangePoint?

    /// Creates facts; ``TrendAnalyzer`` is the usual source.
    public init(
        slopePerHour: Double, slopeLowPerHour: Double, slopeHighPerHour: Double, pValue: Double, significance: Double,
        movingSteps: Int, windowSteps: Int, basis: TrendBasis, releases: Int, rise: Double = 0,
        tailSlopePerHour: Double = 0, tailFraction: Double = 0, riseRatePerHour: Double = 0, change: Double = 0,
        threshold: Double = 0, warmUpRise: Double? = nil, warmUpLengthMs: Double? = nil,
        stableAfterWarmUp: Bool = false,
        changePoint: TrendChangePoint? = nil
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
        self.changePoint = changePoint
    }
}

/// One change point in the window, in numbers: a single step, or the end of a rise followed by a plateau.
public struct TrendChangePoint: Sendable, Hashable {
    /// What changed at the point.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The level stepped once between two flat stretches (``size`` says up or down).
        case step
        /// The level rose (gradually or not) until the point, then stayed on a plateau.
        case riseEnded = "rise_ended"
    }

    /// A step, or the end of a rise.
    public var kind: Kind
    /// The change, bytes, signed: the median level after the point minus the median before it (a step) or minus
    /// the starting level (a rise).
    public var size: Double
    /// When the change happened (a step) or the rise ended, Unix ms.
    public var timeMs: Int64
    /// How far into the series that was, ms.
    public var offsetMs: Double
    /// The share of the window after the point, e.g. 0.8.
    public var afterFraction: Double
    /// The slope after the point, bytes per hour (Theil–Sen).
    public var afterSlopePerHour: Double
    /// The rate of the rise from the start to the point, bytes per hour.
    public var riseRatePerHour: Double
    /// Two-sided p-value of the rank-sum test between the levels before and after the point.
    public var pValue: Double

    /// Creates a change point; ``TrendAnalyzer`` is the usual source.
    public init(
        kind: Kind, size: Double, timeMs: Int64, offsetMs: Double, afterFraction: Double, afterSlopePerHour: Double,
        riseRatePerHour: Double, pValue: Double
    ) {
        self.kind = kind
        self.size = size
        self.timeMs = timeMs
        self.offsetMs = offsetMs
        self.afterFraction = afterFraction
        self.afterSlopePerHour = afterSlopePerHour
        self.riseRatePerHour = riseRatePerHour
        self.pValue = pValue
    }
}
