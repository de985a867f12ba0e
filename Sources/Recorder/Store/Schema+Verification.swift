import CSQLite
import Foundation

/// Checks that an opened file's schema is the one memhist wrote, and that its pages hold
/// together, before anything is written to it.
extension Schema {
    /// The tables, columns, indexes and views of a database, one line each, sorted: what two
    /// databases of the same schema version have in common whatever SQLite wrote them.
    struct Shape: Equatable, Sendable {
        var lines: [String]

        /// The first line that differs from `expected`, said for a person.
        func difference(from expected: Shape) -> String? {
            let mine = Set(lines)
            let theirs = Set(expected.lines)
            if let missing = expected.lines.first(where: { !mine.contains($0) }) { return "missing \(missing)" }
            if let extra = lines.first(where: { !theirs.contains($0) }) { return "unexpected \(extra)" }
            return nil
        }
    }

    /// The shape of `database`: per table its columns (name, type, NOT NULL, key position),
    /// per index its columns, per view its SQL.
    static func shape(of database: Database) throws -> Shape {
        var lines: [String] = []
        let objects = try database.prepare(
            "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
        ).rows { ($0.text(0) ?? "", $0.text(1) ?? "", $0.text(2) ?? "", $0.text(3) ?? "") }
        for (type, name, table, sql) in objects {
            let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            switch type {
            case "table":
                let columns = try database.prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_xinfo(?)")
                    .rows([.text(name)]) { "\($0.text(0) ?? "") \($0.text(1) ?? "") \($0.int(2)) \($0.int(3))" }
                lines.append("table \(quoted) (\(columns.joined(separator: ", ")))")
            case "index":
                let columns = try database.prepare("SELECT name FROM pragma_index_info(?)")
                    .rows([.text(name)]) { $0.text(0) ?? "" }
                lines.append("index \(quoted) on \(table) (\(columns.joined(separator: ", ")))")
            case "view":
                lines.append("view \(quoted): \(sql)")
            default:
                lines.append("\(type) \(quoted)")
            }
        }
        return Shape(lines: lines.sorted())
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
        private let lock = NSLock()
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
