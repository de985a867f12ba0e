import CSQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Holds every file SQLite opens to the rules of ``DatabaseFile``, on the descriptor SQLite
/// itself gets: the database and its `-wal`, `-shm` and `-journal` files are opened without
/// following a symbolic link and without blocking, and must be regular files; a file opened
/// for writing must belong to this user. A check made before SQLite opens a path can be raced
/// (another user swaps the file for a FIFO or a link in a shared directory); this one cannot.
///
/// It replaces the `open` system call of SQLite's default (unix) VFS through
/// `xSetSystemCall`, once per process. Read-only opens of a directory (SQLite syncs the
/// directory after creating a journal) and of `/dev/urandom` (its seed) pass.
/// See <https://www.sqlite.org/c3ref/vfs.html>.
enum SQLiteFileGuard {
    /// Whether the guard is in place; installed on first use.
    static let isInstalled: Bool = {
        guard let vfs = sqlite3_vfs_find(nil), vfs.pointee.iVersion >= 3,
            let setSystemCall = vfs.pointee.xSetSystemCall
        else { return false }
        let replacement = unsafeBitCast(guardedOpen, to: sqlite3_syscall_ptr.self)
        return setSystemCall(vfs, "open", replacement) == SQLITE_OK
    }()
}

/// SQLite calls `open(path, flags, mode)` with `int` arguments.
private let guardedOpen: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> Int32 = { path, flags, mode in
    guard let path else {
        errno = EFAULT
        return -1
    }
    var descriptor: Int32
    repeat {
        descriptor = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode_t(truncatingIfNeeded: mode))
    } while descriptor < 0 && errno == EINTR
    guard descriptor >= 0 else { return -1 }
    var info = stat()
    let readOnly = flags & O_ACCMODE == O_RDONLY
    var refusal: Int32 = 0
    if fstat(descriptor, &info) != 0 {
        refusal = errno
    } else {
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            if !readOnly && info.st_uid != geteuid() { refusal = EACCES }
        case S_IFDIR where readOnly:
            break
        case S_IFCHR where readOnly && strcmp(path, "/dev/urandom") == 0:
            break
        default:
            refusal = info.st_mode & S_IFMT == S_IFDIR ? EISDIR : ENXIO
        }
    }
    guard refusal == 0 else {
        close(descriptor)
        errno = refusal
        return -1
    }
    if flags & O_NONBLOCK == 0 {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
    }
    return descriptor
}
