/// A plain-text table with aligned columns, for the terminal.
public struct TextTable {
    /// Column alignment.
    public enum Alignment { case left, right }

    private let headers: [String]
    private let alignments: [Alignment]
    private var rows: [[String]] = []

    /// Creates a table with these headers and alignments.
    public init(_ columns: [(String, Alignment)]) {
        headers = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    /// Adds a row (cells beyond the headers are ignored); control characters in a cell are shown
    /// as escapes (``VisibleText``), so a cell stays one line whatever it holds.
    public mutating func add(_ cells: [String]) {
        rows.append(cells.map(VisibleText.escaped))
    }

    /// The table as lines joined by newlines, columns separated by two spaces.
    public func render() -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.prefix(widths.count).enumerated() {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for index in headers.indices {
                let cell = index < cells.count ? cells[index] : ""
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                parts.append(alignments[index] == .right ? padding + cell : cell + padding)
            }
            return String(parts.joined(separator: "  ").reversed().drop(while: { $0 == " " }).reversed())
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n")
    }
}
