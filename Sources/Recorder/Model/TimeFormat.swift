/// ISO-8601 text for Unix millisecond times, in the local time zone with its offset.
public enum TimeFormat {
    /// `2026-11-25T09:12:00.123+01:00` (or `Z` in UTC).
    public static func iso(_ ms: Int64) -> String {
        var formatter = ISOTimeFormatter()
        return formatter.string(ms)
    }

    /// A duration: `850 ms`, `42.0 s`, `12.5 min`, `3.2 h`.
    public static func duration(ms: Double) -> String {
        guard ms.isFinite else { return "?" }
        if abs(ms) < 1000 { return "\(Int(ms.rounded())) ms" }
        if ms < 120_000 { return CFormat.fixed(ms / 1000, digits: 1) + " s" }
        if ms < 7_200_000 { return CFormat.fixed(ms / 60_000, digits: 1) + " min" }
        return CFormat.fixed(ms / 3_600_000, digits: 1) + " h"
    }

    /// The local time of day: `09:12:00`.
    public static func clock(_ ms: Int64) -> String {
        let text = iso(ms)
        guard let t = text.firstIndex(of: "T") else { return text }
        return String(text[text.index(after: t)...].prefix(8))
    }

    /// The same for whole milliseconds.
    public static func duration(ms: Int64) -> String {
        duration(ms: Double(ms))
    }
}
