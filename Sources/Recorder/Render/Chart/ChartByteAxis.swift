/// The value axis of a chart in bytes: round ticks in one unit, a power of 1024, spaced by 1, 2
/// or 5 times a power of ten of that unit (`0`, `20 MiB`, `40 MiB` … or `0`, `500 KiB`, `1 MiB` …).
struct ChartByteAxis {
    /// The bottom and the top of the axis, both ticks.
    var lower: Double
    var upper: Double
    /// Every tick from ``lower`` to ``upper`` with its label.
    var ticks: [(value: Double, label: String)]

    private static let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    private static let multiples: [Double] = [1, 2, 5, 10, 20, 50, 100, 200, 500]

    /// An axis that holds 0 and `low...high` in at most `intervals` steps. Bounds that are not
    /// finite are ignored and those beyond ±1 ZiB are cut there; an axis with nothing to hold
    /// goes from 0 to 1000 B.
    init(low: Double, high: Double, intervals: Int = 5) {
        let limit = Self.power(7)
        var low = low.isFinite ? max(-limit, min(0, low)) : 0
        var high = high.isFinite ? min(limit, max(0, high)) : 0
        if high - low < 1 { high = low + 1000 }
        let (step, unit) = Self.step(for: (high - low) / Double(max(1, intervals)))
        low = (low / step).rounded(.down) * step
        high = (high / step).rounded(.up) * step
        lower = low
        upper = high
        let size = Self.power(unit)
        let count = Int(((high - low) / step).rounded())
        ticks = (0...count).map { index in
            let value = low + Double(index) * step
            let number = value / size
            let text = number == number.rounded() ? String(Int64(number)) : SVGNumber.text(number)
            return (value, value == 0 ? "0" : "\(text) \(Self.units[unit])")
        }
    }

    /// The smallest round step at least `least` bytes, and the unit its ticks are written in.
    private static func step(for least: Double) -> (Double, Int) {
        for unit in units.indices {
            for multiple in multiples where multiple * power(unit) >= least {
                return (multiple * power(unit), unit)
            }
        }
        // Beyond 500 EiB a step: whole EiB.
        let exi = power(units.count - 1)
        return ((least / exi).rounded(.up) * exi, units.count - 1)
    }

    private static func power(_ unit: Int) -> Double {
        var value = 1.0
        for _ in 0..<unit { value *= 1024 }
        return value
    }
}
