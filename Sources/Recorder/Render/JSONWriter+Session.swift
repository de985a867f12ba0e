extension JSONWriter {
    /// A session's members as every JSON output gives them: `id`, `started`, `ended`, `stop_reason`,
    /// `interval_ms`, `host`, `selection` (into the open object).
    mutating func sessionMembers(_ session: SessionInfo) {
        value("id", session.id)
        value("started", TimeFormat.iso(session.startedMs))
        value("ended", session.endedMs.map(TimeFormat.iso))
        value("stop_reason", session.stopReason)
        value("interval_ms", session.intervalMs)
        value("host", session.host)
        value("selection", session.selection)
    }
}
