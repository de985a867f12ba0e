/// A one-line progress note on standard error, redrawn in place, for a terminal only.
struct Progress {
    /// Whether to show anything (standard error is a terminal).
    let enabled: Bool

    /// Shows `text` in place of the previous note.
    func show(_ text: String) {
        guard enabled else { return }
        writeAll(Array("\r\u{1B}[K\(text)".utf8), to: 2)
    }

    /// Removes the note.
    func clear() {
        guard enabled else { return }
        writeAll(Array("\r\u{1B}[K".utf8), to: 2)
    }
}
