/// A plain-text table with aligned columns, for the terminal.
public struct TextTable {
    /// Column alignment.
    public enum Alignment { case left, right }

    private let headers: [String]
    private let alignments: [Alignment]
    private var rows: [(cells: [String], spans: Bool, styles: [TerminalStyle?])] = []

    /// Creates a table with these headers and alignments.
    public init(_ columns: [(String, Alignment)]) {
        headers = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    /// Adds a row (cells beyond the headers are ignored); control characters in a cell are shown
    /// as escapes (``VisibleText``), so a cell stays one line whatever it holds.
    ///
    /// `styles` colours cells (by index; missing or nil: none) when the table is drawn; the colour
    /// does not count towards the column's width.
    public mutating func add(_ cells: [String], styles: [TerminalStyle?] = []) {
        rows.append((cells.map(VisibleText.escaped), false, styles))
    }

    /// Adds a row whose last cell starts in its column and runs on over the columns to its
    /// right, which it leaves empty; it does not widen its column.
    public mutating func addSpanning(_ cells: [String], styles: [TerminalStyle?] = []) {
        rows.append((Array(cells.prefix(headers.count)).map(VisibleText.escaped), true, styles))
    }

    /// The width of each column: its header's or its widest cell's (spanning cells aside).
    public var columnWidths: [Int] {
        var widths = headers.map(\.count)
        for row in rows {
            let aligned = row.spans ? row.cells.dropLast() : row.cells[...]
            for (index, cell) in aligned.prefix(widths.count).enumerated() {
                widths[index] = max(widths[index], cell.count)
            }
        }
        return widths
    }

    /// The table as lines joined by newlines, columns separated by two spaces.
    public func render() -> String {
        let widths = columnWidths
        func line(_ cells: [String], spans: Bool = false, styles: [TerminalStyle?] = []) -> String {
            var parts: [String] = []
            for index in headers.indices {
                let cell = index < cells.count ? cells[index] : ""
                let shown = (index < styles.count ? styles[index] : nil).map { $0.wrap(cell) } ?? cell
                if spans && index == cells.count - 1 {
                    parts.append(shown)
                    break
                }
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                parts.append(alignments[index] == .right ? padding + shown : shown + padding)
            }
            let text = parts.joined(separator: "  ")
            guard let last = text.lastIndex(where: { $0 != " " }) else { return "" }
            return String(text[...last])
        }
        return ([line(headers)] + rows.map { line($0.cells, spans: $0.spans, styles: $0.styles) })
            .joined(separator: "\n")
    }
}
