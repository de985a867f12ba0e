import CSQLite

/// Checks that an opened file's schema is the one memhist wrote, and that its pages hold
/// together, before anything is written to it.
extension Schema {
    /// The tables, columns, indexes and views of a database: what two databases of the same
    /// schema version have in common whatever SQLite wrote them.
    struct Shape: Equatable, Sendable {
        /// Per object (`table sample`, `index x`, `view y`), its parts: a table's columns
        /// (name, type, NOT NULL, key position), an index's table and columns, a view's SQL.
        var objects: [String: [String]]

        /// The count of tables, indexes and views.
        var count: Int { objects.count }

        /// The first way this shape differs from `expected`, said for a person; nil when none.
        func difference(from expected: Shape) -> String? {
            for name in expected.objects.keys.sorted() {
                guard let mine = objects[name] else { return "no \(name)" }
                let theirs = expected.objects[name] ?? []
                guard mine != theirs else { continue }
                if let missing = theirs.first(where: { !mine.contains($0) }) {
                    let found = mine.first(where: { !theirs.contains($0) }).map { " (it has \($0))" } ?? ""
                    return "\(name) lacks \(missing)\(found)"
                }
                if let extra = mine.first(where: { !theirs.contains($0) }) {
                    return "\(name) has an unexpected \(extra)"
                }
                return "\(name) has its parts in another order"
            }
            if let extra = objects.keys.sorted().first(where: { expected.objects[$0] == nil }) {
                return "an unexpected \(extra)"
            }
            return nil
        }
    }

    /// The shape of `database`: per table its columns, per index its columns, per view its SQL.
    static func shape(of database: Database) throws -> Shape {
        var objects: [String: [String]] = [:]
        let rows = try database.prepare(
            "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
        ).rows { ($0.text(0) ?? "", $0.text(1) ?? "", $0.text(2) ?? "", $0.text(3) ?? "") }
        for (type, name, table, sql) in rows {
            let key = "\(type) \(name)"
            switch type {
            case "table":
                objects[key] = try database.prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_xinfo(?)")
                    .rows([.text(name)]) { row in
                        let flags = (row.int(2) != 0 ? " NOT NULL" : "") + (row.int(3) > 0 ? " KEY \(row.int(3))" : "")
                        return "column \(row.text(0) ?? "") \(row.text(1) ?? "")\(flags)"
                    }
            case "index":
                objects[key] =
                    ["on \(table)"]
                    + (try database.prepare("SELECT name FROM pragma_index_info(?)").rows([.text(name)]) {
                        "column \($0.text(0) ?? "")"
                    })
            case "view":
                objects[key] = [sql]
            default:
                objects[key] = []
            }
        }
        return Shape(objects: objects)
    }

    /// The shape a database has after migrations 1 … `version`, made in memory.
    static func expectedShape(version: Int) throws -> Shape {
        try ExpectedShapes.shared.shape(version: version)
    }

    /// Throws ``StoreError/corrupt(path:detail:)`` when the schema of `database`, at `version`,
    /// differs from the one memhist's migrations make.
    static func verifyShape(of database: Database, version: Int, path: String) throws {
        guard version > 0 else { return }
        let expected = try expectedShape(version: version)
        if let difference = try shape(of: database).difference(from: expected) {
            throw StoreError.corrupt(
                path: path, detail: "its tables are not memhist's schema \(version): \(difference)")
        }
    }

    /// What `PRAGMA integrity_check` found within a time budget.
    enum PageCheck: Equatable {
        /// Every page read holds together.
        case ok
        /// The first problems SQLite reported.
        case problems([String])
        /// The budget ran out first: the pages read so far held together.
        case unfinished
    }

    /// Runs `PRAGMA integrity_check` (every page's b-tree structure, and every index against its
    /// table), stopping after `budgetMs` when it is not nil. It reads about 0.5 GB/s from the
    /// page cache. See <https://www.sqlite.org/pragma.html#pragma_integrity_check>.
    static func checkPages(_ database: Database, budgetMs: Int?) throws -> PageCheck {
        guard let budgetMs else { return try runPageCheck(database) }
        let deadline = Deadline(ns: SystemFacts.monotonicNs() + UInt64(max(0, budgetMs)) * 1_000_000)
        let context = Unmanaged.passRetained(deadline)
        defer { context.release() }
        sqlite3_progress_handler(
            database.handle, 1000,
            { pointer in
                guard let pointer else { return 0 }
                let deadline = Unmanaged<Deadline>.fromOpaque(pointer).takeUnretainedValue()
                return SystemFacts.monotonicNs() > deadline.ns ? 1 : 0
            }, context.toOpaque())
        defer { sqlite3_progress_handler(database.handle, 0, nil, nil) }
        do {
            return try runPageCheck(database)
        } catch let error as SQLiteError where error.code == SQLITE_INTERRUPT {
            return .unfinished
        }
    }

    private static func runPageCheck(_ database: Database) throws -> PageCheck {
        let results = try database.prepare("PRAGMA integrity_check(20)").rows { $0.text(0) ?? "" }
        return results == ["ok"] ? .ok : .problems(results)
    }

    private final class Deadline {
        let ns: UInt64
        init(ns: UInt64) { self.ns = ns }
    }

    /// The expected shapes, made once per version and process.
    private final class ExpectedShapes: @unchecked Sendable {
        static let shared = ExpectedShapes()
        private let lock = Lock()
        private var shapes: [Int: Shape] = [:]

        func shape(version: Int) throws -> Shape {
            lock.lock()
            defer { lock.unlock() }
            if let known = shapes[version] { return known }
            let database = try Database.inMemory()
            for migration in migrations.prefix(version) { try database.execute(migration.sql) }
            let made = try Schema.shape(of: database)
            shapes[version] = made
            return made
        }
    }
}
