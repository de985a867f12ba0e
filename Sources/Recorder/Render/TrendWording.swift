/// Puts a trend's ``TrendExplanation`` into one English line a person can check against a
/// chart, with rates in KiB, MiB or GiB per hour (powers of 1024). Every format that shows a
/// reason words it here.
public enum TrendWording {
    /// The line for `trend`.
    public static func reason(_ trend: Trend) -> String {
        (trend.sparseMetric.map { sparse($0) + ": " } ?? "") + explained(trend)
    }

    private static func explained(_ trend: Trend) -> String {
        switch trend.explanation {
        case .tooLittleData(let samples, let durationMs, let minimumSamples, let minimumDurationMs):
            let counted = samples == 1 ? "1 sample" : "\(samples) samples"
            return "\(counted) over \(TimeFormat.duration(ms: Double(durationMs))): need at least "
                + "\(minimumSamples) samples over at least \(TimeFormat.duration(ms: Double(minimumDurationMs)))"
        case .tooFewCycles(let releases, let minimumCycles):
            let count = releases == 1 ? "1 release" : "\(releases) releases"
            return "sawtooth with \(count): need at least \(minimumCycles) to judge its floor"
        case .tooFewPoints(let count):
            return "too few distinct points to fit a trend (\(count))"
        case .fitted(let facts):
            return fitted(facts, verdict: trend.verdict) + (current(trend).map { "; \($0)" } ?? "")
        }
    }

    /// `growth began 09:12:00, judged growing since 09:20:00 (8.0 min later)`: nil unless the trend grows.
    public static func onset(_ trend: Trend) -> String? {
        guard trend.verdict == .growing, let began = trend.growthStartMs else { return nil }
        var line = "growth began \(TimeFormat.clock(began))"
        if let since = trend.growingSinceMs {
            line += ", judged growing since \(TimeFormat.clock(since))"
            if since > began { line += " (\(TimeFormat.duration(ms: Double(since - began))) later)" }
        }
        return line
    }

    /// `judged on RSS, which every tick measured (PSS on 6 of 112 ticks, 1 of 45 in the last 40%)`.
    public static func sparse(_ sparse: SparseMetric) -> String {
        "judged on RSS, which every tick measured (\(sparse.metric.title) on \(sparse.metricSamples) of "
            + "\(sparse.ticks) ticks, \(sparse.tailMetricSamples) of \(sparse.tailTicks) in the last "
            + "\(ReportRenderer.percent(sparse.tailFraction)))"
    }

    /// `now +40.0 MiB/h since 09:12:00`: the slope after the last change in slope; nil when it did not change.
    public static func current(_ trend: Trend) -> String? {
        guard let slope = trend.currentSlopePerHour, let since = trend.currentSinceMs else { return nil }
        return "now \(ByteFormat.perHour(slope)) since \(TimeFormat.clock(since))"
    }

    private static func fitted(_ facts: TrendFitFacts, verdict: Verdict) -> String {
        let interval =
            "(95% CI \(ByteFormat.perHour(facts.slopeLowPerHour)) to \(ByteFormat.perHour(facts.slopeHighPerHour)))"
        let subject = facts.basis == .floor ? "floor (troughs after \(facts.releases) releases)" : "level"
        let test = "Mann-Kendall \(pValue(facts.pValue))"
        let slope = ByteFormat.perHour(facts.slopePerHour)
        var line: String
        if let point = facts.changePoint {
            return changed(point, subject: subject, verdict: verdict)
        }
        switch verdict {
        case .growing, .shrinking:
            let direction = verdict == .growing ? "up" : "down"
            line =
                "\(slope) \(interval), \(subject) \(direction) in \(facts.movingSteps) of \(facts.windowSteps) "
                + "window steps, \(test)"
        case .levelledOff where !facts.stableAfterWarmUp:
            line =
                "\(subject) rose \(ByteFormat.signed(facts.rise)) (\(test)), then flat: "
                + "\(ByteFormat.perHour(facts.tailSlopePerHour)) over the last "
                + "\(ReportRenderer.percent(facts.tailFraction)) vs \(ByteFormat.perHour(facts.riseRatePerHour)) overall"
        default:
            let why =
                facts.pValue >= facts.significance
                ? "no significant trend (\(test))"
                : facts.change < facts.threshold
                    ? "change \(ByteFormat.string(facts.change)) below the \(ByteFormat.string(facts.threshold)) threshold"
                    : "no steady slope (\(test), \(subject) moved with it in \(facts.movingSteps) of "
                        + "\(facts.windowSteps) window steps)"
            let prefix = facts.basis == .floor ? "\(subject): " : ""
            line = "\(prefix)\(slope) \(interval), \(why)"
        }
        if let rise = facts.warmUpRise, let length = facts.warmUpLengthMs {
            let risen = ByteFormat.signed(rise)
            let duration = TimeFormat.duration(ms: length)
            line =
                facts.stableAfterWarmUp
                ? "rose \(risen) in a warm-up over the first \(duration), then stable: \(line)"
                : line + "; after a warm-up of \(risen) over the first \(duration)"
        }
        return line
    }

    /// A change point: a single step (up: levelled off; down: stable), or a rise that ended in a plateau.
    private static func changed(_ point: TrendChangePoint, subject: String, verdict: Verdict) -> String {
        let at = TimeFormat.duration(ms: point.offsetMs)
        let test = "rank-sum \(pValue(point.pValue))"
        let after = "\(ByteFormat.perHour(point.afterSlopePerHour)) since"
        switch point.kind {
        case .step where point.size > 0:
            return "\(subject) rose \(ByteFormat.signed(point.size)) in one step at \(at), flat before and after "
                + "(\(test)): \(after)"
        case .step:
            let trend = verdict == .stable ? ", a single step is no trend" : ""
            return "\(subject) stepped down \(ByteFormat.signed(point.size)) once at \(at), flat before and after "
                + "(\(test)): \(after)\(trend)"
        case .riseEnded:
            return "\(subject) rose \(ByteFormat.signed(point.size)) until \(at) (\(test)), then flat over the last "
                + "\(ReportRenderer.percent(point.afterFraction)): \(ByteFormat.perHour(point.afterSlopePerHour)) vs "
                + "\(ByteFormat.perHour(point.riseRatePerHour)) during the rise"
        }
    }

    /// A p-value: `p<0.001`, `p=0.012`.
    static func pValue(_ p: Double) -> String {
        p < 0.001 ? "p<0.001" : "p=" + CFormat.fixed(p, digits: 3)
    }
}

extension Trend {
    /// One English line saying why the verdict (``TrendWording``).
    public var reason: String { TrendWording.reason(self) }
}
