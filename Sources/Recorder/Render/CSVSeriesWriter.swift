/// Writes the stored series as CSV (RFC 4180): one row per process-sample (or per region row),
/// with the ISO time, the process's session, pid, start time and command, and every column of
/// the table under the schema's names; an empty field is NULL, a measure the tick did not take.
/// Command lines and labels are escaped (``VisibleText``) before quoting.
public struct CSVSeriesWriter {
    /// Which rows.
    public var rows: HistoryStore.ExportedRows

    /// Creates a writer of `rows`.
    public init(rows: HistoryStore.ExportedRows) {
        self.rows = rows
    }

    /// The header line.
    public var header: String {
        (["time", "session_id", "pid", "start_ticks", "command", "time_ms"]
            + HistoryStore.exportedColumnNames(rows)).joined(separator: ",") + "\n"
    }

    /// One row as a CSV line.
    public func line(_ row: HistoryStore.ExportedRow) -> String {
        var line = TimeFormat.iso(row.timeMs)
        line += ",\(row.sessionID),\(row.pid),\(row.startTicks),"
        line += ReportRenderer.csvField(row.command)
        line += ",\(row.timeMs)"
        for value in row.values {
            line += ","
            switch value {
            case .null: break
            case .integer(let number): line += String(number)
            case .text(let text): line += ReportRenderer.csvField(text)
            }
        }
        return line + "\n"
    }

    /// Streams the rows of the document's processes from `store` to `write`, in chunks.
    public func write(
        _ document: ReportDocument, from store: HistoryStore, sinceMs: Int64?, untilMs: Int64?,
        to write: (String) throws -> Void
    ) throws {
        try write(header)
        var chunk = ""
        chunk.reserveCapacity(1 << 16)
        var failure: Error?
        try store.forEachExportedRow(
            rows, processIDs: document.reports.map(\.process.id), sinceMs: sinceMs, untilMs: untilMs
        ) { row in
            guard failure == nil else { return }
            chunk += line(row)
            if chunk.utf8.count >= 1 << 16 {
                do { try write(chunk) } catch { failure = error }
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if let failure { throw failure }
        try write(chunk)
    }
}
