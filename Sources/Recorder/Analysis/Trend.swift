/// What a memory series did over the analysed window, as a leak hunter reads it.
///
/// The raw values are the strings used in JSON, CSV and the database (`levelled_off`, `insufficient_data`).
/// ``TrendAnalyzer`` decides it; ``TrendOptions`` holds every threshold the decision uses.
public enum Verdict: String, Sendable, Hashable, CaseIterable {
    /// The series rises significantly and is still rising at the end of the window: a leak candidate.
    case growing
    /// The series rose significantly, then stopped: a warm-up, a cache that filled, a one-time step up.
    case levelledOff = "levelled_off"
    /// No significant, material trend: flat, noisy, a sawtooth whose floor stays level, or a single step down
    /// between two flat stretches (memory given back once; the step is in the explanation).
    case stable
    /// The series falls significantly and materially, with a negative slope (not in a single step).
    case shrinking
    /// Too few samples, too short a window, or too few sawtooth cycles to judge.
    case insufficientData = "insufficient_data"
}

/// Which points of the series the robust slope was fitted to.
public enum TrendBasis: String, Sendable, Hashable, CaseIterable {
    /// The level of each time bucket (its interquartile mean, or median for tiny buckets).
    case level
    /// The lower envelope of a sawtooth: the trough after each release (garbage collection).
    ///
    /// Used when the series drops sharply and repeatedly after gradual rises; a level floor is not a leak
    /// however tall the teeth are.
    case floor
}

/// The thresholds ``TrendAnalyzer`` uses; every one can be overridden.
///
/// "Material" below means at least `max(minimumRelativeGrowth × median value, minimumAbsoluteGrowth)`: a change
/// smaller than that is never reported as growth, shrinkage or a step, however significant it is statistically.
public struct TrendOptions: Sendable, Hashable {
    /// The thresholds described on each property.
    public static let `default` = TrendOptions()

    /// Fewer finite samples than this give `insufficient_data` (default 6; values below 3 count as 3).
    public var minimumSamples: Int
    /// A window shorter than this many milliseconds gives `insufficient_data` (default 2 000 ms).
    public var minimumDurationMs: Int64
    /// Two-sided Mann–Kendall p-value below which a trend counts as significant (default 0.05; outside (0, 1)
    /// the default is used).
    ///
    /// It applies to the whole window (growing, shrinking, the rise before a plateau) and to its tail
    /// (whether the rise continues).
    public var significance: Double
    /// A change over the window below this fraction of the median value is not material (default 0.02 = 2 %).
    ///
    /// The change is the larger of the fitted slope times the window duration and the shift between the
    /// medians of the first and the last 30 % of the window.
    public var minimumRelativeGrowth: Double
    /// A change over the window below this many bytes is not material either (default 1 MiB).
    public var minimumAbsoluteGrowth: Double
    /// The series is cut by time into at most this many buckets before the O(B²) estimators run (default 100).
    ///
    /// Sawtooth troughs are merged into at most this many points too. Values below 3 are treated as 3.
    public var maximumBuckets: Int
    /// The final fraction of the window examined for levelling off (default 0.4 = the last 40 %; 0.05 to 0.9).
    ///
    /// The tail must hold at least 5 points to show it is flat; a rise that stopped later than this fraction
    /// from the end still counts as growing.
    public var tailFraction: Double
    /// A significant rise has levelled off when the tail's slope is at most this fraction of the rise's rate
    /// (default 0.5) and the tail itself is not rising significantly and materially.
    public var levelledOffTailRatio: Double
    /// A rise followed by a plateau has levelled off, wherever the rise ended, when the plateau after the change
    /// point spans at least this fraction of the window (default 0.2, from 0.05 to 0.9) and holds 5 points.
    ///
    /// See ``TrendAnalyzer``: the plateau must not rise significantly and materially, nor in its last half.
    public var plateauFraction: Double
    /// A warm-up is looked for in this leading fraction of the window (default 0.1 = the first 10 %).
    ///
    /// A warm-up is a start that lies materially (and by more than 3 robust standard deviations) below the
    /// trend of the rest and reaches it within that fraction. It is left out of the slope; a warm-up followed
    /// by a flat series is `levelled_off`. Set to 0 to disable; values above 0.5 count as 0.5.
    public var warmUpFraction: Double
    /// A sample-to-sample drop counts as a release only if it exceeds this many robust standard deviations of
    /// the sample-to-sample changes (default 6), besides being material.
    public var releaseNoiseMultiplier: Double
    /// A sawtooth needs at least this many releases, hence troughs, before its floor is judged (default 5; at
    /// least 3).
    ///
    /// With fewer, the verdict is `insufficient_data`: two or three teeth cannot tell a level floor from a
    /// rising one. Five rising troughs are the fewest a Mann–Kendall test at p < 0.05 can call significant.
    public var minimumCycles: Int
    /// The window is cut into this many equal time windows to count how often the level rose (default 10; at
    /// least 2).
    ///
    /// The count is reported (``Trend/risingWindowSteps``) and weighs in ``Trend/confidence``; it does not
    /// decide the verdict.
    public var consistencyWindows: Int

    /// Creates options; every parameter defaults to the value documented on its property.
    public init(
        minimumSamples: Int = 6,
        minimumDurationMs: Int64 = 2_000,
        significance: Double = 0.05,
        minimumRelativeGrowth: Double = 0.02,
        minimumAbsoluteGrowth: Double = 1_048_576,
        maximumBuckets: Int = 100,
        tailFraction: Double = 0.4,
        levelledOffTailRatio: Double = 0.5,
        warmUpFraction: Double = 0.1,
        releaseNoiseMultiplier: Double = 6,
        minimumCycles: Int = 5,
        consistencyWindows: Int = 10,
        plateauFraction: Double = 0.2
    ) {
        self.minimumSamples = minimumSamples
        self.minimumDurationMs = minimumDurationMs
        self.significance = significance
        self.minimumRelativeGrowth = minimumRelativeGrowth
        self.minimumAbsoluteGrowth = minimumAbsoluteGrowth
        self.maximumBuckets = maximumBuckets
        self.tailFraction = tailFraction
        self.levelledOffTailRatio = levelledOffTailRatio
        self.warmUpFraction = warmUpFraction
        self.releaseNoiseMultiplier = releaseNoiseMultiplier
        self.minimumCycles = minimumCycles
        self.consistencyWindows = consistencyWindows
        self.plateauFraction = plateauFraction
    }
}

/// The trend of one memory series: summary values, a robust slope with its confidence interval, and a verdict.
///
/// Values are in bytes, times in Unix milliseconds, rates in bytes per hour. Slopes, the Mann–Kendall statistic
/// and the p-value describe the analysed window, which starts after a detected warm-up
/// (``warmUpEndTimeMs``); the summary values (`first` … `growth`) describe every sample. When the verdict is
/// `insufficientData` the slopes and `mannKendallZ` are 0 and `pValue` is 1.
public struct Trend: Sendable, Hashable {
    /// Number of finite samples analysed.
    public var samples: Int
    /// Time from the first to the last sample, in milliseconds.
    public var durationMs: Int64
    /// The first sample's value.
    public var first: Double
    /// The last sample's value.
    public var last: Double
    /// The smallest value.
    public var minimum: Double
    /// When the smallest value was first seen (Unix ms).
    public var minimumTimeMs: Int64
    /// The largest value.
    public var peak: Double
    /// When the largest value was first seen (Unix ms).
    public var peakTimeMs: Int64
    /// `last - first`, from the raw values: one spike at either end distorts it; the slope is the robust figure.
    public var growth: Double
    /// The robust (Theil–Sen) slope in bytes per hour, over the points named by ``basis``.
    public var slopePerHour: Double
    /// Lower end of the ~95 % confidence interval of ``slopePerHour`` (Sen's method).
    public var slopeLowPerHour: Double
    /// Upper end of the ~95 % confidence interval of ``slopePerHour`` (Sen's method).
    public var slopeHighPerHour: Double
    /// Slope of the lower envelope in bytes per hour, when computed.
    ///
    /// For a sawtooth it is the slope of the troughs (and equals ``slopePerHour``); otherwise the slope of the
    /// per-bucket minima when buckets hold at least 3 samples on average; `nil` otherwise.
    public var floorSlopePerHour: Double?
    /// Slope over the tail (``TrendOptions/tailFraction``) of the window, in bytes per hour; `nil` if the tail
    /// holds fewer than 2 points.
    public var tailSlopePerHour: Double?
    /// The Mann–Kendall statistic as a normal deviate (continuity- and ties-corrected); positive means rising.
    public var mannKendallZ: Double
    /// Two-sided p-value of ``mannKendallZ``.
    public var pValue: Double
    /// What the series did.
    public var verdict: Verdict
    /// How sure the verdict is, from 0 to 1: a heuristic score, not a probability.
    ///
    /// It combines the p-value, the width of the slope's confidence interval, how consistently the level moved
    /// between windows and how many points the fit had. It is 0 for `insufficientData`.
    public var confidence: Double
    /// Why the verdict, in numbers (``TrendWording`` words it).
    public var explanation: TrendExplanation
    /// Which points the slope was fitted to: bucket levels, or the troughs of a sawtooth.
    public var basis: TrendBasis
    /// Number of sawtooth releases (sharp drops after gradual rises) found; 0 if the series is no sawtooth.
    public var releases: Int
    /// When a detected warm-up ended and the analysed window starts (Unix ms); `nil` if there was none.
    public var warmUpEndTimeMs: Int64?
    /// Number of steps between consecutive consistency windows in which the level moved in the direction of
    /// the slope (up for a positive slope, down for a negative one).
    public var risingWindowSteps: Int
    /// Number of steps between consecutive non-empty consistency windows.
    public var windowSteps: Int
    /// The slope after the last change in slope, bytes per hour (Theil–Sen); `nil` when the slope did not
    /// change materially, and the current rate is ``slopePerHour``.
    ///
    /// See ``TrendAnalyzer/currentRate(in:trend:threshold:options:)``: the segment spans at least
    /// ``TrendOptions/plateauFraction`` of the window and its slope lies outside the whole window's 95 % interval.
    public var currentSlopePerHour: Double?
    /// When the segment of ``currentSlopePerHour`` began (Unix ms); `nil` with it.
    public var currentSinceMs: Int64?

    /// For `growing`: when the growth began (Unix ms), the change point when the level was flat before it, else
    /// the start of the analysed window; `nil` for other verdicts.
    public var growthStartMs: Int64?
    /// For `growing`: since when the samples have been judged growing (Unix ms), see
    /// ``TrendAnalyzer/growingSince(timesMs:values:options:checks:)``; set by the report (it re-judges the
    /// series up to earlier times), `nil` when not computed.
    public var growingSinceMs: Int64?

    /// Set when the metric's samples were too sparse to judge (see ``SparseMetric``): the slopes, test, verdict,
    /// confidence and reason then follow the resident size, which every tick measures, while the summary values
    /// (`samples` … `growth`) stay the metric's own. `nil` when the trend follows the metric throughout.
    public var sparseMetric: SparseMetric?

    /// The rate now: ``currentSlopePerHour`` when the slope changed, else ``slopePerHour``.
    public var currentRatePerHour: Double { currentSlopePerHour ?? slopePerHour }

    /// Creates a trend from its parts; ``TrendAnalyzer/analyze(timesMs:values:options:)`` is the usual source.
    public init(
        samples: Int,
        durationMs: Int64,
        first: Double,
        last: Double,
        minimum: Double,
        minimumTimeMs: Int64,
        peak: Double,
        peakTimeMs: Int64,
        growth: Double,
        slopePerHour: Double,
        slopeLowPerHour: Double,
        slopeHighPerHour: Double,
        floorSlopePerHour: Double? = nil,
        tailSlopePerHour: Double? = nil,
        mannKendallZ: Double,
        pValue: Double,
        verdict: Verdict,
        confidence: Double,
        explanation: TrendExplanation,
        basis: TrendBasis = .level,
        releases: Int = 0,
        warmUpEndTimeMs: Int64? = nil,
        risingWindowSteps: Int = 0,
        windowSteps: Int = 0,
        currentSlopePerHour: Double? = nil,
        currentSinceMs: Int64? = nil
    ) {
        self.samples = samples
        self.durationMs = durationMs
        self.first = first
        self.last = last
        self.minimum = minimum
        self.minimumTimeMs = minimumTimeMs
        self.peak = peak
        self.peakTimeMs = peakTimeMs
        self.growth = growth
        self.slopePerHour = slopePerHour
        self.slopeLowPerHour = slopeLowPerHour
        self.slopeHighPerHour = slopeHighPerHour
        self.floorSlopePerHour = floorSlopePerHour
        self.tailSlopePerHour = tailSlopePerHour
        self.mannKendallZ = mannKendallZ
        self.pValue = pValue
        self.verdict = verdict
        self.confidence = confidence
        self.explanation = explanation
        self.basis = basis
        self.releases = releases
        self.warmUpEndTimeMs = warmUpEndTimeMs
        self.risingWindowSteps = risingWindowSteps
        self.windowSteps = windowSteps
        self.currentSlopePerHour = currentSlopePerHour
        self.currentSinceMs = currentSinceMs
    }

    /// This trend's summary values with the judgement (slopes, test, verdict, confidence, reason) of
    /// `resident`, the trend of the resident size over the same window, because the metric was `sparse`.
    public func judged(onResident resident: Trend, because sparse: SparseMetric) -> Trend {
        var judged = resident
        judged.samples = samples
        judged.durationMs = durationMs
        judged.first = first
        judged.last = last
        judged.minimum = minimum
        judged.minimumTimeMs = minimumTimeMs
        judged.peak = peak
        judged.peakTimeMs = peakTimeMs
        judged.growth = growth
        judged.sparseMetric = sparse
        return judged
    }
}
