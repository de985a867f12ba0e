import CSQLite

/// Reading a column as whatever SQLite holds in it, for copying rows from one database to another.
extension Statement {
    /// Column `index` (0-based) of the current row as the value SQLite stores, of its own type.
    ///
    /// Text that is not valid UTF-8 (memhist never stores such text; a crafted file may hold it)
    /// comes back as memhist stores such bytes when it records: each bad byte as the text `\xNN`
    /// (``VisibleText/decoding(_:)-(UnsafeBufferPointer<UInt8>)``).
    public func value(_ index: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER:
            return .integer(int64(index))
        case SQLITE_FLOAT:
            return .real(double(index))
        case SQLITE_TEXT:
            guard let pointer = sqlite3_column_text(handle, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .text(VisibleText.decoding(UnsafeBufferPointer(start: pointer, count: count)))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard count > 0, let pointer = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
        default:
            return .null
        }
    }
}
