import CSQLite

/// The memhist database schema: its version, the mark in the file header that says a file
/// is memhist's, and the checks and migrations that run when a file is opened.
///
/// The SQL lives in `schema/` and is compiled into the binary by `scripts/embed-schema`.
/// A file is accepted when its header says SQLite, its `application_id` is memhist's, its
/// `user_version` is not newer than ``currentVersion`` and its tables are those of its version
/// (``verifyShape(of:version:path:)``); anything else is refused before any byte of it is
/// written (``DatabaseFile`` judges the header before SQLite opens the file).
public enum Schema {
    /// `PRAGMA application_id` of every memhist database ('MEMH').
    public static let applicationID: Int32 = 0x4D45_4D48
    /// The version this binary writes.
    public static var currentVersion: Int { SchemaSQL.migrations.count }
    /// The page size of the files memhist creates, in bytes.
    public static let pageSize = 1_024
    /// The SQL files in `schema/`, in order, as compiled into the binary.
    public static var migrations: [(file: String, sql: String)] { SchemaSQL.migrations }

    /// Checks an open database and brings it to ``currentVersion``: creates the schema in a
    /// new (empty) database, migrates an older one, refuses a foreign or newer one.
    ///
    /// After migrating a file that held data, the file is rewritten without the pages the
    /// old tables left free (`VACUUM`): migration 3 rebuilds the sample tables, which would
    /// otherwise leave an upgraded file larger than before until recordings reuse the space.
    static func prepare(_ database: Database, path: String) throws {
        var upgradedFrom: Int?
        // Before the first table, outside a transaction (SQLite ignores it inside one): a new file gives
        // freed pages back on `PRAGMA incremental_vacuum`, which `memhist prune` runs while a recording may
        // be writing, where VACUUM would need the file to itself. Harmless on a file that has tables.
        // 1 KiB pages, not SQLite's 4 KiB: every tick commits and so writes at least one page to
        // the WAL, and a tick of ten processes keeps under 1 KiB; a larger page multiplies the bytes
        // written per byte kept. SQLite takes the size only before the first read of a new file
        // (or at a VACUUM out of WAL mode); on any other file this does nothing.
        try database.execute("PRAGMA page_size = \(pageSize)")
        if try database.scalarInt("SELECT count(*) FROM sqlite_schema") == 0 {
            try database.execute("PRAGMA auto_vacuum = INCREMENTAL")
        }
        // One exclusive transaction that reads the version again inside it: two recorders that
        // start on one new file take turns, and the second finds the schema the first made.
        try database.inTransaction(.exclusive) {
            let applicationID = try database.applicationID
            let version = try database.userVersion
            if applicationID == 0 && version == 0 {
                let objects = try database.scalarInt("SELECT count(*) FROM sqlite_schema") ?? 0
                guard objects == 0 else { throw StoreError.foreignDatabase(path: path) }
            } else if applicationID != Self.applicationID {
                throw StoreError.foreignDatabase(path: path)
            }
            guard version <= currentVersion else {
                throw StoreError.newerVersion(path: path, found: version, supported: currentVersion)
            }
            try verifyShape(of: database, version: version, path: path)
            for step in version..<currentVersion {
                try database.execute(migrations[step].sql)
                // Each file sets user_version itself; check it agrees.
                guard try database.userVersion == step + 1 else {
                    throw StoreError.sqlite(
                        path: path,
                        error: SQLiteError(
                            extendedCode: SQLITE_ERROR,
                            message: "\(migrations[step].file) did not set user_version to \(step + 1)"))
                }
            }
            if version > 0 && version < currentVersion { upgradedFrom = version }
        }
        if upgradedFrom != nil {
            // Only space is at stake: a file that cannot be rewritten now (a full disk) is
            // still whole and current, and later recordings reuse its free pages.
            try? database.execute("VACUUM")
            try? database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }
}
