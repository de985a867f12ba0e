#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The memhist database schema: its version, the mark in the file header that says a file
/// is memhist's, and the checks and migrations that run when a file is opened.
///
/// The SQL lives in `schema/` and is compiled into the binary by `scripts/embed-schema`.
/// A file is accepted when its header says SQLite, its `application_id` is memhist's and
/// its `user_version` is not newer than ``currentVersion``; anything else is refused
/// before any byte of it is written.
public enum Schema {
    /// `PRAGMA application_id` of every memhist database ('MEMH').
    public static let applicationID: Int32 = 0x4D45_4D48
    /// The version this binary writes.
    public static var currentVersion: Int { SchemaSQL.migrations.count }
    /// The SQL files in `schema/`, in order, as compiled into the binary.
    public static var migrations: [(file: String, sql: String)] { SchemaSQL.migrations }

    /// What a file at a path is, judged from its first 100 bytes (the SQLite header) without
    /// letting SQLite open it. See <https://www.sqlite.org/fileformat.html#the_database_header>.
    enum FileState: Equatable {
        case missing
        case empty
        case directory
        case notSQLite
        case unreadable(errno: Int32)
        /// An SQLite file with the header's application id and user version.
        case sqlite(applicationID: Int32, userVersion: Int)
    }

    static func inspect(path: String) -> FileState {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT ? .missing : .unreadable(errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .unreadable(errno: errno) }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .directory }
        if info.st_size == 0 { return .empty }
        var header = [UInt8](repeating: 0, count: 100)
        guard read(fd, &header, 100) == 100 else { return .notSQLite }
        guard header.starts(with: Array("SQLite format 3\0".utf8)) else { return .notSQLite }
        func bigEndian(_ offset: Int) -> UInt32 {
            header[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
        return .sqlite(applicationID: Int32(bitPattern: bigEndian(68)), userVersion: Int(bigEndian(60)))
    }

    /// Checks an open database and brings it to ``currentVersion``: creates the schema in a
    /// new (empty) database, migrates an older one, refuses a foreign or newer one.
    ///
    /// After migrating a file that held data, the file is rewritten without the pages the
    /// old tables left free (`VACUUM`): migration 3 rebuilds the sample tables, which would
    /// otherwise leave an upgraded file larger than before until recordings reuse the space.
    static func prepare(_ database: Database, path: String) throws {
        let applicationID = try database.applicationID
        var version = try database.userVersion
        if applicationID == 0 && version == 0 {
            let objects = try database.scalarInt("SELECT count(*) FROM sqlite_schema") ?? 0
            guard objects == 0 else { throw StoreError.foreignDatabase(path: path) }
        } else if applicationID != Self.applicationID {
            throw StoreError.foreignDatabase(path: path)
        }
        guard version <= currentVersion else {
            throw StoreError.newerVersion(path: path, found: version, supported: currentVersion)
        }
        let foundVersion = version
        while version < currentVersion {
            let sql = migrations[version].sql
            try database.inTransaction { try database.execute(sql) }
            version += 1
            // Each file sets user_version itself; check it agrees.
            guard try database.userVersion == version else {
                throw StoreError.sqlite(
                    path: path,
                    error: SQLiteError(
                        extendedCode: 1,
                        message: "\(migrations[version - 1].file) did not set user_version to \(version)"))
            }
        }
        if foundVersion > 0 && foundVersion < currentVersion {
            // Only space is at stake: a file that cannot be rewritten now (a full disk) is
            // still whole and current, and later recordings reuse its free pages.
            try? database.execute("VACUUM")
            try? database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }
}
