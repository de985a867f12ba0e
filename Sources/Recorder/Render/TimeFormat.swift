import Foundation

/// ISO-8601 text for Unix millisecond times, in the local time zone with its offset.
public enum TimeFormat {
    /// `2026-11-25T09:12:00.123+01:00` (or `Z` in UTC).
    public static func iso(_ ms: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = .current
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    /// A duration: `850 ms`, `42.0 s`, `12.5 min`, `3.20 h`.
    public static func duration(ms: Int64) -> String {
        let seconds = Double(ms) / 1000
        if ms < 1000 { return "\(ms) ms" }
        if seconds < 120 { return String(format: "%.1f s", seconds) }
        if seconds < 7200 { return String(format: "%.1f min", seconds / 60) }
        return String(format: "%.2f h", seconds / 3600)
    }
}
