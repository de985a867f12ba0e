extension HistoryStore {
    /// The longest note stored, in bytes of UTF-8: a mark is a label, not a document.
    public static let maximumNoteBytes = 1_000

    /// Stores a mark in a session; the note is cut to ``maximumNoteBytes`` (at a character boundary).
    public func addMark(_ mark: Mark) throws {
        var note = mark.note
        while note.utf8.count > Self.maximumNoteBytes { note.removeLast() }
        try translatingErrors {
            try database.prepare("INSERT INTO mark (session_id, time_ms, note) VALUES (?, ?, ?)")
                .run([.integer(mark.sessionID), .integer(mark.timeMs), .text(note)])
        }
    }

    /// The marks of the sessions within the window, in time order; a mark whose time is out of range is
    /// left out.
    public func marks(sessionIDs: [Int64], sinceMs: Int64?, untilMs: Int64?) throws -> [Mark] {
        guard !sessionIDs.isEmpty else { return [] }
        let list = sessionIDs.map(String.init).joined(separator: ",")
        return try translatingErrors {
            try database.prepare(
                """
                SELECT session_id, time_ms, note FROM mark
                WHERE session_id IN (\(list)) AND time_ms >= ? AND time_ms <= ?
                  AND \(StoredRange.timeCondition("time_ms")) AND typeof(session_id) = 'integer'
                ORDER BY time_ms, id
                """
            ).rows([.integer(sinceMs ?? .min), .integer(untilMs ?? .max)]) { row in
                Mark(sessionID: row.int64(0), timeMs: row.int64(1), note: row.text(2) ?? "")
            }
        }
    }
}
