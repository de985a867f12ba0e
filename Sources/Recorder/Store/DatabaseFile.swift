#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What is at a database path, judged on a descriptor opened without following a symbolic link
/// and without blocking (a FIFO would otherwise hang the open), before SQLite sees the file.
///
/// The rules (what memhist promises in the README):
/// - the path itself must not be a symbolic link, and must be a regular file (not a FIFO, a
///   device, a socket or a directory);
/// - a file memhist records into must belong to the user memhist runs as and must not be
///   readable or writable by anyone else (mode 0600, as ssh asks of a private key): it will
///   hold command lines, which can hold secrets. Its `-wal`, `-shm` and `-journal` files
///   likewise;
/// - a file memhist upgrades in place for a report must belong to that user (it adds no
///   command line, so its mode is left to its owner);
/// - a file memhist only reads may be anyone's (a shared 0644 file is read read-only).
///
/// SQLite's own opens of the same files are held to the type rule by ``SQLiteFileGuard``, so a
/// file swapped after these checks is refused there too.
enum DatabaseFile {
    /// What the path holds.
    enum Contents: Equatable {
        /// Nothing: the path does not exist.
        case missing
        /// A regular file of 0 bytes.
        case empty
        /// An SQLite file with this header.
        case sqlite(DatabaseHeader)
    }

    /// What memhist will do with the file, which decides what is asked of it.
    enum Purpose: Sendable {
        /// Read it only.
        case reading
        /// Rewrite its schema in place, adding nothing.
        case upgrading
        /// Add recordings to it.
        case recording
    }

    /// The sidecar files SQLite keeps beside a database.
    static let sidecarSuffixes = ["-wal", "-shm", "-journal"]

    /// Inspects `path`.
    ///
    /// - Throws: ``StoreError`` for a link, a non-file, a file that is not SQLite, a damaged
    ///   header, another user's (to write) or readable by others (to record into).
    static func inspect(_ path: String, for purpose: Purpose) throws -> Contents {
        // lstat says what the path is, for the message; the checks that count are made again on
        // the descriptor, which cannot be swapped behind our back.
        var named = stat()
        if lstat(path, &named) != 0 {
            if errno == ENOENT { return .missing }
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        if (named.st_mode & S_IFMT) == S_IFLNK { throw StoreError.symbolicLink(path: path) }
        if let kind = nonRegularKind(named.st_mode) { throw StoreError.notAFile(path: path, kind: kind) }
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            switch code {
            case ENOENT: return .missing
            case ELOOP: throw StoreError.symbolicLink(path: path)
            default: throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(code)))
            }
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        if let kind = nonRegularKind(info.st_mode) { throw StoreError.notAFile(path: path, kind: kind) }
        let contents: Contents
        if info.st_size == 0 {
            contents = .empty
        } else {
            var bytes = [UInt8](repeating: 0, count: DatabaseHeader.bytesToRead)
            let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
            guard count >= DatabaseHeader.size else { throw StoreError.notSQLite(path: path) }
            let header: DatabaseHeader
            do {
                header = try DatabaseHeader(Array(bytes[0..<count]), fileSize: Int(info.st_size))
            } catch .notSQLite {
                throw StoreError.notSQLite(path: path)
            } catch .damaged(let detail) {
                throw StoreError.corrupt(path: path, detail: "its header says \(detail)")
            }
            try judge(header, path: path)
            contents = .sqlite(header)
        }
        try check(info, path: path, for: purpose)
        return contents
    }

    /// Refuses another application's file and a newer memhist's, from the header alone.
    private static func judge(_ header: DatabaseHeader, path: String) throws {
        if header.applicationID == Schema.applicationID {
            guard header.userVersion <= Schema.currentVersion else {
                throw StoreError.newerVersion(
                    path: path, found: header.userVersion, supported: Schema.currentVersion)
            }
            return
        }
        // Application id 0 and no user version: an SQLite file nobody has used yet is fine
        // (memhist makes it a database); one with any table in it is another program's.
        guard header.applicationID == 0, header.userVersion == 0, header.schemaLeafCells == 0,
            !header.usesWriteAheadLog || sidecarSize(path + "-wal") == 0
        else { throw StoreError.foreignDatabase(path: path) }
    }

    /// Checks that the sidecar files SQLite would open beside `path` are regular files, and
    /// fit for `purpose` as the database itself.
    static func checkSidecars(of path: String, for purpose: Purpose) throws {
        for suffix in sidecarSuffixes {
            let sidecar = path + suffix
            var info = stat()
            guard lstat(sidecar, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFLNK { throw StoreError.symbolicLink(path: sidecar) }
            if let kind = nonRegularKind(info.st_mode) { throw StoreError.notAFile(path: sidecar, kind: kind) }
            try check(info, path: sidecar, for: purpose)
        }
    }

    /// Creates `path` as a new, empty, private file, failing if anything is there already.
    ///
    /// - Returns: false when another process created it first (the caller inspects it again).
    static func createExclusive(_ path: String) throws -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { return false }
            throw StoreError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        close(fd)
        return true
    }

    /// Removes a file this process created when its schema could not be written (a full disk):
    /// only while it is still empty, so nothing another recorder committed meanwhile is lost.
    static func removeIfStillEmpty(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size == 0 else { return }
        unlink(path)
        for suffix in sidecarSuffixes where sidecarSize(path + suffix) == 0 { unlink(path + suffix) }
    }

    /// The bytes a database takes: the file at `path` and its write-ahead log.
    static func sizeWithLog(_ path: String) -> Int {
        (sidecarSize(path) ?? 0) + (sidecarSize(path + "-wal") ?? 0)
    }

    /// The size of a regular file at `path`, nil when there is none.
    static func sidecarSize(_ path: String) -> Int? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// Whether this user may write `path` (and create its sidecars beside it).
    static func isWritable(_ path: String) -> Bool {
        access(path, W_OK) == 0 && access(directory(of: path), W_OK) == 0
    }

    /// The directory that holds `path`.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    private static func check(_ info: stat, path: String, for purpose: Purpose) throws {
        guard purpose != .reading else { return }
        let user = geteuid()
        guard info.st_uid == user else {
            throw StoreError.ownedByAnotherUser(path: path, owner: UInt32(info.st_uid), user: UInt32(user))
        }
        let mode = UInt32(info.st_mode) & 0o777
        guard purpose != .recording || mode & 0o077 == 0 else {
            throw StoreError.readableByOthers(path: path, mode: mode)
        }
        // A second name elsewhere (a hard link someone made) would expose what is recorded there.
        guard purpose != .recording || info.st_nlink <= 1 else {
            throw StoreError.hardLinked(path: path, links: Int(info.st_nlink))
        }
    }

    /// What a non-regular file is, in words; nil for a regular file.
    static func nonRegularKind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        default: return "not a regular file"
        }
    }
}
