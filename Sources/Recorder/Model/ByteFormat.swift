/// Human units for byte counts: powers of 1024 (KiB, MiB, GiB, TiB), as on the terminal
/// and in reports. Storage and JSON keep plain bytes.
public enum ByteFormat {
    /// `512 B`, `4.0 KiB`, `12.3 MiB`, `1.5 GiB`: one decimal above 1 KiB.
    public static func string(_ bytes: Int) -> String {
        string(Double(bytes))
    }

    /// The same for a fractional number of bytes.
    public static func string(_ bytes: Double) -> String {
        let magnitude = abs(bytes)
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB"]
        guard magnitude >= 1024 else { return CFormat.fixed(bytes, digits: 0) + " B" }
        var value = bytes / 1024
        var unit = 0
        while abs(value) >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return CFormat.fixed(value, digits: 1) + " " + units[unit]
    }

    /// With an explicit sign for a positive value: `+12.3 MiB`, `-4.0 KiB`, `0 B`.
    public static func signed(_ bytes: Double) -> String {
        (bytes > 0 ? "+" : "") + string(bytes)
    }

    /// A number of bytes (or bytes per hour) rounded to a whole number, as digits for machine
    /// formats (CSV): `-1234`; a value beyond 64 bits is written in full all the same, and one
    /// that is not finite is empty.
    public static func wholeNumber(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        let rounded = value.rounded()
        guard abs(rounded) < 9.0e18 else { return CFormat.fixed(rounded, digits: 0) }
        return String(Int64(rounded))
    }

    /// A rate: `+12.3 MiB/h`.
    public static func perHour(_ bytes: Double) -> String {
        signed(bytes) + "/h"
    }
}
