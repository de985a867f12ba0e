extension StringProtocol {
    /// The text without the spaces and tabs (Unicode white space other than line breaks) at its
    /// ends, as Foundation's `trimmingCharacters(in: .whitespaces)` gives it.
    public var trimmingWhitespace: String {
        trimming { $0.properties.isWhitespace && !Self.isLineBreak($0) }
    }

    /// The text without the white space and line breaks at its ends, as Foundation's
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` gives it.
    public var trimmingWhitespaceAndNewlines: String {
        trimming { $0.properties.isWhitespace }
    }

    private func trimming(_ drop: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !drop($0) }), let last = scalars.lastIndex(where: { !drop($0) })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    private static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }
}
