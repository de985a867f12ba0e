#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Writes the stored series as CSV (RFC 4180): one row per process-sample (or per region row),
/// with the ISO time, the process's session, pid, start time and command, and every column of
/// the table under the schema's names; an empty field is NULL, a measure the tick did not take.
/// Command lines and labels are escaped (``VisibleText``) before quoting.
///
/// Rows are written as bytes into 64 KiB chunks: a day at 1 s of 10 processes is 864,000 rows.
public struct CSVSeriesWriter {
    /// Which rows.
    public var rows: HistoryStore.ExportedRows
    /// The time zone of the `time` column.
    public var timeZone: ClockZone

    /// Creates a writer of `rows`.
    public init(rows: HistoryStore.ExportedRows, timeZone: ClockZone = .system) {
        self.rows = rows
        self.timeZone = timeZone
    }

    /// The header line.
    public var header: String {
        (["time", "session_id", "pid", "start_ticks", "command", "time_ms"]
            + HistoryStore.exportedColumnNames(rows)).joined(separator: ",") + "\n"
    }

    /// Streams the rows of the document's processes from `store` to `write`, in chunks.
    public func write(
        _ document: ReportDocument, from store: HistoryStore, sinceMs: Int64?, untilMs: Int64?,
        to write: (String) throws -> Void
    ) throws {
        try write(header)
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 17)
        var formatter = ISOTimeFormatter(timeZone: timeZone)
        // The quoted command of the process the rows are of: computed once per process.
        var quoted: (command: String, field: [UInt8]) = ("", [])
        var failure: Error?
        try store.forEachExportedRow(
            rows, processIDs: document.reports.map(\.process.id), sinceMs: sinceMs, untilMs: untilMs
        ) { row in
            guard failure == nil else { return }
            formatter.append(row.timeMs, to: &chunk)
            Self.append(",", row.sessionID, ",", row.pid, ",", row.startTicks, ",", to: &chunk)
            if row.command != quoted.command || quoted.field.isEmpty {
                quoted = (row.command, Array(ReportRenderer.csvField(row.command).utf8))
            }
            chunk += quoted.field
            Self.append(",", row.timeMs, to: &chunk)
            for value in row.values {
                chunk.append(UInt8(ascii: ","))
                switch value {
                case .null: break
                case .integer(let number): Self.appendInteger(number, to: &chunk)
                case .text(let text): chunk += Array(ReportRenderer.csvField(text).utf8)
                }
            }
            chunk.append(UInt8(ascii: "\n"))
            if chunk.count >= 1 << 16 {
                do { try write(String(decoding: chunk, as: UTF8.self)) } catch { failure = error }
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if let failure { throw failure }
        try write(String(decoding: chunk, as: UTF8.self))
    }

    private static func append(
        _ a: Character, _ b: Int64, _ c: Character, _ d: Int64, _ e: Character, _ f: Int64, _ g: Character,
        to bytes: inout [UInt8]
    ) {
        bytes.append(a.asciiValue!)
        appendInteger(b, to: &bytes)
        bytes.append(c.asciiValue!)
        appendInteger(d, to: &bytes)
        bytes.append(e.asciiValue!)
        appendInteger(f, to: &bytes)
        bytes.append(g.asciiValue!)
    }

    private static func append(_ a: Character, _ b: Int64, to bytes: inout [UInt8]) {
        bytes.append(a.asciiValue!)
        appendInteger(b, to: &bytes)
    }

    /// Decimal digits of `value`, without a String.
    static func appendInteger(_ value: Int64, to bytes: inout [UInt8]) {
        if value == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
        }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        withUnsafeBytes(of: &digits) { buffer in
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }
}
