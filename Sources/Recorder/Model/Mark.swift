/// A timestamped note in a recording session ("deploy v2"), stored by `memhist mark` or by the
/// recorder on a signal; reports list the marks of their window and charts draw them.
public struct Mark: Sendable, Hashable {
    /// The session it belongs to.
    public var sessionID: Int64
    /// When, Unix ms.
    public var timeMs: Int64
    /// The note as given: other people's text, escaped wherever it is shown.
    public var note: String

    /// Creates a mark.
    public init(sessionID: Int64, timeMs: Int64, note: String) {
        self.sessionID = sessionID
        self.timeMs = timeMs
        self.note = note
    }
}
