/// Why a capture of a process failed.
public enum CaptureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The process does not exist (any more): `ENOENT`/`ESRCH` at the boundary, or an
    /// address space that went away (a zombie's empty smaps).
    case processGone(pid: Int32)
    /// The process existed when the capture began and was gone before it ended: it exited in the
    /// middle of the reads. No sample, and no error for the user.
    case processVanished(pid: Int32)
    /// The kernel refused to show the file: another user's process, or ptrace restrictions.
    case permissionDenied(pid: Int32, path: String)
    /// A line of the text could not be read as the format says it should be.
    case malformedLine(source: String, line: Int, text: String)
    /// A size, or the sum of a process's sizes, beyond 1 EiB (``RegionSizes/limit``): the text is
    /// not a real capture; `line` is 0 when it is a sum.
    case sizeOutOfRange(source: String, line: Int)
    /// A file of saved text could not be opened or read as memhist reads a file a user names.
    case unreadableFile(path: String, reason: String)
    /// Text that holds no region at all (an empty file, the wrong file).
    case noRegions(source: String)
    /// `vmmap` could not capture the process (it refused, or printed what the parser refuses).
    case vmmapFailed(pid: Int32, reason: String)
    /// Any other failure of a system call on a path.
    case systemError(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .processGone(let pid):
            return "no process with pid \(pid) (it has exited or never existed); check the pid with ps"
        case .processVanished(let pid):
            return "process \(pid) exited while it was being read"
        case .permissionDenied(let pid, let path):
            guard geteuid() != 0 else {
                return "permission denied reading \(path) of pid \(pid) even as root: a security module "
                    + "(Yama ptrace_scope, SELinux, AppArmor) or the hidepid mount option refuses it"
            }
            return "permission denied reading \(path) of pid \(pid): run memhist as that process's user or as root"
        case .malformedLine(let source, let line, let text):
            let shown = text.count > 80 ? String(text.prefix(77)) + "..." : text
            return "\(source) line \(line) is not in the expected format: \"\(shown)\""
        case .sizeOutOfRange(let source, let line):
            let place = line > 0 ? "\(source) line \(line) holds a size" : "the sizes in \(source) add up to"
            return "\(place) beyond 1 EiB, which no process has: is it a real capture?"
        case .unreadableFile(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .noRegions(let source):
            return "no memory regions found in \(source): is it the right file?"
        case .vmmapFailed(_, let reason):
            return reason
        case .systemError(let path, let errno):
            return "cannot read \(path): \(String(cString: strerror(errno)))"
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
