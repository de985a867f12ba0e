/// Who a process is: its pid and start time, which together name it even after the pid
/// is reused, and what it runs.
public struct ProcessIdentity: Sendable, Hashable {
    /// Process id.
    public var pid: Int32
    /// When the process started, in its source's own unit: clock ticks after boot on Linux
    /// (field 22 of `/proc/PID/stat`), microseconds since 1970 on macOS (`pbi_start_tvsec` and
    /// `_tvusec`). With the pid it names one process, even when the pid is reused.
    public var startTime: UInt64
    /// When the process started, Unix ms, when the source can tell.
    public var startedMs: Int64?
    /// Parent's pid.
    public var parentPid: Int32
    /// Short command name (`comm` on Linux, `pbi_comm` on macOS): it changes when the process
    /// execs another program.
    public var name: String
    /// Command line with its arguments joined by spaces; a byte that is not valid UTF-8 is kept
    /// as `\xNN`. Empty for kernel threads and zombies.
    public var commandLine: String
    /// Path of the executable (`/proc/PID/exe`, `proc_pidpath`), when readable.
    public var executable: String?

    /// Creates an identity.
    public init(
        pid: Int32, startTime: UInt64, startedMs: Int64? = nil, parentPid: Int32, name: String, commandLine: String,
        executable: String?
    ) {
        self.pid = pid
        self.startTime = startTime
        self.startedMs = startedMs
        self.parentPid = parentPid
        self.name = name
        self.commandLine = commandLine
        self.executable = executable
    }

    /// What to show for the process: the command line, or `[name]` when it has none.
    public var displayCommand: String {
        commandLine.isEmpty ? "[\(name)]" : commandLine
    }
}
