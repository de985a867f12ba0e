/// Numbers as the charts write them into SVG: at most one decimal, a point, no exponent, the
/// same on every machine whatever its locale.
enum SVGNumber {
    /// `12`, `12.3`, `-0.5`; a value that is not finite or beyond any drawing is `0`.
    static func text(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        guard tenths.isFinite, abs(tenths) < 1e15 else { return "0" }
        let number = Int64(tenths)
        let whole = number / 10
        let fraction = abs(number % 10)
        if fraction == 0 { return String(whole) }
        return (number < 0 && whole == 0 ? "-" : "") + "\(whole).\(fraction)"
    }
}
