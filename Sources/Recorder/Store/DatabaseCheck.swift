import CSQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The full check of a memhist database (`memhist check`), which writes nothing: the file, its
/// header, its schema against its version's, every page and index (`PRAGMA integrity_check`),
/// references between tables, and values no recording writes.
public struct DatabaseCheck: Sendable {
    /// How a finding weighs.
    public enum Status: String, Sendable {
        /// As memhist writes it.
        case ok
        /// Usable, but worth knowing (reports leave such values out).
        case warning
        /// Damage: memhist will not record into the file.
        case problem
    }

    /// One aspect checked.
    public struct Finding: Sendable {
        /// What was checked: `file`, `header`, `schema`, `pages`, `references`, `values`.
        public var aspect: String
        /// The verdict.
        public var status: Status
        /// What was found, in a few words.
        public var detail: String
    }

    /// The file checked.
    public var path: String
    /// The findings, in the order checked.
    public var findings: [Finding] = []

    /// Whether nothing is damaged (warnings allowed).
    public var isHealthy: Bool { !findings.contains { $0.status == .problem } }

    /// Checks the database at `path` without writing to it.
    ///
    /// - Throws: ``StoreError`` when the path is no memhist database at all (missing, a link, not
    ///   a regular file, not SQLite, another application's, newer than this memhist); damage
    ///   inside a memhist file is a finding, not an error.
    public init(path: String) throws {
        self.path = path
        let contents = try DatabaseFile.inspect(path, for: .reading)
        guard contents != .missing else { throw StoreError.notFound(path: path) }
        var info = stat()
        if lstat(path, &info) == 0 {
            let mode = UInt32(info.st_mode) & 0o777
            let shown = CFormat.string("%04o", mode)
            if info.st_uid != geteuid() {
                add("file", .warning, "belongs to uid \(info.st_uid), mode \(shown): memhist will not record into it")
            } else if mode & 0o077 != 0 {
                add("file", .warning, "mode \(shown): other users can read its command lines (chmod 600 to record)")
            } else {
                add("file", .ok, "a regular file of \(info.st_size) bytes, mode \(shown)")
            }
        }
        guard case .sqlite(let header) = contents else {
            add("header", .warning, "the file is empty: no recordings yet")
            return
        }
        let version = header.userVersion
        add(
            "header",
            .ok,
            "SQLite, \(header.pageSize)-byte pages, \(header.usesWriteAheadLog ? "WAL" : "rollback journal"), "
                + "memhist schema \(version)"
                + (version < Schema.currentVersion ? " (upgraded to \(Schema.currentVersion) when next used)" : ""))
        do {
            let database = try HistoryStore.connectionForChecking(path: path)
            try checkSchema(database, version: version)
            try checkPages(database)
            guard isHealthy else { return }
            try checkReferences(database)
            if version == Schema.currentVersion { try checkValues(database) }
        } catch let error as SQLiteError {
            add("pages", .problem, error.message)
        }
    }

    private mutating func add(_ aspect: String, _ status: Status, _ detail: String) {
        findings.append(Finding(aspect: aspect, status: status, detail: detail))
    }

    private mutating func checkSchema(_ database: Database, version: Int) throws {
        guard version > 0 else {
            add("schema", .ok, "no tables yet")
            return
        }
        let expected = try Schema.expectedShape(version: version)
        if let difference = try Schema.shape(of: database).difference(from: expected) {
            add("schema", .problem, "not memhist's schema \(version): \(difference)")
        } else {
            add("schema", .ok, "\(expected.count) tables, indexes and views as memhist's schema \(version)")
        }
    }

    private mutating func checkPages(_ database: Database) throws {
        switch try Schema.checkPages(database, budgetMs: nil) {
        case .ok: add("pages", .ok, "integrity_check: ok")
        case .problems(let problems):
            add("pages", .problem, problems.prefix(3).joined(separator: "; ") + (problems.count > 3 ? "; …" : ""))
        case .unfinished: add("pages", .warning, "integrity_check did not finish")
        }
    }

    private mutating func checkReferences(_ database: Database) throws {
        let dangling = try database.prepare("SELECT \"table\", count(*) FROM pragma_foreign_key_check GROUP BY 1")
            .rows { "\($0.int64(1)) in \($0.text(0) ?? "?")" }
        if dangling.isEmpty {
            add("references", .ok, "every row's session, process, sample and region exist")
        } else {
            add("references", .warning, "rows whose parent is missing: " + dangling.joined(separator: ", "))
        }
    }

    private mutating func checkValues(_ database: Database) throws {
        let time = StoredRange.timeMs
        let bytes = StoredRange.bytes
        func outside(_ expression: String, _ range: ClosedRange<Int64>) -> String {
            "sum(\(expression) IS NOT NULL AND \(StoredRange.sql(expression, within: range)) IS NULL)"
        }
        let sizes = [
            "resident_size", "proportional_size", "shared_clean_size", "shared_dirty_size", "private_clean_size",
            "private_dirty_size", "referenced_size", "anonymous_size", "swap_size", "proportional_swap_size",
            "peak_resident_size", "rss_anon", "rss_file", "rss_shmem", "vm_swap",
        ]
        let checks: [(String, String)] = [
            ("sample times", "SELECT \(outside("time_ms", time)) FROM sample"),
            (
                "sample sizes",
                "SELECT " + sizes.map { outside($0, bytes) }.joined(separator: " + ") + " FROM sample"
            ),
            (
                "footprint values",
                "SELECT \(outside("time_ms", time)) + \(outside("physical_footprint", bytes)) + "
                    + "\(outside("peak_physical_footprint", bytes)) FROM footprint_sample"
            ),
            ("region times", "SELECT \(outside("time_ms", time)) FROM region_sample"),
            (
                "region sizes",
                "SELECT "
                    + ["size", "resident_size", "proportional_size", "private_dirty_size", "swap_size"]
                    .map { outside($0, bytes) }.joined(separator: " + ") + " FROM region_sample"
            ),
            (
                "host values",
                "SELECT \(outside("time_ms", time)) + \(outside("mem_available", bytes)) + "
                    + "\(outside("cgroup_usage", bytes)) + \(outside("cgroup_limit", bytes)) FROM host_sample"
            ),
            (
                "session and process times",
                "SELECT (SELECT \(outside("started_ms", time)) + \(outside("ended_ms", time)) FROM session) + "
                    + "(SELECT \(outside("first_seen_ms", time)) + \(outside("last_seen_ms", time)) FROM process)"
            ),
        ]
        var found: [String] = []
        for (name, sql) in checks {
            let count = try database.scalarInt(sql) ?? 0
            if count > 0 { found.append("\(count) \(name)") }
        }
        if found.isEmpty {
            add("values", .ok, "every time and size is one a recording can write")
        } else {
            add("values", .warning, "out of range, left out of reports: " + found.joined(separator: ", "))
        }
    }
}
