#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A saved capture named on the command line, opened as memhist opens every file a user names:
/// not through a symbolic link, only a regular file (a FIFO or a device would hang or never
/// end), or `-` for standard input. It is read a block at a time, so a file of any size takes a
/// bounded amount of memory.
public final class InputFile {
    /// The name shown in messages.
    public let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool

    /// Opens `path`, or standard input for `-`.
    ///
    /// - Throws: ``CaptureError/unreadableFile(path:reason:)``.
    public init(path: String) throws {
        if path == "-" {
            name = "standard input"
            descriptor = 0
            ownsDescriptor = false
            return
        }
        name = path
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let reason =
                errno == ELOOP
                ? "it is a symbolic link, which memhist does not follow" : String(cString: strerror(errno))
            throw CaptureError.unreadableFile(path: path, reason: reason)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw CaptureError.unreadableFile(path: path, reason: reason)
        }
        if let kind = DatabaseFile.nonRegularKind(info.st_mode) {
            close(fd)
            throw CaptureError.unreadableFile(path: path, reason: "it is \(kind), not a regular file")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        descriptor = fd
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Reads the file to its end and hands `body` the text in pieces that each end at the end
    /// of a line (the last one at the end of the text).
    ///
    /// - Parameter maximumLine: the longest line accepted; a longer one throws
    ///   ``CaptureError/unreadableFile(path:reason:)`` rather than taking memory without end.
    public func forEachPiece(
        blockSize: Int = 1 << 20, maximumLine: Int = 1 << 16, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        let capacity = blockSize + maximumLine
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var used = 0
        while true {
            let count = read(descriptor, buffer.baseAddress! + used, capacity - used)
            if count < 0 {
                if errno == EINTR { continue }
                throw CaptureError.unreadableFile(path: name, reason: String(cString: strerror(errno)))
            }
            if count == 0 {
                if used > 0 { try body(UnsafeBufferPointer(rebasing: buffer[0..<used])) }
                return
            }
            used += count
            // Hand over everything up to the last newline; keep the partial line.
            guard let lastNewline = buffer[0..<used].lastIndex(of: UInt8(ascii: "\n")) else {
                if used == capacity {
                    throw CaptureError.unreadableFile(
                        path: name, reason: "a line is longer than \(maximumLine / 1024) KiB, which no capture has")
                }
                continue
            }
            let piece = UnsafeBufferPointer(rebasing: buffer[0...lastNewline])
            try body(piece)
            let rest = used - (lastNewline + 1)
            if rest > 0 {
                UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(
                    from: buffer.baseAddress! + lastNewline + 1, byteCount: rest)
            }
            used = rest
        }
    }

    /// The whole file in memory (for formats that need all of it at once).
    public func readAll() throws -> [UInt8] {
        var bytes: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CaptureError.unreadableFile(path: name, reason: String(cString: strerror(errno)))
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: block[0..<count])
        }
    }
}
