#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an output file could not be written.
public struct OutputFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path as given.
    public var path: String
    /// What went wrong.
    public var reason: String

    public var description: String { "cannot write \(path): \(reason)" }
}

/// A file a report is written to (`export --output`), opened as memhist opens files at paths
/// users give: a symbolic link is not followed, and only a regular file is written (a FIFO or
/// a device is refused, not blocked on). It is created readable by its owner alone, since
/// reports hold command lines; an existing file is replaced from its start.
public final class OutputFile {
    private let descriptor: Int32
    /// The path as given.
    public let path: String

    /// Opens (creating when missing) the file at `path` and empties it.
    /// - Throws: ``OutputFileError`` naming what is wrong.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let code = errno
            throw OutputFileError(
                path: path, reason: code == ELOOP ? "it is a symbolic link" : String(cString: strerror(code)))
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw OutputFileError(path: path, reason: "not a regular file")
        }
        guard ftruncate(fd, 0) == 0 else {
            let code = errno
            close(fd)
            throw OutputFileError(path: path, reason: String(cString: strerror(code)))
        }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// write(2), which the method's name hides.
    private static func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(fd, buffer, count)
        #else
        return Darwin.write(fd, buffer, count)
        #endif
    }

    /// Writes all of `text`.
    /// - Throws: ``OutputFileError`` when the disk is full or the write fails.
    public func write(_ text: String) throws {
        if let code = Self.writeAll(Array(text.utf8), to: descriptor) {
            throw OutputFileError(path: path, reason: String(cString: strerror(code)))
        }
    }

    /// Writes every byte to `fd`, again after an interrupted write; returns the errno of a failed write,
    /// nil when all was written.
    static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return errno }
            offset += written
        }
        return nil
    }
}
