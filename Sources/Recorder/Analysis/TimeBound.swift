/// One end of a report's time window, as typed after `--since` or `--until`: an ISO-8601 time
/// (`2026-11-25T09:00:00Z`, `2026-11-25T10:00+01:00`, `2026-11-25 09:00` in local time,
/// `2026-11-25`) or a duration back from the end of the recording (`-2h`, `-30m`).
public enum TimeBound: Sendable, Equatable {
    /// A moment, Unix ms.
    case absolute(Int64)
    /// This many milliseconds before the last sample of the selected sessions (which is "now"
    /// while a recording runs).
    case beforeEnd(Int64)

    /// Parses the text; nil when it is neither form.
    public init?(_ text: String) {
        let trimmed = text.trimmingWhitespace
        if trimmed.hasPrefix("-") {
            guard let ms = DurationText.milliseconds(String(trimmed.dropFirst())) else { return nil }
            self = .beforeEnd(ms)
            return
        }
        // An ISO-8601 time is short ASCII.
        guard trimmed.utf8.count <= 64, trimmed.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }),
            let ms = Self.parseISO(Array(trimmed.utf8), zone: .system)
        else { return nil }
        self = .absolute(ms)
    }

    /// The bound in Unix ms, given the time of the last sample.
    public func resolve(endMs: Int64) -> Int64 {
        switch self {
        case .absolute(let ms): return ms
        case .beforeEnd(let ms):
            let (start, overflow) = endMs.subtractingReportingOverflow(ms)
            return overflow ? .min : start
        }
    }

    /// Unix ms of `2026-11-25T09:00:00.500Z`, `2026-11-25T10:00+01:00`, `2026-11-25 09:00:00`,
    /// `2026-11-25` …: a date, then optionally `T` or a space and `HH:mm`, `:ss` and a fraction;
    /// then optionally `Z` or an offset (`+01:00`, `+0100`), after a time only. Without an
    /// offset the time is read in `zone`, and a date alone is its local midnight.
    static func parseISO(_ text: [UInt8], zone: ClockZone) -> Int64? {
        var cursor = 0
        func number(_ width: Int) -> Int? {
            guard cursor + width <= text.count else { return nil }
            var value = 0
            for byte in text[cursor..<(cursor + width)] {
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            cursor += width
            return value
        }
        func skip(_ character: Unicode.Scalar) -> Bool {
            guard cursor < text.count, text[cursor] == UInt8(ascii: character) else { return false }
            cursor += 1
            return true
        }
        guard let year = number(4), skip("-"), let month = number(2), skip("-"), let day = number(2),
            (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year)
        else { return nil }
        var localMs = ISOTimeFormatter.days(year: year, month: month, day: day) * 86_400_000
        guard cursor < text.count else { return zone.utcMs(ofLocalMs: localMs) }
        guard skip("T") || skip(" "), let hour = number(2), hour < 24, skip(":"), let minute = number(2), minute < 60
        else { return nil }
        var seconds = hour * 3600 + minute * 60
        var millis = 0
        if skip(":") {
            guard let second = number(2), second < 60 else { return nil }
            seconds += second
            if skip(".") || skip(",") {
                var scale = 100
                let start = cursor
                while cursor < text.count, text[cursor] >= UInt8(ascii: "0"), text[cursor] <= UInt8(ascii: "9") {
                    millis += Int(text[cursor] - UInt8(ascii: "0")) * scale
                    scale /= 10
                    cursor += 1
                }
                guard cursor > start else { return nil }
            }
        }
        localMs += Int64(seconds) * 1000 + Int64(millis)
        guard cursor < text.count else { return zone.utcMs(ofLocalMs: localMs) }
        if skip("Z") || skip("z") {
            guard cursor == text.count else { return nil }
            return localMs
        }
        let sign: Int64
        if skip("+") {
            sign = 1
        } else if skip("-") {
            sign = -1
        } else {
            return nil
        }
        guard let offsetHours = number(2), offsetHours < 24 else { return nil }
        _ = skip(":")
        guard let offsetMinutes = number(2), offsetMinutes < 60, cursor == text.count else { return nil }
        return localMs - sign * Int64(offsetHours * 3600 + offsetMinutes * 60) * 1000
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
