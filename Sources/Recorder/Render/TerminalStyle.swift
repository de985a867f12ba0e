/// A colour for text on a terminal (an ANSI SGR sequence), used only when colour is on (see the
/// command line's `--color` and `NO_COLOR`).
public enum TerminalStyle: Sendable, Hashable {
    case red, yellow, green, cyan

    /// `text` in this colour, the colour reset after it.
    public func wrap(_ text: String) -> String {
        let code: Int
        switch self {
        case .red: code = 31
        case .green: code = 32
        case .yellow: code = 33
        case .cyan: code = 36
        }
        return "\u{1B}[\(code)m" + text + "\u{1B}[0m"
    }

    /// The colour of a verdict: growing red, levelled off yellow, shrinking cyan, stable green; none for
    /// insufficient data.
    public static func of(_ verdict: Verdict) -> TerminalStyle? {
        switch verdict {
        case .growing: return .red
        case .levelledOff: return .yellow
        case .shrinking: return .cyan
        case .stable: return .green
        case .insufficientData: return nil
        }
    }
}
