/// The COMMAND column of a table: each command shown in a given width, so that two rows whose
/// commands differ do not look the same.
///
/// A row shows its short command (``StoredProcess/shortCommand``: `python3 leaker.py --rate 4`),
/// cut at the width. Where that makes rows of different commands look alike, they show the part
/// that tells them apart instead: `python3 …leaker.py --rate 4`, and the full command line when
/// only the executable's directory differs.
public struct CommandColumn: Sendable, Hashable {
    /// A command as a row holds it.
    public struct Command: Sendable, Hashable {
        /// What the row shows when it fits and nothing else looks like it.
        public var short: String
        /// The whole command line, which tells it apart from any other.
        public var full: String

        /// A command shown as `short`, told apart from others by `full`.
        public init(short: String, full: String) {
            self.short = short
            self.full = full
        }
    }

    /// The width of a cell in characters, at least 8.
    public let width: Int

    /// A column `width` characters wide (at least 8).
    public init(width: Int) {
        self.width = max(8, width)
    }

    /// One cell per command, control characters shown as escapes (``VisibleText``), none wider
    /// than ``width``.
    public func cells(_ commands: [Command]) -> [String] {
        let shorts = commands.map { Array(VisibleText.escaped($0.short)) }
        let fulls = commands.map { Array(VisibleText.escaped($0.full)) }
        var cells = shorts.map(cut)
        // Each pass tells apart rows that still look alike; a pass narrows every group of them.
        for pass in 0..<4 {
            var alike: [String: [Int]] = [:]
            for (index, cell) in cells.enumerated() { alike[cell, default: []].append(index) }
            let groups = alike.values.filter { rows in Set(rows.map { fulls[$0] }).count > 1 }
            guard !groups.isEmpty else { break }
            for rows in groups {
                // The short commands tell them apart unless two differ only in the executable's directory.
                let useShort =
                    pass == 0 && Set(rows.map { shorts[$0] }).count == Set(rows.map { fulls[$0] }).count
                let texts = useShort ? shorts : fulls
                let differsAt = Self.commonPrefixLength(Set(rows.map { texts[$0] }))
                for row in rows { cells[row] = distinguishing(texts[row], differsAt: differsAt) }
            }
        }
        return cells
    }

    /// `text`, cut to the width with `…` at the end when it is longer.
    func cut(_ text: [Character]) -> String {
        text.count <= width ? String(text) : String(text.prefix(width - 1)) + "…"
    }

    /// `text` in the width, showing its character at `differsAt` (where it differs from the
    /// others): its executable, `…`, then the word that holds the difference and what follows.
    func distinguishing(_ text: [Character], differsAt: Int) -> String {
        guard text.count > width, differsAt >= width - 1 else { return cut(text) }
        let headEnd = text.firstIndex(of: " ") ?? text.count
        let keepsHead = headEnd < differsAt && headEnd + 2 <= width / 2
        let lowest = keepsHead ? headEnd + 1 : 0
        let room = width - (keepsHead ? headEnd + 2 : 1)
        // Back to the start of the word that differs, by at most half the room.
        var start = differsAt
        while start > lowest, start > differsAt - room / 2, text[start - 1] != " ", text[start - 1] != "/" {
            start -= 1
        }
        // When what follows is shorter than the room, begin earlier and fill it.
        start = max(lowest, min(start, text.count - room))
        let lead = keepsHead ? String(text[..<headEnd]) + (start > lowest ? " …" : " ") : (start > 0 ? "…" : "")
        let body = text[start...]
        let shown = lead.count + body.count <= width ? String(body) : String(body.prefix(width - lead.count - 1)) + "…"
        return lead + shown
    }

    /// How many leading characters all of `texts` share.
    static func commonPrefixLength(_ texts: Set<[Character]>) -> Int {
        guard let first = texts.first else { return 0 }
        var length = first.count
        for text in texts {
            var shared = 0
            while shared < min(length, text.count), text[shared] == first[shared] { shared += 1 }
            length = shared
        }
        return length
    }
}
