import CSQLite

/// `SQLITE_TRANSIENT` is a macro over a cast that does not import into Swift: SQLite copies
/// the bound bytes before the call returns.
private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement, finalized when the value goes away.
///
/// Parameters are bound by SQLite's 1-based index, columns are read by 0-based index.
/// Bind, ``step()`` until it returns false, then ``reset()`` to run it again.
public final class Statement {
    let handle: OpaquePointer
    unowned let database: Database
    /// The SQL this statement was prepared from.
    public let sql: String

    init(database: Database, sql: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw SQLiteError(resultCode: code, connection: database.handle, sql: sql)
        }
        self.handle = statement
        self.database = database
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds `value` to the parameter at 1-based `index` (SQLite's numbering).
    public func bind(_ value: SQLValue, at index: Int32) throws {
        let code: Int32
        switch value {
        case .null: code = sqlite3_bind_null(handle, index)
        case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
        case .real(let number): code = sqlite3_bind_double(handle, index, number)
        case .text(let text):
            // Bind by byte count, not as a C string, so text with NUL bytes is kept whole.
            var copy = text
            code = copy.withUTF8 {
                sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), transientDestructor)
            }
        case .blob(let bytes):
            code = bytes.withUnsafeBytes {
                sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transientDestructor)
            }
        }
        guard code == SQLITE_OK else { throw SQLiteError(resultCode: code, connection: database.handle, sql: sql) }
    }

    /// Binds `values` to parameters 1, 2, 3 … after clearing the previous run.
    public func bind(_ values: [SQLValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Steps once: true when a row is ready to read, false when the statement is done.
    /// - Throws: ``SQLiteError`` for anything but `SQLITE_ROW` and `SQLITE_DONE`.
    @discardableResult
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw SQLiteError(resultCode: code, connection: database.handle, sql: sql)
        }
    }

    /// Binds `values`, runs the statement to completion and resets it for the next use.
    public func run(_ values: [SQLValue] = []) throws {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// Resets the statement so it can run again; bindings are kept.
    public func reset() {
        sqlite3_reset(handle)
    }

    /// Reads every row with `read` and returns the results.
    public func rows<T>(_ values: [SQLValue] = [], _ read: (Statement) throws -> T) throws -> [T] {
        try bind(values)
        defer { sqlite3_reset(handle) }
        var result: [T] = []
        while try step() { result.append(try read(self)) }
        return result
    }

    /// Whether column `index` (0-based) of the current row is NULL.
    public func isNull(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }
    /// Column `index` (0-based) as an integer (0 for NULL).
    public func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }
    /// Column `index` as an Int (0 for NULL).
    public func int(_ index: Int32) -> Int { Int(sqlite3_column_int64(handle, index)) }
    /// Column `index` as an integer, nil for NULL.
    public func optionalInt(_ index: Int32) -> Int? { isNull(index) ? nil : int(index) }
    /// Column `index` as a 64-bit integer, nil for NULL.
    public func optionalInt64(_ index: Int32) -> Int64? { isNull(index) ? nil : int64(index) }
    /// Column `index` as a double.
    public func double(_ index: Int32) -> Double { sqlite3_column_double(handle, index) }
    /// Whether column `index` of the current row holds an integer.
    public func isInteger(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_INTEGER }
    /// Whether column `index` of the current row holds text.
    public func isText(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_TEXT }
    /// Column `index` as text, nil for NULL.
    public func text(_ index: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }
}
