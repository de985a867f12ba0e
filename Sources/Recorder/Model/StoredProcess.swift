/// A process as stored in a session.
public struct StoredProcess: Sendable, Hashable {
    /// Row id.
    public var id: Int64
    /// The session it was recorded in.
    public var sessionID: Int64
    /// Process id.
    public var pid: Int32
    /// Start time in its source's unit (see ``ProcessIdentity/startTime``).
    public var startTime: UInt64
    /// Parent's pid.
    public var parentPid: Int32?
    /// The kernel's short name.
    public var name: String
    /// The command line.
    public var command: String
    /// When it was first and last sampled, Unix ms.
    public var firstSeenMs: Int64
    /// When it was last sampled, Unix ms.
    public var lastSeenMs: Int64
    /// When it exec'd the program it runs, Unix ms (the time of the first sample after the
    /// exec); its samples before are its launcher's. Nil: no exec seen.
    public var execMs: Int64?
    /// exited, vanished, unreadable; nil when it was alive when recording stopped.
    public var endReason: String?
    /// Exit status of a command memhist started.
    public var exitStatus: Int32?
    /// The labels of a PromQL series read as a process (``PrometheusHistoryReader``); empty for a
    /// recorded process.
    public var labels: [String: String] = [:]

    /// The command line, or `[name]` when it has none.
    public var displayCommand: String { command.isEmpty ? "[\(name)]" : command }
}
