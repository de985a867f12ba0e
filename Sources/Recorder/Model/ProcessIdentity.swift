/// Who a process is: its pid and start time, which together name it even after the pid
/// is reused, and what it runs.
public struct ProcessIdentity: Sendable, Hashable {
    /// Process id.
    public var pid: Int32
    /// Start time in clock ticks since boot (field 22 of `/proc/PID/stat`).
    public var startTicks: UInt64
    /// Parent's pid.
    public var parentPid: Int32
    /// Short command name (`comm`, field 2 of `/proc/PID/stat`).
    public var name: String
    /// Command line with its arguments joined by spaces; invalid UTF-8 is replaced
    /// by U+FFFD. Empty for kernel threads and zombies.
    public var commandLine: String
    /// Path of the executable (`/proc/PID/exe`), when readable.
    public var executable: String?

    /// Creates an identity.
    public init(
        pid: Int32, startTicks: UInt64, parentPid: Int32, name: String, commandLine: String, executable: String?
    ) {
        self.pid = pid
        self.startTicks = startTicks
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
