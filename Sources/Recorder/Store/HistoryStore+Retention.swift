extension HistoryStore {
    /// What ``applyRetention(_:downsampleBefore:sparing:nowMs:removing:)`` did.
    public struct RetentionOutcome: Sendable, Equatable {
        /// The sessions removed, oldest first.
        public var removedSessions: [Int64]
        /// The samples thinned away.
        public var thinnedSamples: Int
        /// Whether the freed space went back to the file system (see ``reclaimSpace()``); true when nothing
        /// was freed.
        public var reclaimed: Bool
    }

    /// Applies retention, as `memhist prune` and a recorder's `--retain`/`--downsample-after` do: removes
    /// the sessions `policy` names (never `sparing`), thins the samples before `downsampleBefore`, and gives
    /// the freed space back. `removing` is told of each session just before it goes.
    public func applyRetention(
        _ policy: RetentionPolicy, downsampleBefore: Int64?, sparing: Int64? = nil, nowMs: Int64,
        removing: (SessionSummary) -> Void = { _ in }
    ) throws -> RetentionOutcome {
        var outcome = RetentionOutcome(removedSessions: [], thinnedSamples: 0, reclaimed: true)
        if policy.olderThanMs != nil || policy.keepSessions != nil {
            let summaries = try sessionSummaries()
            let byID = Dictionary(uniqueKeysWithValues: summaries.map { ($0.session.id, $0) })
            for id in policy.sessionsToRemove(summaries, nowMs: nowMs) where id != sparing {
                if let summary = byID[id] { removing(summary) }
                try removeSession(id: id)
                outcome.removedSessions.append(id)
            }
        }
        if let downsampleBefore { outcome.thinnedSamples = try downsample(before: downsampleBefore) }
        if !outcome.removedSessions.isEmpty || outcome.thinnedSamples > 0 { outcome.reclaimed = try reclaimSpace() }
        return outcome
    }
}
