/// One recording session as `memhist sessions` lists it: the session, what it holds, and whether it is
/// still recording.
public struct SessionSummary: Sendable, Equatable {
    /// Whether a session ended, is still being recorded, or was cut off.
    public enum State: String, Sendable, CaseIterable {
        /// The recorder stored its end.
        case ended
        /// No end yet, and the recorder wrote recently (see ``SessionSummary/state(nowMs:)``).
        case recording
        /// No end, and nothing written for a while: the recorder was killed (or the machine stopped).
        case interrupted
    }

    /// The session.
    public var session: SessionInfo
    /// Processes recorded.
    public var processes: Int
    /// Process samples stored.
    public var samples: Int
    /// The last time anything of the session was written (a sample or a host row), Unix ms; nil when
    /// nothing was.
    public var lastWrittenMs: Int64?

    /// Creates a summary; ``HistoryStore/sessionSummaries()`` is the usual source.
    public init(session: SessionInfo, processes: Int, samples: Int, lastWrittenMs: Int64?) {
        self.session = session
        self.processes = processes
        self.samples = samples
        self.lastWrittenMs = lastWrittenMs
    }

    /// Ended when an end is stored; otherwise recording while the last write is at most
    /// ``quietLimitMs(intervalMs:)`` old at `nowMs`, else interrupted.
    public func state(nowMs: Int64) -> State {
        guard session.endedMs == nil else { return .ended }
        let last = max(lastWrittenMs ?? session.startedMs, session.startedMs)
        return nowMs - last <= Self.quietLimitMs(intervalMs: session.intervalMs) ? .recording : .interrupted
    }

    /// How long a live recorder may go without writing: three intervals, and at least 30 s (a recorder
    /// waiting for `--match` targets writes only host rows, every 10 s).
    public static func quietLimitMs(intervalMs: Int64) -> Int64 {
        max(30_000, 3 * max(intervalMs, 0))
    }
}
