import Foundation

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
        guard magnitude >= 1024 else { return String(format: "%.0f B", bytes) }
        var value = bytes / 1024
        var unit = 0
        while abs(value) >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return String(format: "%.1f %@", value, units[unit])
    }

    /// With an explicit sign for a positive value: `+12.3 MiB`, `-4.0 KiB`, `0 B`.
    public static func signed(_ bytes: Double) -> String {
        (bytes > 0 ? "+" : "") + string(bytes)
    }

    /// A rate: `+12.3 MiB/h`.
    public static func perHour(_ bytes: Double) -> String {
        signed(bytes) + "/h"
    }
}
