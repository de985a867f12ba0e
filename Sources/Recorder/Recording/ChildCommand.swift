#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A command memhist starts and records until it exits.
public final class ChildCommand {
    /// Why a command could not be started.
    public enum StartError: Error, CustomStringConvertible, Equatable {
        /// The program is not in PATH, or no file is at its path.
        case notFound(String)
        /// The program's file is there but cannot be executed (no execute permission, a directory).
        case notExecutable(String)
        /// posix_spawn failed.
        case spawnFailed(String, errno: Int32)

        public var description: String {
            switch self {
            case .notFound(let program):
                return "command not found: \(program) (give a path, or check PATH)"
            case .notExecutable(let program):
                return "cannot execute \(program): it is not an executable file (check its permissions)"
            case .spawnFailed(let program, let code):
                return "cannot start \(program): \(String(cString: strerror(code)))"
            }
        }
    }

    /// The child's pid.
    public let pid: pid_t
    /// The exit status once it has been reaped: its code, or 128 + the signal that killed it.
    public private(set) var exitStatus: Int32?

    /// Checks that `program` can be run: a path to an executable file, or a name found in PATH.
    ///
    /// - Throws: ``StartError/notFound(_:)`` when there is no such file,
    ///   ``StartError/notExecutable(_:)`` when there is one that cannot be executed.
    public static func checkRunnable(_ program: String) throws {
        let candidates: [String]
        if program.contains("/") {
            candidates = [program]
        } else {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            candidates = path.split(separator: ":", omittingEmptySubsequences: false).map {
                ($0.isEmpty ? "." : String($0)) + "/" + program
            }
        }
        var foundOne = false
        for candidate in candidates {
            var info = stat()
            guard stat(candidate, &info) == 0 else { continue }
            foundOne = true
            if (info.st_mode & S_IFMT) == S_IFREG && access(candidate, X_OK) == 0 { return }
        }
        throw foundOne ? StartError.notExecutable(program) : StartError.notFound(program)
    }

    /// Starts `arguments` (program first, looked up in PATH) with memhist's environment and
    /// standard streams, and default signal handling.
    public init(arguments: [String]) throws {
        precondition(!arguments.isEmpty)
        #if canImport(Darwin)
        var attributes: posix_spawnattr_t? = nil
        #else
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGTERM, SIGCHLD, SIGPIPE] { sigaddset(&defaults, number) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var child: pid_t = 0
        #if canImport(Darwin)
        let environment = _NSGetEnviron().pointee
        #else
        let environment = environ
        #endif
        let code = posix_spawnp(&child, arguments[0], nil, &attributes, argv, environment)
        guard code == 0 else {
            switch code {
            case ENOENT: throw StartError.notFound(arguments[0])
            case EACCES, ENOEXEC, EISDIR: throw StartError.notExecutable(arguments[0])
            default: throw StartError.spawnFailed(arguments[0], errno: code)
            }
        }
        pid = child
    }

    /// Reaps the child if it has exited; returns whether it has.
    @discardableResult
    public func poll() -> Bool {
        if exitStatus != nil { return true }
        return reap(options: WNOHANG)
    }

    /// Blocks until the child exits and returns its status.
    public func waitForExit() -> Int32 {
        while exitStatus == nil { _ = reap(options: 0) }
        return exitStatus ?? 0
    }

    /// Waits until the child exits, asking `stopRequested` between checks whether to kill it
    /// (SIGKILL) instead: for a command that ignores the stop signal it was sent.
    public func waitForExit(killingWhen stopRequested: () -> Bool) -> Int32 {
        while !poll() {
            if stopRequested() {
                send(SIGKILL)
                return waitForExit()
            }
        }
        return exitStatus ?? 0
    }

    /// Sends `signal` to the child if it is still running.
    public func send(_ signal: Int32) {
        if exitStatus == nil { kill(pid, signal) }
    }

    private func reap(options: Int32) -> Bool {
        var status: Int32 = 0
        let result = waitpid(pid, &status, options)
        if result == pid {
            exitStatus = Self.decode(status)
            return true
        }
        if result < 0 && errno != EINTR {
            exitStatus = exitStatus ?? 0
            return true
        }
        return false
    }

    /// The shell's convention: the exit code, or 128 + the number of the signal that killed it.
    static func decode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
