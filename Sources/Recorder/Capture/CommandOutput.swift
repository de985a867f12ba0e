#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a program printed and how it ended: for running `vmmap PID`.
///
/// The program is started with posix_spawn and waited for by its pid alone, so it does not
/// disturb a recorder's own SIGCHLD handling or its started command (as Foundation's `Process`
/// would), and both pipes are drained together, so neither can fill and block it.
public struct CommandOutput: Sendable {
    /// The exit status: the code, or 128 + the signal that killed it.
    public var status: Int32
    /// Everything it wrote to standard output.
    public var standardOutput: [UInt8]
    /// Everything it wrote to standard error.
    public var standardError: [UInt8]
    /// How long it ran, in nanoseconds.
    public var elapsedNs: UInt64

    /// Runs `program` (a path) with `arguments` and waits for it.
    ///
    /// - Throws: ``ChildCommand/StartError`` when it cannot be started.
    public static func run(_ program: String, _ arguments: [String]) throws -> CommandOutput {
        let start = SystemFacts.monotonicNs()
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0 else { throw ChildCommand.StartError.spawnFailed(program, errno: errno) }
        guard pipe(&errPipe) == 0 else {
            close(outPipe[0])
            close(outPipe[1])
            throw ChildCommand.StartError.spawnFailed(program, errno: errno)
        }
        for fd in [outPipe[0], errPipe[0]] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        #if canImport(Darwin)
        let environment = _NSGetEnviron().pointee
        #else
        let environment = environ
        #endif
        let code = posix_spawn(&pid, program, &actions, nil, argv, environment)
        close(outPipe[1])
        close(errPipe[1])
        guard code == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            switch code {
            case ENOENT: throw ChildCommand.StartError.notFound(program)
            case EACCES, ENOEXEC: throw ChildCommand.StartError.notExecutable(program)
            default: throw ChildCommand.StartError.spawnFailed(program, errno: code)
            }
        }
        let (output, errors) = drain(outPipe[0], errPipe[0])
        close(outPipe[0])
        close(errPipe[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return CommandOutput(
            status: ChildCommand.decode(status), standardOutput: output, standardError: errors,
            elapsedNs: SystemFacts.monotonicNs() - start)
    }

    /// Reads both descriptors to their ends.
    private static func drain(_ first: Int32, _ second: Int32) -> ([UInt8], [UInt8]) {
        var results: [[UInt8]] = [[], []]
        var open = [first, second]
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while open.contains(where: { $0 >= 0 }) {
            var descriptors = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in descriptors.indices where open[index] >= 0 && descriptors[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(open[index], $0.baseAddress, $0.count) }
                if count > 0 {
                    results[index].append(contentsOf: buffer[0..<count])
                } else if count == 0 || errno != EINTR {
                    open[index] = -1
                }
            }
        }
        return (results[0], results[1])
    }
}
