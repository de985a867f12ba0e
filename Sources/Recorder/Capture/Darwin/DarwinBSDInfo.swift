/// What `proc_pidinfo(PROC_PIDTBSDINFO)` tells about a process, in Swift types.
public struct DarwinBSDInfo: Sendable, Hashable {
    /// `pbi_pid`.
    public var pid: Int32
    /// `pbi_ppid`.
    public var parentPid: Int32
    /// `pbi_status`: ``zombieStatus`` for a process that exited and was not reaped.
    public var status: UInt32
    /// `pbi_name` when set, else `pbi_comm`: the short name, which changes with an exec.
    public var name: String
    /// `pbi_start_tvsec` and `pbi_start_tvusec`: when it started.
    public var startSeconds: UInt64
    /// Microseconds past ``startSeconds``.
    public var startMicroseconds: UInt64

    /// `SZOMB` in `sys/proc.h`.
    public static let zombieStatus: UInt32 = 5

    /// Creates a value.
    public init(
        pid: Int32, parentPid: Int32, status: UInt32, name: String, startSeconds: UInt64, startMicroseconds: UInt64
    ) {
        self.pid = pid
        self.parentPid = parentPid
        self.status = status
        self.name = name
        self.startSeconds = startSeconds
        self.startMicroseconds = startMicroseconds
    }

    /// The start time in microseconds since 1970: what tells a reused pid apart.
    public var startMicrosecondsSinceEpoch: UInt64 {
        startSeconds &* 1_000_000 &+ startMicroseconds
    }
}
