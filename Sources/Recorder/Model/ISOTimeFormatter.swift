/// ISO-8601 text for Unix millisecond times in a time zone, `2026-11-25T09:12:00.123+01:00` (or
/// `Z` at offset 0), written by arithmetic: an export writes one per row, and Foundation's
/// formatters cost microseconds each. The zone's offset is looked up once per quarter hour of
/// time (offsets change on quarter hours) and remembered.
public struct ISOTimeFormatter {
    /// The time zone.
    public let timeZone: ClockZone
    private var cachedQuarter = Int64.min
    private var cachedOffset = 0

    /// Creates a formatter for `timeZone`.
    public init(timeZone: ClockZone = .system) {
        self.timeZone = timeZone
    }

    /// The text of `ms`.
    public mutating func string(_ ms: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(29)
        append(ms, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the text of `ms` to `bytes`.
    public mutating func append(_ ms: Int64, to bytes: inout [UInt8]) {
        let quarter = ms >= 0 ? ms / 900_000 : (ms - 899_999) / 900_000
        if quarter != cachedQuarter {
            cachedQuarter = quarter
            cachedOffset = timeZone.secondsFromGMT(atMs: ms)
        }
        let local = ms + Int64(cachedOffset) * 1000
        let millis = Int((local % 1000 + 1000) % 1000)
        let seconds = (local - Int64(millis)) / 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = Self.civil(fromDays: days)
        if year < 0 || year > 9999 {
            bytes += Array(String(year).utf8)
        } else {
            digits(year, 4, &bytes)
        }
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2, &bytes)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2, &bytes)
        bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2, &bytes)
        bytes.append(UInt8(ascii: "."))
        digits(millis, 3, &bytes)
        if cachedOffset == 0 {
            bytes.append(UInt8(ascii: "Z"))
        } else {
            let minutes = abs(cachedOffset) / 60
            bytes.append(UInt8(ascii: cachedOffset < 0 ? "-" : "+"))
            digits(minutes / 60, 2, &bytes)
            bytes.append(UInt8(ascii: ":"))
            digits(minutes % 60, 2, &bytes)
        }
    }

    private func digits(_ value: Int, _ width: Int, _ bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let shiftedYear = Int64(month <= 2 ? year - 1 : year)
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = Int64((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1)
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Year, month and day of a day count since 1970-01-01 (proleptic Gregorian; Howard
    /// Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
