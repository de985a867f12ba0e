/// The time axis of a chart: ticks at round local times (every 10 s, 5 min, 1 h, 1 day …),
/// labelled `HH:mm` (`HH:mm:ss` when ticks are less than a minute apart, `MMM d` when they are
/// days apart), with the date under the first tick and under the first tick of each new day when
/// the range crosses midnight.
struct ChartTimeAxis {
    /// One tick: where it is, its time, and the date written under it (or `nil`).
    struct Tick: Equatable {
        var ms: Int64
        var label: String
        var date: String?
    }

    /// The ticks from the first round time at or after the range's start to its end.
    var ticks: [Tick]

    private static let second: Int64 = 1000
    private static let minute = 60 * second
    private static let hour = 60 * minute
    private static let day = 24 * hour
    private static let steps: [Int64] = [
        second, 2 * second, 5 * second, 10 * second, 15 * second, 30 * second,
        minute, 2 * minute, 5 * minute, 10 * minute, 15 * minute, 20 * minute, 30 * minute,
        hour, 2 * hour, 3 * hour, 6 * hour, 12 * hour, day, 2 * day, 7 * day, 14 * day, 28 * day,
    ]

    /// Ticks for `range` in at most `intervals` steps, in `timeZone`.
    init(range: ClosedRange<Int64>, timeZone: ClockZone, intervals: Int = 6) {
        let span = range.upperBound.subtractingReportingOverflow(range.lowerBound)
        // Ticks at most 2^50 ms (35,000 years) apart, which no recording needs.
        let least = min(1 << 50, span.overflow ? .max : span.partialValue / Int64(max(1, intervals)))
        let step = Self.steps.first { $0 >= least } ?? (least / Self.day + 1) * Self.day
        let times =
            step < Self.day
            ? Self.clockTimes(range, step: step, timeZone: timeZone)
            : Self.midnights(range, days: step / Self.day, timeZone: timeZone)
        let crossesDays = timeZone.localTime(range.lowerBound).days != timeZone.localTime(range.upperBound).days
        var ticks: [Tick] = []
        var lastDay: Int64?
        for ms in times {
            let local = timeZone.localTime(ms)
            if step >= Self.day {
                ticks.append(Tick(ms: ms, label: local.monthAndDay))
                continue
            }
            let newDay = lastDay.map { $0 != local.days } ?? true
            lastDay = local.days
            let label = step < Self.minute ? local.hourMinuteSecond : local.hourMinute
            ticks.append(Tick(ms: ms, label: label, date: crossesDays && newDay ? local.monthAndDay : nil))
        }
        if ticks.isEmpty {
            // A range shorter than any step: its start, to the second.
            ticks = [Tick(ms: range.lowerBound, label: timeZone.localTime(range.lowerBound).hourMinuteSecond)]
        }
        self.ticks = ticks
    }

    /// Multiples of `step` in local clock time, each placed with the offset in force at it. Where
    /// a clock is set back, the repeated times get no tick; where it is set forward, the times
    /// that do not exist get none.
    private static func clockTimes(_ range: ClosedRange<Int64>, step: Int64, timeZone: ClockZone) -> [Int64] {
        let offset = { (ms: Int64) in Int64(timeZone.secondsFromGMT(atMs: ms)) * second }
        let startOffset = offset(range.lowerBound)
        // Wrapping arithmetic and a bounded loop: times at the ends of Int64 give odd ticks, not a trap.
        let localStart = range.lowerBound &+ startOffset
        var local = localStart &- ((localStart % step) &+ step) % step
        var out: [Int64] = []
        for _ in 0..<200 {
            let ms = local &- offset(local &- startOffset)
            if ms > range.upperBound { break }
            // A clock set forward can bring a tick before the last one: it is left out.
            if ms >= range.lowerBound && ms > out.last ?? .min { out.append(ms) }
            local &+= step
        }
        return out
    }

    /// Local midnights every `days` days, from the first at or after the range's start (where a
    /// clock skips midnight, the first time after the skip).
    private static func midnights(_ range: ClosedRange<Int64>, days: Int64, timeZone: ClockZone) -> [Int64] {
        var localDay = timeZone.localTime(range.lowerBound).days
        var out: [Int64] = []
        for _ in 0..<200 {
            let (localMidnight, overflow) = localDay.multipliedReportingOverflow(by: day)
            guard !overflow, abs(localMidnight) < 9_000_000_000_000_000 else { break }
            let ms = timeZone.utcMs(ofLocalMs: localMidnight)
            if ms > range.upperBound { break }
            if ms >= range.lowerBound { out.append(ms) }
            localDay += days
        }
        return out
    }
}
