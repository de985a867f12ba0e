#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The write end of the self-pipe; set once before the handlers are installed.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// Catches SIGINT, SIGTERM and SIGCHLD (and any signals `also` names) and turns them into events
/// the recording loop waits for together with its next tick (the self-pipe trick: the handler only
/// writes one byte, which is async-signal-safe).
public final class StopSignals {
    private let readEnd: Int32
    private let writeEnd: Int32
    private let caught: [Int32]

    /// Installs the handlers. Only one instance may exist at a time.
    public init(also extra: [Int32] = []) {
        caught = [SIGINT, SIGTERM, SIGCHLD] + extra
        var ends: [Int32] = [-1, -1]
        _ = pipe(&ends)
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        readEnd = ends[0]
        writeEnd = ends[1]
        signalPipeWriteEnd = writeEnd
        // A parent may have left these blocked (the mask is inherited through exec); unblock them.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for number in caught { sigaddset(&unblock, number) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for number in caught {
            _ = signal(number) { received in
                let saved = errno
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(signalPipeWriteEnd, &byte, 1)
                errno = saved
            }
        }
    }

    deinit {
        for number in caught { _ = signal(number, SIG_DFL) }
        signalPipeWriteEnd = -1
        close(readEnd)
        close(writeEnd)
    }

    /// Waits up to `timeoutMs` (0: just look) and returns the signals that arrived,
    /// empty when the time ran out first.
    public func wait(timeoutMs: Int) -> [Int32] {
        var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(clamping: max(0, timeoutMs)))
        guard ready > 0 else { return [] }
        var received: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            guard count > 0 else { break }
            received += buffer[0..<count].map { Int32($0) }
        }
        return received
    }
}
