/// Writes the list of `memhist sessions`: a table for people, JSON for programs.
public struct SessionsRenderer {
    /// The sessions, oldest first.
    public var summaries: [SessionSummary]
    /// The time "recording" and "interrupted" are judged at, Unix ms.
    public var nowMs: Int64
    /// Whether the table colours the state: recording green, interrupted yellow.
    public var colors = false

    /// Creates a renderer.
    public init(summaries: [SessionSummary], nowMs: Int64) {
        self.summaries = summaries
        self.nowMs = nowMs
    }

    /// One row per session: id, start, end (or its state), host, interval, processes, samples and what
    /// it selected (escaped: command lines are other people's text).
    public func table() -> String {
        guard !summaries.isEmpty else { return "No recording sessions yet.\n" }
        var table = TextTable([
            ("ID", .right), ("STARTED", .left), ("ENDED", .left), ("HOST", .left), ("INTERVAL", .right),
            ("PROCESSES", .right), ("SAMPLES", .right), ("SELECTION", .left),
        ])
        for summary in summaries {
            let session = summary.session
            let ended: String
            var style: TerminalStyle?
            switch summary.state(nowMs: nowMs) {
            case .ended: ended = session.endedMs.map(TimeFormat.iso) ?? ""
            case .recording: (ended, style) = ("recording", .green)
            case .interrupted:
                ended = "interrupted" + (summary.lastWrittenMs.map { " (last write \(TimeFormat.iso($0)))" } ?? "")
                style = .yellow
            }
            table.add(
                [
                    String(session.id), TimeFormat.iso(session.startedMs), ended, VisibleText.escaped(session.host),
                    TimeFormat.duration(ms: Double(session.intervalMs)), String(summary.processes),
                    String(summary.samples), VisibleText.escaped(session.selection),
                ], styles: [nil, nil, colors ? style : nil])
        }
        return table.render() + "\n"
    }

    /// `{"sessions": [{"id", "started", "ended", "state", "last_written", "host", "kernel", "interval_ms",
    /// "selection", "regions", "regions_every", "stop_reason", "memhist_version", "processes", "samples"}]}`.
    public func json() -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.beginArray("sessions")
        for summary in summaries {
            let session = summary.session
            writer.beginObject()
            writer.sessionMembers(session)
            writer.value("state", summary.state(nowMs: nowMs).rawValue)
            writer.value("last_written", summary.lastWrittenMs.map(TimeFormat.iso))
            writer.value("kernel", session.kernel)
            writer.value("regions", session.regionsMode)
            writer.value("regions_every", session.regionsEvery)
            writer.value("memhist_version", session.memhistVersion)
            writer.value("processes", summary.processes)
            writer.value("samples", summary.samples)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.output + "\n"
    }
}
