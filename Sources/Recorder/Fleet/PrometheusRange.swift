/// The `start`, `end` and `step` of a PromQL range query, in Unix ms, and how it is cut into
/// requests that Prometheus accepts.
///
/// Prometheus refuses a range query of more than 11,000 points per series ("exceeded maximum
/// resolution of 11,000 points per timeseries"); ``chunks(maximumPoints:)`` cuts a longer range into
/// consecutive queries on the same grid of steps, whose answers are joined.
/// See https://prometheus.io/docs/prometheus/latest/querying/api/#range-queries
public struct PrometheusRange: Sendable, Equatable {
    /// The first evaluation time, Unix ms.
    public var startMs: Int64
    /// The last time evaluated is the last step at or before this, Unix ms.
    public var endMs: Int64
    /// The time between evaluations, ms (at least 1).
    public var stepMs: Int64

    /// The points per series memhist asks for in one request: below Prometheus's 11,000.
    public static let maximumPointsPerRequest = 10_000
    /// The most points per series memhist asks for in all (100 requests).
    public static let maximumPoints: Int64 = 1_000_000
    /// The default step's smallest value: 30 s.
    public static let minimumDefaultStepMs: Int64 = 30_000
    /// The most points per series the default step gives.
    public static let defaultPoints: Int64 = 2_000

    /// Creates a range.
    public init(startMs: Int64, endMs: Int64, stepMs: Int64) {
        self.startMs = startMs
        self.endMs = endMs
        self.stepMs = max(1, stepMs)
    }

    /// The step when none is given: 30 s, or longer (whole seconds) so that a series has at most
    /// 2,000 points.
    public static func defaultStepMs(startMs: Int64, endMs: Int64) -> Int64 {
        let span = max(0, endMs - startMs)
        let perPoint = (span + defaultPoints - 2) / (defaultPoints - 1)
        let seconds = (perPoint + 999) / 1000
        return max(minimumDefaultStepMs, seconds * 1000)
    }

    /// The number of evaluation times (points per series at most).
    public var points: Int64 {
        endMs < startMs ? 0 : (endMs - startMs) / stepMs + 1
    }

    /// The range as requests of at most `maximumPoints` points each, in time order, on this
    /// range's grid of steps (no time is asked twice).
    public func chunks(maximumPoints: Int = maximumPointsPerRequest) -> [PrometheusRange] {
        let perChunk = Int64(max(1, maximumPoints))
        guard points > perChunk else { return [self] }
        var chunks: [PrometheusRange] = []
        var start = startMs
        while start <= endMs {
            let (last, overflow) = start.addingReportingOverflow((perChunk - 1) * stepMs)
            let end = overflow ? endMs : min(endMs, last)
            chunks.append(PrometheusRange(startMs: start, endMs: end, stepMs: stepMs))
            let (next, over) = end.addingReportingOverflow(stepMs)
            if over { break }
            start = next
        }
        return chunks
    }

    /// Unix ms as the seconds Prometheus's API takes: `1700000000`, `1700000000.5`, `1700000000.125`.
    static func seconds(_ ms: Int64) -> String {
        let whole = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000)
        let fraction = ms - whole * 1000
        guard fraction != 0 else { return String(whole) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }
}
