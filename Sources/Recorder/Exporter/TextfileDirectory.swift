#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The directory `record --textfile` writes `memhist.prom` into for node_exporter's textfile
/// collector: each write goes to a temporary file in the directory that is then renamed over
/// `memhist.prom`, so the collector never reads half a file.
///
/// The directory is opened once (a symbolic link is not followed) and files are made relative to
/// it; the temporary file is created anew each time (never an existing file or link). The file is
/// readable by all (mode 0644), as the collector runs as another user: its `command` labels show
/// command lines.
public final class TextfileDirectory {
    /// The file name written.
    public static let fileName = "memhist.prom"

    private let descriptor: Int32
    private let temporaryName: String
    /// The directory as given.
    public let path: String

    /// Opens the directory at `path`.
    /// - Throws: ``OutputFileError`` when it is missing, a symbolic link or no directory.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            let reason =
                code == ELOOP
                ? "it is a symbolic link" : code == ENOTDIR ? "not a directory" : String(cString: strerror(code))
            throw OutputFileError(path: path, reason: reason)
        }
        descriptor = fd
        temporaryName = ".\(Self.fileName).\(getpid()).tmp"
    }

    deinit { close(descriptor) }

    /// Replaces `memhist.prom` with `text`, atomically.
    /// - Throws: ``OutputFileError`` naming what went wrong; the previous file is then left as it was.
    public func write(_ text: String) throws {
        unlinkat(descriptor, temporaryName, 0)
        let fd = openat(descriptor, temporaryName, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(errno) }
        if let code = OutputFile.writeAll(Array(text.utf8), to: fd) {
            close(fd)
            unlinkat(descriptor, temporaryName, 0)
            throw failure(code)
        }
        // fchmod: the umask may have taken the bits the collector needs.
        fchmod(fd, 0o644)
        close(fd)
        guard renameat(descriptor, temporaryName, descriptor, Self.fileName) == 0 else {
            let code = errno
            unlinkat(descriptor, temporaryName, 0)
            throw failure(code)
        }
    }

    /// Removes `memhist.prom` (the recording ended: its numbers would go stale).
    public func remove() {
        unlinkat(descriptor, Self.fileName, 0)
    }

    private func failure(_ code: Int32) -> OutputFileError {
        OutputFileError(path: path + "/" + Self.fileName, reason: String(cString: strerror(code)))
    }
}
