import CSQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error reported by SQLite: the extended result code, the message SQLite gave at the
/// moment of failure (`sqlite3_errmsg`) and the SQL that failed, when there was one.
///
/// See <https://www.sqlite.org/rescode.html>.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE`, `SQLITE_BUSY_SNAPSHOT` …).
    public var extendedCode: Int32
    /// SQLite's message.
    public var message: String
    /// The statement that failed, if any.
    public var sql: String?
    /// The operating system's errno behind an I/O error (`sqlite3_system_errno`), 0 when none.
    public var systemErrno: Int32 = 0

    /// The primary result code (the low byte of the extended code: `SQLITE_BUSY`, `SQLITE_FULL` …).
    public var code: Int32 { extendedCode & 0xff }

    /// Creates an error value.
    public init(extendedCode: Int32, message: String, sql: String? = nil) {
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// Reads the error state of `connection` right after a call returned `resultCode`.
    init(resultCode: Int32, connection: OpaquePointer?, sql: String? = nil) {
        let message: String
        if let connection, let text = sqlite3_errmsg(connection) {
            message = String(cString: text)
        } else {
            message = String(cString: sqlite3_errstr(resultCode))
        }
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? resultCode
        // sqlite3_extended_errcode can lag behind when the failing call did not set it.
        self.init(
            extendedCode: (extended & 0xff) == (resultCode & 0xff) ? extended : resultCode, message: message, sql: sql)
        systemErrno = connection.map { sqlite3_system_errno($0) } ?? 0
    }

    /// Whether the database was busy or locked by another connection.
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }
    /// Whether the disk (or the file size limit) is full.
    public var isFull: Bool { code == SQLITE_FULL }

    public var description: String {
        var text = "SQLite error \(extendedCode): \(message)"
        if systemErrno != 0 { text += " (\(String(cString: strerror(systemErrno))))" }
        if let sql {
            let oneLine = sql.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces }.joined(separator: " ")
            text += " (while running: \(oneLine.count > 120 ? oneLine.prefix(117) + "..." : oneLine))"
        }
        return text
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return self[first...last]
    }
}
