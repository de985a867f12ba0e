/// Renders process reports as a table, JSON, CSV or Markdown.
///
/// The table and Markdown list the processes most urgent first (``ReportSelection/sorted(_:)``)
/// and fold the short-lived ones of a command into one row; JSON and CSV keep every process, in
/// the order given. With a ``grouping``, every format gives the groups' totals (JSON besides the
/// processes).
public struct ReportRenderer {
    /// The reports, one per process.
    public var reports: [ProcessReport]
    /// The sessions they come from.
    public var sessions: [SessionInfo]
    /// How many regions to list per process in the table and Markdown.
    public var regionsShown = 3
    /// The width the table fits: its COMMAND column takes what the other columns leave.
    public var width = TableWidth.fallback
    /// The thresholds the trends were judged with; a process with fewer samples than
    /// ``TrendOptions/minimumSamples`` folds into its command's row of the table.
    public var trendOptions = TrendOptions.default
    /// Totals per command or process tree instead of a row per process; nil: a row per process.
    public var grouping: ProcessGroup.Grouping?
    /// How many processes of the sessions the filters left out of ``reports``.
    public var filteredOut = 0
    /// Each process's samples by process row id: Markdown then draws a Mermaid chart of each.
    public var samples: [Int64: ProcessSamples] = [:]
    /// The marks of the sessions in the window, listed under the sessions.
    public var marks: [Mark] = []
    /// Whether the table colours its verdicts (``TerminalStyle``); the other formats never do.
    public var colors = false

    /// Creates a renderer.
    public init(reports: [ProcessReport], sessions: [SessionInfo]) {
        self.reports = reports
        self.sessions = sessions
    }

    /// The report in `format`, ending with a newline.
    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .table: return table()
        case .json: return json()
        case .csv: return grouping.map(groupCSV) ?? csv()
        case .markdown: return markdown()
        }
    }

    /// `120`, or `120 (64 PSS)` when some ticks read only stat and status (the page-walk budget).
    func samplesText(_ report: ProcessReport) -> String {
        report.sampleCount == report.trend.samples
            ? String(report.sampleCount) : "\(report.sampleCount) (\(report.trend.samples) \(report.metric.title))"
    }

    /// `1 sample`, `2 samples`.
    static func samples(_ count: Int) -> String {
        count == 1 ? "1 sample" : "\(count) samples"
    }

    /// `growing (99%)`, or `growing (confidence 99%)`: the verdict and its confidence, a heuristic
    /// score (``Trend/confidence``); `insufficient data` alone.
    static func verdictText(_ trend: Trend, saysConfidence: Bool = false) -> String {
        guard trend.verdict != .insufficientData else { return "insufficient data" }
        return "\(verdictName(trend.verdict)) (\(saysConfidence ? "confidence " : "")\(percent(trend.confidence)))"
    }

    /// `levelled off`.
    static func verdictName(_ verdict: Verdict) -> String {
        verdict.rawValue.replacing("_", with: " ")
    }

    /// `97%`.
    static func percent(_ fraction: Double) -> String {
        fraction.isFinite ? "\(Int((fraction * 100).rounded()))%" : "?"
    }

    /// The trend's one-line reason; for a process with fewer samples than a verdict needs, said
    /// here with the count in the singular when it is one.
    func reasonText(_ trend: Trend) -> String {
        let needed = max(3, trendOptions.minimumSamples)
        guard trend.verdict == .insufficientData, trend.samples < needed else { return trend.reason }
        return "\(Self.samples(trend.samples)) over \(TimeFormat.duration(ms: trend.durationMs)): too few to judge "
            + "(a verdict needs at least \(needed) over at least \(TimeFormat.duration(ms: trendOptions.minimumDurationMs)))"
    }

    /// `Session 2: 2026-…Z to 2026-…Z, every 1.0 s, --pid 42`; a session without an end says it
    /// is still recording (its recorder may also have been killed: nothing else closes it).
    func sessionHeading(_ session: SessionInfo) -> String {
        let span =
            session.endedMs.map { "\(TimeFormat.iso(session.startedMs)) to \(TimeFormat.iso($0))" }
            ?? "from \(TimeFormat.iso(session.startedMs)), still recording (or its recorder was killed)"
        return "Session \(session.id): \(span), every \(TimeFormat.duration(ms: session.intervalMs)), "
            + VisibleText.escaped(session.selection)
    }

    /// `mark 2026-11-27T15:53:30.000Z: deploy v2` (with its session when several are shown), the note
    /// escaped.
    func markLine(_ mark: Mark) -> String {
        let session = showsSessions ? " (session \(mark.sessionID))" : ""
        return "mark \(TimeFormat.iso(mark.timeMs))\(session): \(VisibleText.escaped(mark.note))"
    }

    /// What the table and Markdown say when there is no process to show.
    var nothingToShow: String {
        switch filteredOut {
        case 0: return "No processes were recorded in the selected sessions.\n"
        case 1: return "The one process of the selected sessions does not pass the filters.\n"
        default: return "None of the \(filteredOut) processes of the selected sessions passes the filters.\n"
        }
    }

    /// `2 growing, 1 stable, 120 insufficient data`, in ``ReportSelection/verdictOrder``.
    static func verdictCountsText(_ counts: [Verdict: Int]) -> String {
        ReportSelection.verdictOrder.compactMap { verdict in
            counts[verdict].map { "\($0) \(verdictName(verdict))" }
        }.joined(separator: ", ")
    }

    func topRegions(_ report: ProcessReport) -> String {
        let grown = report.regions.filter { $0.growthBytes > 0 }.prefix(regionsShown)
        guard !grown.isEmpty else { return "" }
        return grown.map {
            "\(VisibleText.escaped($0.label)) \(ByteFormat.signed(Double($0.growthBytes))) (\(Int(($0.share * 100).rounded()))%)"
        }
        .joined(separator: ", ")
    }

    /// "regions cover +39.9 MiB of +47.8 MiB growth (83%), to 12:00:03", when the total grew.
    static func coverageText(_ coverage: RegionCoverage?) -> String? {
        guard let coverage, let share = coverage.share else { return nil }
        return "regions cover \(ByteFormat.signed(coverage.regionGrowthBytes)) of "
            + "\(ByteFormat.signed(coverage.totalGrowthBytes)) growth (\(Int((share * 100).rounded()))%), "
            + "region captures \(TimeFormat.iso(coverage.firstMs)) to \(TimeFormat.iso(coverage.lastMs))"
    }

    /// A line of block characters, one per level, scaled from the lowest to the highest; empty
    /// for a single level (one sample has no shape).
    static func sparkline(_ levels: [Double]) -> String {
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        guard levels.count > 1, let low = levels.min(), let high = levels.max() else { return "" }
        guard high > low else { return String(repeating: blocks[0], count: levels.count) }
        return String(
            levels.map {
                blocks[min(blocks.count - 1, Int(($0 - low) / (high - low) * Double(blocks.count - 1) + 0.5))]
            })
    }

    /// "fills the cgroup limit (1.00 GiB left) in 3.2 h, at …", "never at this rate", or nil
    /// when nothing was recorded about the host.
    static func forecastText(_ forecast: Forecast) -> String? {
        let horizons = [forecast.cgroupLimit, forecast.hostAvailable].compactMap { $0 }
        guard !horizons.isEmpty else { return nil }
        return horizons.map { horizon in
            let what = horizon.limit == "cgroup_limit" ? "cgroup limit" : "host's available memory"
            guard let hours = horizon.hours, let eta = horizon.etaMs else {
                return "\(what) (\(ByteFormat.string(horizon.headroomBytes)) left): never at this rate"
            }
            return "\(what) (\(ByteFormat.string(horizon.headroomBytes)) left) filled in "
                + "\(TimeFormat.duration(ms: Int64(hours * 3_600_000))), at \(TimeFormat.iso(eta))"
        }.joined(separator: "; ")
    }

    // MARK: JSON

    func json() -> String {
        JSONReportWriter(
            document: ReportDocument(
                location: "", sessions: sessions, metric: reports.first?.metric ?? .pss, reports: reports,
                generatedMs: 0, marks: marks)
        ).write { writer in
            if let grouping { writeGroups(grouping, to: &writer) }
        }
    }

    /// `"grouping"` and `"groups": [...]`, the groups in the order of their first process.
    private func writeGroups(_ grouping: ProcessGroup.Grouping, to writer: inout JSONWriter) {
        writer.value("grouping", grouping.rawValue)
        writer.beginArray("groups")
        for group in ReportSelection.grouped(reports, by: grouping) {
            let measured = group.measuredCount > 0
            writer.beginObject()
            writer.value("session", group.sessionID)
            writer.value("command", group.command)
            if grouping == .tree { writer.value("root_pid", group.root?.pid) }
            writer.value("processes", group.processCount)
            writer.value("measured_processes", group.measuredCount)
            writer.beginArray("pids")
            for report in group.reports { writer.value(nil, report.process.pid) }
            writer.endArray()
            writer.value("first_bytes", measured ? group.firstBytes : nil, digits: 0)
            writer.value("last_bytes", measured ? group.lastBytes : nil, digits: 0)
            writer.value("peak_bytes", measured ? group.peakBytes : nil, digits: 0)
            writer.value("growth_bytes", measured ? group.growthBytes : nil, digits: 0)
            writer.beginObject("verdicts")
            let counts = group.verdictCounts
            for verdict in ReportSelection.verdictOrder { writer.value(verdict.rawValue, counts[verdict] ?? 0) }
            writer.endObject()
            writer.endObject()
        }
        writer.endArray()
    }

    // MARK: CSV

    func csv() -> String {
        var lines = [
            "session,pid,command,metric,samples,duration_ms,first_bytes,last_bytes,min_bytes,peak_bytes,"
                + "peak_resident_bytes,growth_bytes,slope_bytes_per_hour,verdict,confidence,dirty_verdict,"
                + "dirty_slope_bytes_per_hour,forecast_hours,top_region,top_region_growth_bytes,judged_on,"
                + "growth_began,growing_since"
        ]
        for report in reports {
            let trend = report.trend
            let has = trend.samples > 0
            let top = report.regions.first { $0.growthBytes > 0 }
            let fields: [String] = [
                String(report.process.sessionID), String(report.process.pid),
                Self.csvField(report.process.displayCommand),
                report.metric.rawValue, String(report.sampleCount), String(trend.durationMs),
                has ? Self.integer(trend.first) : "", has ? Self.integer(trend.last) : "",
                has ? Self.integer(trend.minimum) : "", has ? Self.integer(trend.peak) : "",
                report.peakResidentBytes.map(String.init) ?? "", has ? Self.integer(trend.growth) : "",
                trend.slopePerHour.isFinite ? Self.integer(trend.slopePerHour) : "", trend.verdict.rawValue,
                CFormat.fixed(trend.confidence, digits: 3), report.dirtyTrend.verdict.rawValue,
                report.dirtyTrend.slopePerHour.isFinite ? Self.integer(report.dirtyTrend.slopePerHour) : "",
                report.forecast.soonest?.hours.map { CFormat.fixed($0, digits: 3) } ?? "",
                Self.csvField(top?.label ?? ""),
                top.map { String($0.growthBytes) } ?? "",
                report.judgedOn.rawValue,
                trend.growthStartMs.map(TimeFormat.iso) ?? "", trend.growingSinceMs.map(TimeFormat.iso) ?? "",
            ]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row per group: its session, root pid (trees), command, processes, the sums of their
    /// first, last and peak bytes and growth, and how many got each verdict.
    func groupCSV(_ grouping: ProcessGroup.Grouping) -> String {
        let verdicts = ReportSelection.verdictOrder
        var lines = [
            "session,root_pid,command,metric,processes,measured_processes,first_bytes,last_bytes,peak_bytes,"
                + "growth_bytes," + verdicts.map(\.rawValue).joined(separator: ",")
        ]
        for group in ReportSelection.grouped(reports, by: grouping) {
            let measured = group.measuredCount > 0
            let counts = group.verdictCounts
            let fields: [String] =
                [
                    String(group.sessionID), group.root.map { String($0.pid) } ?? "", Self.csvField(group.command),
                    group.reports.first?.metric.rawValue ?? "", String(group.processCount),
                    String(group.measuredCount), measured ? Self.integer(group.firstBytes) : "",
                    measured ? Self.integer(group.lastBytes) : "", measured ? Self.integer(group.peakBytes) : "",
                    measured ? Self.integer(group.growthBytes) : "",
                ] + verdicts.map { String(counts[$0] ?? 0) }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func integer(_ value: Double) -> String { ByteFormat.wholeNumber(value) }

    /// A field of another person's text: control characters escaped (``VisibleText``), then RFC
    /// 4180 quoting: fields with commas, quotes or line breaks are quoted, quotes doubled.
    static func csvField(_ raw: String) -> String {
        let text = VisibleText.escaped(raw)
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }

    /// Markdown's markup characters backslash-escaped, control characters shown as escapes.
    static func markdownEscaped(_ raw: String) -> String {
        let text = VisibleText.escaped(raw)
        var out = ""
        for character in text {
            if "\\`*_[]<>|#".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
