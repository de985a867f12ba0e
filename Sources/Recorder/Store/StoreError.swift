import CSQLite

#if canImport(Glibc)
import Glibc
private let resourceFileSize = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
private let unlimited = rlim_t.max  // RLIM_INFINITY, a macro Swift does not import on Linux
#elseif canImport(Darwin)
import Darwin
private let resourceFileSize = RLIMIT_FSIZE
private let unlimited = RLIM_INFINITY
#endif

/// Why a memhist database could not be opened or used. Each case reads as one line that
/// says what to do.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No file at the path.
    case notFound(path: String)
    /// The path is a directory, a FIFO, a device or a socket: `kind` says which.
    case notAFile(path: String, kind: String)
    /// The path is a symbolic link, which memhist does not follow.
    case symbolicLink(path: String)
    /// A file memhist would write belongs to another user.
    case ownedByAnotherUser(path: String, owner: UInt32, user: UInt32)
    /// A file memhist would write can be read or written by users other than its owner.
    case readableByOthers(path: String, mode: UInt32)
    /// A file memhist would record into has more than one name (hard links).
    case hardLinked(path: String, links: Int)
    /// The file is not an SQLite database at all (text, random bytes).
    case notSQLite(path: String)
    /// The file is an SQLite database of another application.
    case foreignDatabase(path: String)
    /// The file was written by a newer memhist.
    case newerVersion(path: String, found: Int, supported: Int)
    /// SQLite reported the file as damaged.
    case corrupt(path: String, detail: String)
    /// Another process holds a lock for longer than the busy timeout.
    case locked(path: String)
    /// The disk (or the file size limit) is full.
    case diskFull(path: String)
    /// The file exists but cannot be read (permissions).
    case cannotOpen(path: String, reason: String)
    /// The file could not be created.
    case cannotCreate(path: String, reason: String)
    /// The file was written by an older memhist and could not be upgraded (it is read-only).
    case cannotUpgrade(path: String, found: Int, current: Int, reason: String)
    /// The database holds no recording (or no such session).
    case noRecordings(path: String, detail: String)
    /// Any other SQLite failure.
    case sqlite(path: String, error: SQLiteError)

    public var description: String {
        switch self {
        case .notFound(let path):
            return "no database at \(path); record one first with: memhist record --db \(path) --pid PID"
        case .notAFile(let path, let kind):
            return "\(path) is \(kind), not a regular file; give --db the path of a memhist database file"
        case .symbolicLink(let path):
            return "\(path) is a symbolic link, which memhist does not follow; give --db the path of the file itself"
        case .ownedByAnotherUser(let path, let owner, let user):
            return
                "\(path) belongs to another user (uid \(owner), not \(user)); memhist writes only its own user's "
                + "files: choose another --db path"
        case .hardLinked(let path, let links):
            return
                "\(path) has \(links) names (hard links), so what memhist records could be read under another one; "
                + "record into a file of its own (a new --db path)"
        case .readableByOthers(let path, let mode):
            return
                "\(path) can be read by other users (mode \(CFormat.string("%04o", mode))) and holds command lines; "
                + "make it private with: chmod 600 \(path)"
        case .notSQLite(let path):
            return "\(path) is not an SQLite database (not written by memhist); choose another --db path"
        case .foreignDatabase(let path):
            return "\(path) is an SQLite database of another application, not memhist's; it was left untouched"
        case .newerVersion(let path, let found, let supported):
            return
                "\(path) was written by a newer memhist (schema \(found), this memhist reads up to \(supported)); upgrade memhist"
        case .corrupt(let path, let detail):
            return
                "\(path) is damaged (\(detail)); nothing more was written to it; check it with: memhist check --db \(path)"
        case .locked(let path):
            return "\(path) is locked by another process; wait for it or use another --db path"
        case .diskFull(let path):
            return
                "the disk holding \(path) is full (or the file size limit was reached); what was recorded before is kept"
        case .cannotOpen(let path, let reason):
            return "cannot open \(path): \(reason)"
        case .cannotCreate(let path, let reason):
            return "cannot create \(path): \(reason)"
        case .cannotUpgrade(let path, let found, let current, let reason):
            return
                "\(path) was written by an older memhist (schema \(found)) and must be upgraded to schema \(current) "
                + "in place, which needs write access (\(reason)); copy it somewhere writable and read the copy"
        case .noRecordings(let path, let detail):
            return "\(path) has \(detail)"
        case .sqlite(let path, let error):
            return "\(path): \(error)"
        }
    }

    /// Whether the file system holding `path` is (nearly) full, or the database or its WAL has
    /// reached the process's file size limit (RLIMIT_FSIZE).
    static func spaceExhausted(near path: String) -> Bool {
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        var fileSystem = statvfs()
        if statvfs(directory.isEmpty ? "/" : directory, &fileSystem) == 0,
            UInt64(fileSystem.f_bavail) * UInt64(fileSystem.f_frsize) < 1 << 20
        {
            return true
        }
        var limit = rlimit()
        guard getrlimit(resourceFileSize, &limit) == 0, limit.rlim_cur != unlimited else { return false }
        for file in [path, path + "-wal", path + "-journal"] {
            var info = stat()
            if lstat(file, &info) == 0, UInt64(info.st_size) + (64 << 10) >= UInt64(limit.rlim_cur) { return true }
        }
        return false
    }

    /// Translates an SQLite error on the database at `path` into the case a user can act on.
    static func from(_ error: SQLiteError, path: String) -> StoreError {
        if error.isBusy { return .locked(path: path) }
        if error.isFull { return .diskFull(path: path) }
        switch error.code {
        // An I/O error from a write refused for space (ENOSPC) or the file size limit (EFBIG):
        // SQLite keeps the errno only sometimes, so look at the disk and the limit too.
        case SQLITE_IOERR where error.systemErrno == ENOSPC || error.systemErrno == EFBIG || spaceExhausted(near: path):
            return .diskFull(path: path)
        case SQLITE_CORRUPT: return .corrupt(path: path, detail: error.message)
        case SQLITE_NOTADB: return .notSQLite(path: path)
        default: return .sqlite(path: path, error: error)
        }
    }
}
