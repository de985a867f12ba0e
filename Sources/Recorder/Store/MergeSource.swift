import CSQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A memhist database opened to be merged from: read, never written.
///
/// A file at the current schema version is opened as a report opens it
/// (``HistoryStore/init(path:access:)`` with `.readOnly`). A report upgrades a file from an older
/// memhist in place; a merge leaves the file as it is and upgrades a copy instead: the file is
/// copied from a read-only connection (`VACUUM INTO`) into a new private directory in `$TMPDIR`
/// (or `/tmp`), and the copy is upgraded and read. The copy needs as much space as the file, and is
/// removed when this value goes away (a merge killed with SIGKILL leaves its `memhist-merge.*`
/// directory behind).
///
/// Every page of what is read is checked (`PRAGMA integrity_check`) when the source is opened, so a
/// damaged source is refused before anything is merged from it.
/// See <https://www.sqlite.org/lang_vacuum.html#vacuuminto>.
public final class MergeSource {
    /// The path as given.
    public let path: String
    /// The schema version of the file when it was older than ``Schema/currentVersion`` and a copy
    /// was upgraded instead; nil when the file itself is read.
    public let upgradedFrom: Int?
    /// The directory that holds the upgraded copy, removed in `deinit`.
    private let copyDirectory: String?
    private var storage: HistoryStore?

    /// The store to read: the file itself, or its upgraded copy.
    public var store: HistoryStore { storage! }

    /// Opens the database at `path` to be merged from.
    ///
    /// - Throws: ``StoreError`` when the file is missing, not a regular file, not memhist's, newer
    ///   than this memhist, or damaged; the file is left as it was.
    public init(path: String) throws {
        self.path = path
        var version = 0
        switch try DatabaseFile.inspect(path, for: .reading) {
        case .missing: throw StoreError.notFound(path: path)
        case .empty: break
        case .sqlite(let header): version = header.userVersion
        }
        if version == 0 || version >= Schema.currentVersion {
            // A file without memhist's tables is refused here, as a report refuses it.
            storage = try HistoryStore(path: path, access: .readOnly)
            upgradedFrom = nil
            copyDirectory = nil
        } else {
            let directory = try Self.makePrivateDirectory()
            let copy = directory + "/source.db"
            do {
                try Self.copy(path, version: version, to: copy)
                storage = try HistoryStore(path: copy, access: .readOnly)
            } catch let error as StoreError {
                Self.remove(directory)
                throw error.naming(path, insteadOf: copy)
            } catch {
                Self.remove(directory)
                throw error
            }
            upgradedFrom = version
            copyDirectory = directory
        }
        // From here on, a throw runs deinit, which removes the copy.
        let check: Schema.PageCheck
        do {
            check = try Schema.checkPages(store.database, budgetMs: nil)
        } catch let error as SQLiteError {
            throw StoreError.from(error, path: path)
        }
        if case .problems(let problems) = check {
            // integrity_check's first row can start with a heading line (`*** in database main ***`).
            let lines = problems.flatMap { $0.split(whereSeparator: \.isNewline) }
            let first = lines.first { !$0.hasPrefix("***") }.map(String.init)
            throw StoreError.corrupt(path: path, detail: first ?? "integrity_check failed")
        }
    }

    deinit {
        storage = nil  // closes the connection before its files go
        if let copyDirectory { Self.remove(copyDirectory) }
    }

    /// Copies the database at `path` (schema `version`) to the new file `copy`, from a connection
    /// that does not write it (``HistoryStore/connectionForChecking(path:)``, which leaves no `-wal`
    /// or `-shm` file behind).
    private static func copy(_ path: String, version: Int, to copy: String) throws {
        try DatabaseFile.checkSidecars(of: path, for: .reading)
        let database: Database
        do {
            database = try HistoryStore.connectionForChecking(path: path)
            try Schema.verifyShape(of: database, version: version, path: path)
        } catch let error as SQLiteError {
            throw StoreError.from(error, path: path)
        }
        do {
            // VACUUM INTO writes the new file only, but query_only refuses it: lifted for it alone.
            let queryOnly = try database.scalarInt("PRAGMA query_only") == 1
            if queryOnly { try database.execute("PRAGMA query_only = 0") }
            defer { if queryOnly { try? database.execute("PRAGMA query_only = 1") } }
            try database.prepare("VACUUM INTO ?").run([.text(copy)])
        } catch let error as SQLiteError where error.isFull || error.code == SQLITE_IOERR {
            throw StoreError.from(error, path: copy)
        } catch let error as SQLiteError {
            throw StoreError.from(error, path: path)
        }
    }

    /// A new directory that only this user can enter, in `$TMPDIR` or `/tmp`.
    private static func makePrivateDirectory() throws -> String {
        var base = getenv("TMPDIR").map { String(cString: $0) } ?? ""
        if base.isEmpty { base = "/tmp" }
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        var template = Array((base + "/memhist-merge.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw StoreError.cannotCreate(path: base + "/memhist-merge.*", reason: String(cString: strerror(errno)))
        }
        return String(cString: made)
    }

    /// Removes the copy and its sidecar files, then the directory.
    private static func remove(_ directory: String) {
        for suffix in [""] + DatabaseFile.sidecarSuffixes { unlink(directory + "/source.db" + suffix) }
        rmdir(directory)
    }
}
