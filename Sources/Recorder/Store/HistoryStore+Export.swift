/// The stored rows themselves, for `memhist export --format csv`: every sample (or region row)
/// of the chosen processes, with the schema's column names, streamed row by row.
extension HistoryStore {
    /// Which table's rows to export.
    public enum ExportedRows: Sendable {
        /// `sample`, with the footprint of `footprint_sample` beside it.
        case samples
        /// `region_sample`, with the region's label and kind.
        case regions
    }

    /// The columns after the process's (session_id, pid, start_ticks, command, time_ms).
    static func exportedColumns(_ rows: ExportedRows) -> [String] {
        switch rows {
        case .samples:
            return [
                "detail", "map_count", "resident_size", "proportional_size", "shared_clean_size", "shared_dirty_size",
                "private_clean_size", "private_dirty_size", "referenced_size", "anonymous_size", "swap_size",
                "proportional_swap_size", "minor_faults", "major_faults", "peak_resident_size", "thread_count",
                "rss_anon", "rss_file", "rss_shmem", "vm_swap", "physical_footprint", "peak_physical_footprint",
            ]
        case .regions:
            return [
                "label", "kind", "start_address", "mapping_count", "size", "resident_size", "proportional_size",
                "shared_clean_size", "shared_dirty_size", "private_clean_size", "private_dirty_size",
                "referenced_size", "anonymous_size", "swap_size", "proportional_swap_size",
            ]
        }
    }

    /// One exported row: the process's columns and the table's, NULL as nil.
    public struct ExportedRow {
        /// The process's session.
        public var sessionID: Int64
        /// Its pid and start time (``StoredProcess/startTime``).
        public var pid: Int64
        /// Its start time in the source's unit.
        public var startTicks: Int64
        /// Its command line as stored (hostile text: escape it where shown).
        public var command: String
        /// The row's time, Unix ms.
        public var timeMs: Int64
        /// The table's columns in ``exportedColumns(_:)`` order: integers, or text for labels.
        public var values: [ExportedValue]
    }

    /// A value of an exported column.
    public enum ExportedValue {
        case null
        case integer(Int64)
        case text(String)
    }

    /// The column names of `rows`, after session_id, pid, start_ticks, command and time_ms.
    public static func exportedColumnNames(_ rows: ExportedRows) -> [String] {
        exportedColumns(rows)
    }

    /// Calls `body` with every row of `rows` of the given processes within the window, by
    /// process (in the order given) and time.
    ///
    /// The tables are kept in time order, so the rows are read with one scan of the time the
    /// processes cover (500 processes at a time) and put in process order by SQLite's sorter,
    /// which spills to disk: one scan per process would cost the recording's length per process.
    public func forEachExportedRow(
        _ rows: ExportedRows, processIDs: [Int64], sinceMs: Int64?, untilMs: Int64?, _ body: (ExportedRow) -> Void
    ) throws {
        let columns = Self.exportedColumns(rows)
        try translatingErrors {
            for start in stride(from: 0, to: processIDs.count, by: 500) {
                let chunk = Array(processIDs[start..<min(start + 500, processIDs.count)])
                let times = try rowTimes(of: chunk).values
                guard let first = times.map(\.lowerBound).min(), let last = times.map(\.upperBound).max() else {
                    continue
                }
                let statement = try database.prepare(Self.exportSQL(rows, columns: columns, processIDs: chunk))
                _ = try statement.rows([.integer(max(sinceMs ?? .min, first)), .integer(min(untilMs ?? .max, last))]) {
                    row in
                    var values: [ExportedValue] = []
                    values.reserveCapacity(columns.count)
                    for index in 0..<Int32(columns.count) {
                        let column = index + 5
                        if row.isNull(column) {
                            values.append(.null)
                        } else if let text = row.isText(column) ? row.text(column) : nil {
                            values.append(.text(text))
                        } else {
                            values.append(.integer(row.int64(column)))
                        }
                    }
                    body(
                        ExportedRow(
                            sessionID: row.int64(0), pid: row.int64(1), startTicks: row.int64(2),
                            command: row.text(3) ?? "", timeMs: row.int64(4), values: values))
                }
            }
        }
    }

    /// The query of ``forEachExportedRow(_:processIDs:sinceMs:untilMs:_:)`` for `processIDs`:
    /// a scan of the window (parameters 1 and 2) sorted by the processes' order, then time.
    private static func exportSQL(_ rows: ExportedRows, columns: [String], processIDs: [Int64]) -> String {
        let list = processIDs.map(String.init).joined(separator: ",")
        func position(_ column: String) -> String {
            "CASE \(column) "
                + processIDs.enumerated().map { "WHEN \($0.element) THEN \($0.offset)" }.joined(separator: " ")
                + " END"
        }
        switch rows {
        case .samples:
            let selected = columns.map { $0.hasSuffix("physical_footprint") ? "f.\($0)" : "s.\($0)" }
            return """
                SELECT p.session_id, p.pid, p.start_ticks, p.command, s.time_ms, \(selected.joined(separator: ", "))
                FROM sample s CROSS JOIN process p ON p.id = s.process_id
                LEFT JOIN footprint_sample f ON f.time_ms = s.time_ms AND f.process_id = s.process_id
                WHERE s.time_ms >= ? AND s.time_ms <= ? AND s.process_id IN (\(list))
                      AND \(StoredRange.timeCondition("s.time_ms"))
                ORDER BY \(position("s.process_id")), s.time_ms
                """
        case .regions:
            let selected = columns.map { $0 == "label" || $0 == "kind" ? "r.\($0)" : "rs.\($0)" }
            return """
                SELECT p.session_id, p.pid, p.start_ticks, p.command, rs.time_ms, \(selected.joined(separator: ", "))
                FROM region_sample rs CROSS JOIN process p ON p.id = rs.process_id JOIN region r ON r.id = rs.region_id
                WHERE rs.time_ms >= ? AND rs.time_ms <= ? AND rs.process_id IN (\(list))
                      AND \(StoredRange.timeCondition("rs.time_ms"))
                ORDER BY \(position("rs.process_id")), rs.time_ms, r.label, rs.start_address
                """
        }
    }
}
