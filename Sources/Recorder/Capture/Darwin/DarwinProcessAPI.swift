/// The few macOS kernel calls memhist makes about processes, behind a protocol so that the
/// code over them (``DarwinProcessSource``) compiles and is tested on every platform.
/// ``LibprocProcessAPI`` is the real one (macOS only); tests use a fake with canned values.
///
/// Each call throws ``DarwinProcessAPIError`` as the kernel answered: no such process, or not
/// allowed to look at it.
public protocol DarwinProcessAPI: AnyObject {
    /// Every pid (`proc_listallpids`).
    func listPids() -> [Int32]
    /// The BSD facts of a process (`proc_pidinfo(PROC_PIDTBSDINFO)`).
    func bsdInfo(pid: Int32) throws -> DarwinBSDInfo
    /// The raw `KERN_PROCARGS2` buffer of a process (`sysctl`); see ``ProcArgs2``.
    func processArguments(pid: Int32) throws -> [UInt8]
    /// The executable's path (`proc_pidpath`), when the kernel tells.
    func executablePath(pid: Int32) -> String?
    /// The resource usage counters (`proc_pid_rusage(RUSAGE_INFO_V4)`).
    func resourceUsage(pid: Int32) throws -> DarwinResourceUsage
}

/// How a macOS process call failed.
public enum DarwinProcessAPIError: Error, Sendable, Equatable {
    /// `ESRCH`: there is no such process.
    case noSuchProcess
    /// `EPERM` and the like: another user's process, or one the system protects.
    case notPermitted(call: String)
    /// Any other errno from `call`.
    case failed(call: String, errno: Int32)
}
