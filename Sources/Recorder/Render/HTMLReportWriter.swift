/// Writes a ``ReportDocument`` as one self-contained HTML page: inline CSS and SVG charts, no
/// script, no network, no web font; readable on a laptop and a phone, and printable.
///
/// The page has a header per session (host, kernel, when, interval, duration, what was
/// selected, memhist's version), a summary table of the processes with verdict badges, and per
/// process its verdict and the reason in words, its headline numbers each with the SQL that
/// reproduces it, a chart of PSS, RSS, USS and private dirty + swap over time with the trend
/// line and the peak, a stacked chart of its top growing regions, and its region growth table.
///
/// Every text from a process or a file (command lines, labels, paths, host names) goes through
/// ``XMLText``: control characters and invalid UTF-8 as visible escapes, then markup escaped.
/// The page is also well-formed XML, so any XML parser can check it.
public struct HTMLReportWriter {
    /// The document.
    public var document: ReportDocument
    /// The time zone of times shown (charts and headers); ISO-8601 UTC times are given beside.
    public var timeZone: ClockZone

    /// Creates a writer.
    public init(document: ReportDocument, timeZone: ClockZone = .system) {
        self.document = document
        self.timeZone = timeZone
    }

    /// The page.
    public func write() -> String {
        var out = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(XMLText.escaped(pageTitle))</title>
            <style>
            \(HTMLStyle.css)
            </style>
            </head>
            <body>
            <header>
            <h1>memhist report</h1>

            """
        for session in document.sessions { out += sessionFacts(session) }
        if !document.marks.isEmpty {
            out += "<p>Marks:</p>\n<ul class=\"marks\">\n"
            for mark in document.marks {
                let session = document.sessions.count > 1 ? " (session \(mark.sessionID))" : ""
                out += "<li>\(XMLText.escaped(localTime(mark.timeMs)))\(session): \(XMLText.escaped(mark.note))</li>\n"
            }
            out += "</ul>\n"
        }
        out += "<p>Metric: <strong>\(XMLText.escaped(document.metric.title))</strong>. "
        out += document.metric == .promql ? "Prometheus: " : "Database: "
        out += "<code>\(XMLText.escaped(document.location))</code>. Times are local (\(zoneName)).</p>\n"
        out += "</header>\n"
        out += summary()
        for report in document.reports { out += HTMLProcessSection(report: report, writer: self).render() }
        out += "<footer>Made by memhist \(XMLText.escaped(MemhistVersion.current)) at "
        out += "\(XMLText.escaped(localTime(document.generatedMs))). The confidence after a verdict is a heuristic "
        out += "score from 0 to 100% (evidence, precision and consistency of the trend), not a probability.</footer>\n"
        out += "</body>\n</html>\n"
        return out
    }

    private var pageTitle: String {
        let hosts = Set(document.sessions.map(\.host)).sorted().joined(separator: ", ")
        let start = document.sessions.first.map { localTime($0.startedMs) } ?? ""
        return "memhist report: \(hosts) \(start)"
    }

    private func sessionFacts(_ session: SessionInfo) -> String {
        let lastSample = document.reports.filter { $0.process.sessionID == session.id }.map(\.process.lastSeenMs).max()
        let end = session.endedMs ?? lastSample
        var facts: [(String, String)] = [
            ("Session", "\(session.id)"),
            ("Host", session.host),
            ("Kernel", session.kernel),
            (
                "Recorded",
                "\(localTime(session.startedMs)) to "
                    + (session.endedMs.map(localTime) ?? "still recording")
            ),
            ("Interval", TimeFormat.duration(ms: session.intervalMs)),
            ("Duration", end.map { TimeFormat.duration(ms: max(0, $0 - session.startedMs)) } ?? "-"),
            ("Selected", session.selection),
            ("Recorded by", "memhist \(session.memhistVersion)"),
        ]
        if let reason = session.stopReason {
            facts.append(("Stopped", reason.replacing("_", with: " ")))
        }
        var out = "<dl class=\"facts\">\n"
        for (name, value) in facts {
            out += "<dt>\(name)</dt><dd>\(XMLText.escaped(value))</dd>\n"
        }
        return out + "</dl>\n"
    }

    private func summary() -> String {
        guard !document.reports.isEmpty else { return "<p>No processes were recorded in the selected sessions.</p>\n" }
        var out = "<section>\n<h2>Processes</h2>\n<div class=\"scroll\"><table class=\"summary\">\n"
        out += "<thead><tr><th class=\"num\">PID</th><th>Command</th><th>Verdict (confidence)</th>"
        out += "<th class=\"num\">Growth</th><th class=\"num\">Slope</th><th class=\"num\">Peak RSS</th>"
        out += "<th class=\"num\">Samples</th></tr></thead>\n<tbody>\n"
        for report in document.reports {
            let trend = report.trend
            let has = trend.samples > 0
            out += "<tr><td class=\"num\"><a href=\"#p\(report.process.id)\">\(report.process.pid)</a></td>"
            // The executable's name and the arguments, which tell processes apart; the whole
            // command line heads the process's section.
            out += "<td class=\"command\" title=\"\(XMLText.escaped(report.process.displayCommand))\">"
            out += "\(XMLText.escaped(Self.cut(report.process.shortCommand, 90)))</td>"
            out += "<td>\(Self.badge(trend))</td>"
            out += "<td class=\"num\">\(has ? ByteFormat.signed(trend.growth) : "-")</td>"
            out += "<td class=\"num\">\(has ? ByteFormat.perHour(trend.slopePerHour) : "-")</td>"
            out += "<td class=\"num\">\(report.peakResidentBytes.map(ByteFormat.string) ?? "-")</td>"
            out += "<td class=\"num\">\(report.sampleCount)</td></tr>\n"
        }
        return out + "</tbody>\n</table></div>\n</section>\n"
    }

    // MARK: Pieces the sections share

    /// A verdict badge with its confidence.
    static func badge(_ trend: Trend) -> String {
        let name = trend.verdict.rawValue
        let text = ReportRenderer.verdictName(trend.verdict)
        let confidence =
            trend.verdict == .insufficientData ? "" : " (\(ReportRenderer.percent(trend.confidence)))"
        return "<span class=\"badge \(name)\">\(text)</span>\(confidence)"
    }

    /// `text` cut to `limit` characters with an ellipsis.
    static func cut(_ text: String, _ limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    /// A time in the page's time zone, with its offset.
    func localTime(_ ms: Int64) -> String {
        let local = timeZone.localTime(ms)
        return local.date + " " + local.hourMinuteSecond + " " + local.offset
    }

    private var zoneName: String {
        timeZone.identifier
    }
}
