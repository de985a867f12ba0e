import CSQLite

/// One connection to an SQLite database file; the connection closes when the value goes away.
///
/// A thin wrapper in the shape of GRDB's core: statements are prepared through the
/// connection, errors carry the extended result code, and ``inTransaction(_:)`` rolls back
/// on any thrown error. At open it turns on extended result codes, a busy timeout and
/// foreign keys. Not thread-safe: use one connection per thread.
public final class Database {
    /// How to open the file.
    public enum Mode: Sendable {
        /// Read only; the file must exist.
        case readOnly
        /// Read and write; the file must exist.
        case readWrite
        /// Read and write, creating the file when it is missing.
        case create
    }

    /// The raw connection handle.
    let handle: OpaquePointer
    /// The path the connection was opened with.
    public let path: String

    /// Opens (or creates) the database file at `path`.
    ///
    /// The path is always a file name: `:memory:` and `file:` URIs are not interpreted (a
    /// relative path is given to SQLite as `./path`), and a symbolic link is not followed
    /// (`SQLITE_OPEN_NOFOLLOW`). Every file SQLite opens is held to ``SQLiteFileGuard``'s rules.
    ///
    /// - Parameters:
    ///   - immutable: with `.readOnly`, read the file as one that cannot change: no `-wal` or
    ///     `-shm` is created or read, and no lock is taken (`immutable=1`). Only for a file no
    ///     other process writes, such as one in a directory this user cannot write.
    ///   - busyTimeoutMs: how long a statement waits for another connection's lock.
    /// - Throws: ``SQLiteError`` when SQLite cannot open the file; a half-open handle is closed.
    public convenience init(
        path: String, mode: Mode = .readWrite, immutable: Bool = false, busyTimeoutMs: Int32 = 5_000
    ) throws {
        _ = SQLiteFileGuard.isInstalled
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        let literal = path.hasPrefix("/") ? path : "./" + path
        let name: String
        if immutable {
            flags |= SQLITE_OPEN_URI
            name = "file:" + Self.percentEncoded(literal) + "?immutable=1"
        } else {
            name = literal
        }
        try self.init(opening: name, flags: flags, path: path, busyTimeoutMs: busyTimeoutMs)
    }

    /// Opens a new, empty database that lives in memory only.
    public static func inMemory() throws -> Database {
        try Database(
            opening: ":memory:", flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
            path: ":memory:", busyTimeoutMs: 0)
    }

    private init(opening name: String, flags: Int32, path: String, busyTimeoutMs: Int32) throws {
        var connection: OpaquePointer?
        let code = sqlite3_open_v2(name, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let error = SQLiteError(resultCode: code, connection: connection)
            // sqlite3_open_v2 hands back a handle even on failure; it must still be closed.
            sqlite3_close_v2(connection)
            throw error
        }
        self.handle = connection
        self.path = path
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, busyTimeoutMs)
        do {
            try execute("PRAGMA foreign_keys = ON")
        } catch {
            sqlite3_close_v2(connection)
            throw error
        }
    }

    /// `path` with every byte but unreserved ones and `/` percent-encoded, for a `file:` URI.
    private static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return out
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    /// - Throws: ``SQLiteError`` naming the statement that failed.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        defer { sqlite3_free(errorMessage) }
        guard code == SQLITE_OK else {
            var error = SQLiteError(resultCode: code, connection: handle, sql: sql)
            if let errorMessage { error.message = String(cString: errorMessage) }
            throw error
        }
    }

    /// Prepares one statement to run (and reuse) later.
    /// - Throws: ``SQLiteError`` when the SQL does not compile.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// How a transaction takes its locks. See <https://www.sqlite.org/lang_transaction.html>.
    public enum TransactionKind: String, Sendable {
        /// `BEGIN DEFERRED`: no lock until the first read or write; a transaction that only
        /// reads sees one snapshot of the database from its first read to its end.
        case deferred = "DEFERRED"
        /// `BEGIN IMMEDIATE`: the write lock up front, so a busy database fails at the start of
        /// the transaction rather than half-way through it.
        case immediate = "IMMEDIATE"
        /// `BEGIN EXCLUSIVE`: in rollback-journal mode, readers are kept out as well.
        case exclusive = "EXCLUSIVE"
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws and
    /// rethrows the body's error (not a rollback error).
    public func inTransaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        try execute("BEGIN \(kind.rawValue)")
        let result: T
        do {
            result = try body()
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
        do {
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
        return result
    }

    /// The rowid of the last row this connection inserted.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last statement.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// Whether a transaction is open.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs a query and returns the first column of its first row as an integer, or nil
    /// when there is no row or the value is NULL.
    public func scalarInt(_ sql: String, _ arguments: [SQLValue] = []) throws -> Int64? {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.int64(0)
    }

    /// Runs a query and returns the first column of its first row as text, or nil.
    public func scalarText(_ sql: String, _ arguments: [SQLValue] = []) throws -> String? {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        guard try statement.step() else { return nil }
        return statement.text(0)
    }

    /// `PRAGMA user_version`: the schema version memhist wrote.
    public var userVersion: Int {
        get throws { Int(try scalarInt("PRAGMA user_version") ?? 0) }
    }

    /// `PRAGMA application_id`: the number an application marks its files with.
    public var applicationID: Int32 {
        get throws { Int32(truncatingIfNeeded: try scalarInt("PRAGMA application_id") ?? 0) }
    }

    /// Switches the file to write-ahead logging, so readers (such as `sqlite3`) can read
    /// while a recording writes, and checks that the mode took.
    /// See <https://www.sqlite.org/wal.html>.
    public func enableWriteAheadLog() throws {
        let mode = try scalarText("PRAGMA journal_mode = WAL")
        guard mode?.lowercased() == "wal" else {
            throw SQLiteError(
                extendedCode: SQLITE_ERROR, message: "could not switch to WAL journal mode (got \(mode ?? "nothing"))")
        }
        try execute("PRAGMA synchronous = NORMAL")
    }
}
