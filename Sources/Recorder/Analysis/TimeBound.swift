import Foundation

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
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("-") {
            guard let ms = DurationText.milliseconds(String(trimmed.dropFirst())) else { return nil }
            self = .beforeEnd(ms)
            return
        }
        // An ISO-8601 time is short ASCII; Foundation's DateFormatter traps on some other text
        // (a range error on multi-byte characters, found by fuzzing), so it never sees any.
        guard trimmed.utf8.count <= 64, trimmed.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }),
            let ms = Self.parseISO(trimmed)
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

    /// Unix milliseconds of a parsed date, nil beyond ±10,000 years (which no recording reaches).
    private static func milliseconds(_ date: Date) -> Int64? {
        let ms = (date.timeIntervalSince1970 * 1000).rounded()
        guard ms.isFinite, abs(ms) < 3.2e14 else { return nil }
        return Int64(ms)
    }

    private static func parseISO(_ text: String) -> Int64? {
        let withZone = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime],
        ] {
            withZone.formatOptions = options
            if let date = withZone.date(from: text) { return milliseconds(date) }
        }
        // Without a zone: local time, seconds and the time itself optional.
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = .current
        for format in [
            "yyyy-MM-dd'T'HH:mm:ss.SSS", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss",
            "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mmXXXXX", "yyyy-MM-dd",
        ] {
            local.dateFormat = format
            if let date = local.date(from: text) { return milliseconds(date) }
        }
        return nil
    }
}
