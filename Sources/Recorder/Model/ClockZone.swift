#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The time zone local times are written in: the system's, whose offsets come from the C
/// library (`localtime_r`, which reads `TZ` and /etc/localtime), or a Foundation `TimeZone`.
///
/// Foundation's `TimeZone.current` needs ICU to know any zone but GMT; the C library needs
/// nothing, so memhist's own executable, which does not load ICU, writes system local times
/// through it. A `TimeZone` by name (`Europe/Berlin`) still needs ICU, which tests load.
public struct ClockZone: Sendable {
    private enum Rules: Sendable {
        case system
        case foundation(TimeZone)
    }

    private let rules: Rules

    /// The system's time zone (`TZ`, else /etc/localtime), read by the C library.
    public static let system = ClockZone(rules: .system)

    private init(rules: Rules) {
        self.rules = rules
    }

    /// The zone of a Foundation `TimeZone`.
    public init(_ timeZone: TimeZone) {
        rules = .foundation(timeZone)
    }

    /// The zone's name: a tz database name such as `Europe/Berlin` when the system names one
    /// (in `TZ` or by the link /etc/localtime), else its abbreviation.
    public var identifier: String {
        switch rules {
        case .foundation(let timeZone): return timeZone.identifier
        case .system: return Self.systemIdentifier
        }
    }

    /// The offset from UTC in force at `ms` (Unix ms), in seconds.
    public func secondsFromGMT(atMs ms: Int64) -> Int {
        switch rules {
        case .foundation(let timeZone):
            return timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(ms) / 1000))
        case .system:
            var seconds = time_t(ms >= 0 ? ms / 1000 : (ms - 999) / 1000)
            var fields = tm()
            guard localtime_r(&seconds, &fields) != nil else { return 0 }
            return Int(fields.tm_gmtoff)
        }
    }

    /// The local date and time of `ms` (Unix ms).
    public func localTime(_ ms: Int64) -> LocalTime {
        LocalTime(ms: ms, offsetSeconds: secondsFromGMT(atMs: ms))
    }

    /// The Unix ms at which the local clock reads `localMs` (a wall-clock time counted as if it
    /// were UTC). A time skipped when clocks go forward is read with the offset before the
    /// change (02:30 becomes 03:30); a repeated time is the later of the two.
    public func utcMs(ofLocalMs localMs: Int64) -> Int64 {
        let guess = localMs &- Int64(secondsFromGMT(atMs: localMs)) &* 1000
        return localMs &- Int64(secondsFromGMT(atMs: guess)) &* 1000
    }

    private static let systemIdentifier: String = {
        if let variable = getenv("TZ") {
            var name = String(cString: variable)
            if name.hasPrefix(":") { name.removeFirst() }
            if let range = name.firstRange(of: "zoneinfo/") { name = String(name[range.upperBound...]) }
            if !name.isEmpty, !name.hasPrefix("/"), access("/usr/share/zoneinfo/" + name, R_OK) == 0 { return name }
            if !name.isEmpty { return abbreviation() }
        }
        var buffer = [CChar](repeating: 0, count: 512)
        let count = readlink("/etc/localtime", &buffer, buffer.count - 1)
        if count > 0 {
            let target = String(decoding: buffer.prefix(count).map(UInt8.init(bitPattern:)), as: UTF8.self)
            if let range = target.firstRange(of: "zoneinfo/") { return String(target[range.upperBound...]) }
        }
        return abbreviation()
    }()

    /// The abbreviation in force now (`CET`, `UTC`), or GMT.
    private static func abbreviation() -> String {
        var now = time(nil)
        var fields = tm()
        guard localtime_r(&now, &fields) != nil, let zone = fields.tm_zone else { return "GMT" }
        let name = String(cString: zone)
        return name.isEmpty ? "GMT" : name
    }
}

extension ClockZone {
    /// A moment as a local clock shows it: the proleptic Gregorian date, time of day and offset.
    public struct LocalTime: Sendable, Equatable {
        /// Days since 1970-01-01 in local time.
        public var days: Int64
        public var year: Int
        public var month: Int
        public var day: Int
        public var hour: Int
        public var minute: Int
        public var second: Int
        public var millisecond: Int
        /// The offset from UTC, seconds.
        public var offsetSeconds: Int

        init(ms: Int64, offsetSeconds: Int) {
            let local = ms &+ Int64(offsetSeconds) &* 1000
            // Floor division that cannot overflow at the ends of Int64.
            var seconds = local / 1000
            var millis = Int(local % 1000)
            if millis < 0 {
                seconds -= 1
                millis += 1000
            }
            days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
            let secondOfDay = Int(seconds - days * 86_400)
            (year, month, day) = ISOTimeFormatter.civil(fromDays: days)
            hour = secondOfDay / 3600
            minute = secondOfDay / 60 % 60
            second = secondOfDay % 60
            millisecond = millis
            self.offsetSeconds = offsetSeconds
        }

        private static let monthNames = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ]

        /// `2026-11-25` (the year to at least four digits).
        public var date: String {
            Self.padded(year, 4) + "-" + Self.padded(month, 2) + "-" + Self.padded(day, 2)
        }

        /// `09:05`.
        public var hourMinute: String {
            Self.padded(hour, 2) + ":" + Self.padded(minute, 2)
        }

        /// `09:05:07`.
        public var hourMinuteSecond: String {
            hourMinute + ":" + Self.padded(second, 2)
        }

        /// `Nov 5`, in English whatever the locale.
        public var monthAndDay: String {
            Self.monthNames[month - 1] + " " + String(day)
        }

        /// `11-05`.
        public var numericMonthAndDay: String {
            Self.padded(month, 2) + "-" + Self.padded(day, 2)
        }

        /// The offset as `+01:00`, `-03:30` or `+00:00`.
        public var offset: String {
            let minutes = abs(offsetSeconds) / 60
            return (offsetSeconds < 0 ? "-" : "+") + Self.padded(minutes / 60, 2) + ":" + Self.padded(minutes % 60, 2)
        }

        private static func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(abs(value))
            let zeros = String(repeating: "0", count: max(0, width - digits.count))
            return (value < 0 ? "-" : "") + zeros + digits
        }
    }
}
