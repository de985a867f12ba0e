import CSQLite

/// The values a report takes from a database: a time or a size outside these ranges cannot
/// come from a recording (a damaged or crafted file), and is left out instead of being computed
/// with. The SQL fragments apply the same bounds inside queries.
public enum StoredRange {
    /// Unix milliseconds from 1970 to the end of the year 9999.
    public static let timeMs: ClosedRange<Int64> = 0...253_402_300_799_999
    /// Sizes in bytes: up to 1 EiB, more than any address space (2⁵⁷ bytes with 5-level paging);
    /// a few of them add up without overflowing 64 bits.
    public static let bytes: ClosedRange<Int64> = 0...(1 << 60)
    /// Counters (faults, threads, pids, exit statuses): not negative, below 2⁶².
    public static let count: ClosedRange<Int64> = 0...(1 << 62)

    /// `expression` when it is an integer-valued number within `range`, else NULL.
    static func sql(_ expression: String, within range: ClosedRange<Int64>) -> String {
        "(CASE WHEN typeof(\(expression)) IN ('integer', 'real') AND \(expression) BETWEEN "
            + "\(range.lowerBound) AND \(range.upperBound) THEN CAST(\(expression) AS INTEGER) END)"
    }

    /// A condition that holds when `column` is a time within ``timeMs``.
    static func timeCondition(_ column: String) -> String {
        "typeof(\(column)) = 'integer' AND \(column) BETWEEN \(timeMs.lowerBound) AND \(timeMs.upperBound)"
    }

    /// `value` when it lies within `range`, else nil.
    static func checked(_ value: Int64?, _ range: ClosedRange<Int64>) -> Int64? {
        guard let value, range.contains(value) else { return nil }
        return value
    }
}

extension Statement {
    /// Column `index` when it holds a number within `range` (a real number cut to an integer, as
    /// `CAST(... AS INTEGER)` does), else nil: ``StoredRange/sql(_:within:)`` done on this side,
    /// where it costs a comparison instead of SQLite evaluating the expression three times a row.
    func int64(_ index: Int32, within range: ClosedRange<Int64>) -> Int64? {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER:
            let value = sqlite3_column_int64(handle, index)
            return range.contains(value) ? value : nil
        case SQLITE_FLOAT:
            let value = sqlite3_column_double(handle, index)
            guard value >= Double(range.lowerBound), value <= Double(range.upperBound) else { return nil }
            return Int64(value)
        default:
            return nil
        }
    }
}
