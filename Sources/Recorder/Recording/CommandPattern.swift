/// A `--match` pattern: a regular expression (Swift `Regex` syntax, which reads the common
/// ICU and PCRE forms) searched for anywhere in a command line, character by character as
/// Unicode scalars (as ICU does), without Foundation.
public struct CommandPattern: @unchecked Sendable {
    /// The pattern as given.
    public let text: String
    private let regex: Regex<AnyRegexOutput>

    /// The pattern of `text`, or nil when `text` is not a regular expression.
    public init?(_ text: String) {
        guard let regex = try? Regex(text) else { return nil }
        self.text = text
        self.regex = regex.matchingSemantics(.unicodeScalar)
    }

    /// Whether the pattern finds a match anywhere in `commandLine`.
    public func matches(_ commandLine: String) -> Bool {
        (try? regex.firstMatch(in: commandLine)) != nil
    }
}
