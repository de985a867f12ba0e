/// The cheap facts about a process that discovery decides on: who it is (pid and start
/// time), its parent and name, and whether it is a process memhist can record at all.
public struct ProcessGlance: Sendable, Hashable {
    /// Process id.
    public var pid: Int32
    /// When it started, in its source's unit (see ``ProcessIdentity/startTime``).
    public var startTime: UInt64
    /// When it started, Unix ms, when the source can tell.
    public var startedMs: Int64?
    /// Parent's pid.
    public var parentPid: Int32
    /// Short name (`comm`): it changes when the process execs another program.
    public var name: String
    /// A kernel thread (Linux), which has no address space of its own.
    public var isKernelThread: Bool
    /// A zombie or a process on its way out: nothing left to capture.
    public var isGone: Bool

    /// Creates a glance.
    public init(
        pid: Int32, startTime: UInt64, startedMs: Int64? = nil, parentPid: Int32, name: String,
        isKernelThread: Bool = false, isGone: Bool = false
    ) {
        self.pid = pid
        self.startTime = startTime
        self.startedMs = startedMs
        self.parentPid = parentPid
        self.name = name
        self.isKernelThread = isKernelThread
        self.isGone = isGone
    }
}
