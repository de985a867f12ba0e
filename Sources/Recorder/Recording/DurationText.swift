/// Reads the durations and sizes users type: `250ms`, `2s`, `5m`, `1h`, `0.5`; `4K`, `10MiB`.
public enum DurationText {
    /// Milliseconds in a duration: a number with an optional unit `ms`, `s`, `m`, `min`, `h`
    /// or `d` (no unit: seconds). Nil for anything else, a negative or a non-finite value.
    public static func milliseconds(_ text: String) -> Int64? {
        let trimmed = text.trimmingSpaces.lowercased()
        let units: [(String, Double)] = [
            ("ms", 1), ("min", 60_000), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
        ]
        var number = Substring(trimmed)
        var scale = 1000.0
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            number = trimmed.dropLast(suffix.count)
            scale = factor
            break
        }
        guard let value = Double(number.trimmingSpaces), value.isFinite, value >= 0 else { return nil }
        let ms = value * scale
        guard ms < 9.2e15 else { return nil }
        return Int64(ms.rounded())
    }

    /// Bytes in a size: a number with an optional unit `B`, `K`/`KB`/`KiB`, `M`…, `G`…
    /// (powers of 1024, case-insensitive). Nil for anything else.
    public static func bytes(_ text: String) -> Int? {
        var trimmed = text.trimmingSpaces.lowercased()
        if trimmed.hasSuffix("/s") { trimmed.removeLast(2) }
        let units: [(String, Double)] = [
            ("kib", 1024), ("mib", 1_048_576), ("gib", 1_073_741_824), ("kb", 1024), ("mb", 1_048_576),
            ("gb", 1_073_741_824), ("k", 1024), ("m", 1_048_576), ("g", 1_073_741_824), ("b", 1),
        ]
        var number = Substring(trimmed)
        var scale = 1.0
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            number = trimmed.dropLast(suffix.count)
            scale = factor
            break
        }
        guard let value = Double(number.trimmingSpaces), value.isFinite, value >= 0, value * scale < 9.2e18 else {
            return nil
        }
        return Int((value * scale).rounded())
    }
}

extension StringProtocol {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
