/// Which recording sessions `memhist prune` removes: those older than an age, those beyond the newest N, or
/// both. A session still recording is never removed.
public struct RetentionPolicy: Sendable, Equatable {
    /// Remove sessions whose last write (or end) is older than this, ms; nil: no age limit.
    public var olderThanMs: Int64?
    /// Keep at most this many of the newest sessions; nil: no count limit.
    public var keepSessions: Int?

    /// Creates a policy; with neither limit it removes nothing.
    public init(olderThanMs: Int64? = nil, keepSessions: Int? = nil) {
        self.olderThanMs = olderThanMs
        self.keepSessions = keepSessions
    }

    /// The ids of the sessions to remove at `nowMs`, oldest first.
    public func sessionsToRemove(_ summaries: [SessionSummary], nowMs: Int64) -> [Int64] {
        let newestFirst = summaries.sorted {
            ($0.session.startedMs, $0.session.id) > ($1.session.startedMs, $1.session.id)
        }
        var remove: Set<Int64> = []
        for (rank, summary) in newestFirst.enumerated() where summary.state(nowMs: nowMs) != .recording {
            let last =
                [summary.session.endedMs, summary.lastWrittenMs].compactMap { $0 }.max()
                ?? summary.session.startedMs
            if let olderThanMs, nowMs - last > olderThanMs { remove.insert(summary.session.id) }
            if let keepSessions, rank >= keepSessions { remove.insert(summary.session.id) }
        }
        return summaries.map(\.session.id).filter(remove.contains)
    }
}
