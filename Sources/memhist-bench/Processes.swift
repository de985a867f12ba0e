import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The pids of every child the benchmark started and has not reaped, in a fixed C array so
/// that a signal handler can kill them without allocating.
///
/// Children are also tied to the benchmark by their stdin: the helpers read a pipe whose
/// only write end the benchmark holds, and exit at end of file, so even `kill -9` of the
/// benchmark takes them down.
enum ChildRegistry {
    private static let capacity = 4096
    nonisolated(unsafe) private static let pids = UnsafeMutablePointer<pid_t>.allocate(capacity: capacity)
    nonisolated(unsafe) private static var count = 0

    /// Remembers a child.
    static func add(_ pid: pid_t) {
        precondition(count < capacity, "too many children")
        pids[count] = pid
        count += 1
    }

    /// Forgets a child that was reaped.
    static func remove(_ pid: pid_t) {
        for index in 0..<count where pids[index] == pid {
            pids[index] = pids[count - 1]
            count -= 1
            return
        }
    }

    /// Sends SIGKILL to every remembered child (async-signal-safe).
    static func killAll() {
        for index in 0..<count where pids[index] > 0 { kill(pids[index], SIGKILL) }
    }

    /// Kills and reaps every remembered child.
    static func reapAll() {
        killAll()
        for index in 0..<count where pids[index] > 0 {
            var status: Int32 = 0
            _ = waitpid(pids[index], &status, 0)
        }
        count = 0
    }

    /// Kills the children and removes the temporary files when the benchmark exits or is
    /// interrupted (SIGINT, SIGTERM, SIGHUP, SIGPIPE).
    static func installCleanup() {
        atexit {
            ChildRegistry.reapAll()
            Files.removeTempRoot()
        }
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                ChildRegistry.killAll()
                Files.removeTempRootFromSignalHandler()
                _exit(128 + number)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
    }
}

/// A process started by the benchmark with `posix_spawn`, killed (and reaped) by
/// ``terminate()`` or, failing that, when the benchmark exits.
final class Child {
    /// Where a standard stream of the child goes.
    enum Stream {
        /// `/dev/null`.
        case null
        /// A pipe to the benchmark.
        case pipe
        /// The benchmark's own stream.
        case inherit
        /// A file (created or truncated).
        case file(String)
    }

    /// The process id.
    let pid: pid_t
    /// The write end of the child's stdin, or -1.
    private(set) var stdinFD: Int32 = -1
    /// The read end of the child's stdout, or -1.
    private(set) var stdoutFD: Int32 = -1
    private var pending: [UInt8] = []
    private var reaped = false

    /// Starts `path` with `arguments` (not including argv[0]).
    init(
        _ path: String, _ arguments: [String], stdin: Stream = .null, stdout: Stream = .null,
        stderr: Stream = .inherit
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var closeInParent: [Int32] = []
        var parentIn: Int32 = -1
        var parentOut: Int32 = -1
        for (fd, stream) in [(Int32(0), stdin), (1, stdout), (2, stderr)] {
            switch stream {
            case .inherit:
                break
            case .null:
                posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
            case .file(let file):
                posix_spawn_file_actions_addopen(&actions, fd, file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            case .pipe:
                var ends: [Int32] = [-1, -1]
                guard pipe(&ends) == 0 else { throw BenchError("pipe: \(String(cString: strerror(errno)))") }
                // Close-on-exec, so that no other child inherits the benchmark's ends.
                for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
                let childEnd = fd == 0 ? ends[0] : ends[1]
                posix_spawn_file_actions_adddup2(&actions, childEnd, fd)
                closeInParent.append(childEnd)
                if fd == 0 { parentIn = ends[1] } else { parentOut = ends[0] }
            }
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, path, &actions, nil, argv, environ)
        for fd in closeInParent { close(fd) }
        guard code == 0 else {
            if parentIn >= 0 { close(parentIn) }
            if parentOut >= 0 { close(parentOut) }
            throw BenchError("cannot start \(path): \(String(cString: strerror(code)))")
        }
        self.pid = pid
        self.stdinFD = parentIn
        self.stdoutFD = parentOut
        ChildRegistry.add(pid)
    }

    deinit {
        terminate()
    }

    /// Reads one line from the child's stdout, without its newline.
    /// - Throws: when the child closes stdout or says nothing within `timeoutMs`.
    func readLine(timeoutMs: Int) throws -> String {
        let deadline = Clock.nowNs() + UInt64(timeoutMs) * 1_000_000
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            let now = Clock.nowNs()
            guard now < deadline else { throw BenchError("pid \(pid) said nothing for \(timeoutMs) ms") }
            var poller = pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min((deadline - now) / 1_000_000 + 1, 1_000)))
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(stdoutFD, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw BenchError("pid \(pid) closed its output (it exited?)") }
            pending.append(contentsOf: chunk[..<count])
        }
    }

    /// Writes a line to the child's stdin.
    func writeLine(_ line: String) throws {
        let bytes = Array((line + "\n").utf8)
        let count = bytes.withUnsafeBytes { write(stdinFD, $0.baseAddress, $0.count) }
        guard count == bytes.count else { throw BenchError("cannot write to pid \(pid)") }
    }

    /// Sends a signal.
    func signal(_ number: Int32) {
        if !reaped { kill(pid, number) }
    }

    /// Waits for the child to exit and returns its wait status and resource usage (CPU of
    /// this child and of any children it reaped).
    @discardableResult
    func wait() -> (status: Int32, usage: rusage) {
        var status: Int32 = 0
        var usage = rusage()
        if !reaped {
            while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
            reaped = true
            ChildRegistry.remove(pid)
            closePipes()
        }
        return (status, usage)
    }

    /// Kills the child (SIGKILL) and reaps it; nothing when it was already reaped.
    func terminate() {
        guard !reaped else { return }
        kill(pid, SIGKILL)
        wait()
    }

    private func closePipes() {
        if stdinFD >= 0 { close(stdinFD) }
        if stdoutFD >= 0 { close(stdoutFD) }
        stdinFD = -1
        stdoutFD = -1
    }

    /// The exit code when the child exited normally, or 128 + the signal that killed it.
    static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

/// Paths of this benchmark and of the memhist binary it runs.
enum Binaries {
    /// This executable (`/proc/self/exe`), which also serves as the helper processes.
    static var selfPath: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The `memhist` binary: the `--memhist` option, else next to this executable.
    nonisolated(unsafe) static var memhistOverride: String?

    /// The memhist binary to run, or an error saying how to build it.
    static func memhist() throws -> String {
        let path = memhistOverride ?? (selfPath as NSString).deletingLastPathComponent + "/memhist"
        guard access(path, X_OK) == 0 else {
            throw BenchError(
                "no memhist binary at \(path): build it with the same scratch path, e.g. "
                    + "`swift build -c release --scratch-path .build-bench --product memhist`, or pass --memhist PATH")
        }
        return path
    }
}
