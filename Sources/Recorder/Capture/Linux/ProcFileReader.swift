#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files under /proc into one buffer that it reuses from read to read.
///
/// /proc files report a size of 0, so the reader reads until `read` returns 0, growing the
/// buffer when a file is larger than any before. Errors are mapped at this boundary:
/// `ENOENT`/`ESRCH` mean the process is gone, `EACCES`/`EPERM` permission denied.
/// Not thread-safe: one reader per thread.
public final class ProcFileReader {
    private var buffer: UnsafeMutableRawBufferPointer

    /// Creates a reader with an initial buffer of `capacity` bytes.
    public init(capacity: Int = 64 * 1024) {
        buffer = .allocate(byteCount: max(capacity, 4096), alignment: 16)
    }

    deinit {
        buffer.deallocate()
    }

    /// Reads the whole file at `path` and hands its bytes to `body`; the bytes are valid only
    /// during the call.
    ///
    /// - Parameter pid: the process the file belongs to, named in the error.
    /// - Throws: ``CaptureError/processGone(pid:)``, ``CaptureError/permissionDenied(pid:path:)``
    ///   or ``CaptureError/systemError(path:errno:)``.
    public func withContents<T>(
        of path: String, pid: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T
    ) throws -> T {
        let fd = try openFile(path, pid: pid)
        defer { close(fd) }
        var used = 0
        while true {
            let count = try readMore(fd, after: used, path: path, pid: pid)
            if count == 0 { break }
            used += count
        }
        let bytes = UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: used)
        return try body(bytes)
    }

    /// Reads the file at `path` to its end and hands `body` its text in pieces that each end at
    /// the end of a line (the last one at the end of the text), through the same buffer: a
    /// large file (the smaps of a process with thousands of mappings) is never held whole, so a
    /// new reader's buffer stays small and in cache instead of growing and copying.
    ///
    /// - Parameter pid: the process the file belongs to, named in the error.
    /// - Throws: what ``withContents(of:pid:_:)`` throws, and what `body` throws.
    public func forEachPiece(
        of path: String, pid: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        let fd = try openFile(path, pid: pid)
        defer { close(fd) }
        var used = 0
        while true {
            // The buffer grows only when full without a line break: a line longer than it.
            let count = try readMore(fd, after: used, path: path, pid: pid)
            let bytes = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            if count == 0 {
                if used > 0 { try body(UnsafeBufferPointer(start: bytes, count: used)) }
                return
            }
            var lastNewline = used + count - 1
            while lastNewline >= used, bytes[lastNewline] != UInt8(ascii: "\n") { lastNewline -= 1 }
            used += count
            guard lastNewline >= used - count else { continue }
            try body(UnsafeBufferPointer(start: bytes, count: lastNewline + 1))
            // The partial line after the last break moves to the front.
            let rest = used - (lastNewline + 1)
            if rest > 0 { buffer.baseAddress!.copyMemory(from: bytes + lastNewline + 1, byteCount: rest) }
            used = rest
        }
    }

    /// Reads the whole file at `path` into a new array.
    public func bytes(of path: String, pid: Int32) throws -> [UInt8] {
        try withContents(of: path, pid: pid) { Array($0) }
    }

    /// Opens `path` for reading.
    private func openFile(_ path: String, pid: Int32) throws -> Int32 {
        try retryingInterrupts { open(path, O_RDONLY | O_CLOEXEC) }
            .get(orThrow: { Self.error(errno: $0, path: path, pid: pid) })
    }

    /// Reads what comes next from `fd` into the buffer after its first `used` bytes, growing the
    /// buffer first when they fill it; returns the count read, 0 at the end of the file.
    private func readMore(_ fd: Int32, after used: Int, path: String, pid: Int32) throws -> Int {
        if used == buffer.count { grow() }
        return try retryingInterrupts { read(fd, buffer.baseAddress! + used, buffer.count - used) }
            .get(orThrow: { Self.error(errno: $0, path: path, pid: pid) })
    }

    private func grow() {
        let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
        larger.copyMemory(from: UnsafeRawBufferPointer(buffer))
        buffer.deallocate()
        buffer = larger
    }

    /// Maps an errno from open/read on a /proc file to the error a caller can act on.
    static func error(errno code: Int32, path: String, pid: Int32) -> CaptureError {
        switch code {
        case ENOENT, ESRCH: return .processGone(pid: pid)
        case EACCES, EPERM: return .permissionDenied(pid: pid, path: path)
        default: return .systemError(path: path, errno: code)
        }
    }
}

/// The result of a system call that returns -1 and sets errno on failure.
enum SystemCallResult<Value> {
    case success(Value)
    case failure(Int32)

    func get(orThrow makeError: (Int32) -> some Error) throws -> Value {
        switch self {
        case .success(let value): return value
        case .failure(let code): throw makeError(code)
        }
    }
}

/// Calls `body` until it does not fail with `EINTR`.
func retryingInterrupts<T: BinaryInteger>(_ body: () -> T) -> SystemCallResult<T> {
    while true {
        let result = body()
        if result >= 0 { return .success(result) }
        if errno != EINTR { return .failure(errno) }
    }
}
