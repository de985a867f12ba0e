extension ReportRenderer {
    /// The report as Markdown: the sessions, a table of processes (or groups) as the terminal's
    /// table orders and folds them, then a section per process.
    func markdown() -> String {
        guard let metric = reports.first?.metric else { return nothingToShow }
        var out = "# memhist report\n\n"
        for session in sessions { out += "- \(Self.markdownEscaped(sessionHeading(session)))\n" }
        for mark in marks { out += "- \(Self.markdownEscaped(markLine(mark)))\n" }
        out += "- Metric: \(metric.title)\n\n"
        if let grouping { return out + markdownGroups(grouping) }
        let rows = ReportSelection.folded(ReportSelection.sorted(reports), minimumSamples: trendOptions.minimumSamples)
        let session = showsSessions ? ["Session"] : []
        let headers =
            session + [
                "PID", "Command", "Samples", "First", "Last", "Peak RSS", "Growth", "Slope", "Verdict (confidence)",
            ]
        out += Self.markdownRow(headers)
        out += Self.markdownRule(
            (showsSessions ? [.right] : []) + [.right, .left] + Array(repeating: .right, count: 6) + [.left])
        let commands = CommandColumn(width: 60).cells(
            rows.map { row in
                switch row {
                case .process(let report):
                    return .init(short: report.process.shortCommand, full: report.process.displayCommand)
                case .shortLived(let folded): return .init(short: folded.command, full: folded.command)
                }
            })
        for (row, command) in zip(rows, commands) {
            switch row {
            case .process(let report):
                let trend = report.trend
                let has = trend.samples > 0
                out += Self.markdownRow(
                    (showsSessions ? [String(report.process.sessionID)] : []) + [
                        String(report.process.pid), Self.markdownCode(command), samplesText(report),
                        has ? ByteFormat.string(trend.first) : "-", has ? ByteFormat.string(trend.last) : "-",
                        report.peakResidentBytes.map(ByteFormat.string) ?? "-",
                        has ? ByteFormat.signed(trend.growth) : "-", has ? ByteFormat.perHour(trend.slopePerHour) : "-",
                        Self.verdictText(trend),
                    ])
            case .shortLived(let folded):
                out += Self.markdownRow(
                    (showsSessions ? [String(folded.sessionID)] : []) + [
                        "", Self.markdownCode(command) + " (\(Self.shortLivedText(folded)))", "", "", "", "", "", "",
                        "insufficient data",
                    ])
            }
        }
        for case .process(let report) in rows where report.trend.samples > 0 {
            let session = showsSessions ? " (session \(report.process.sessionID))" : ""
            out += "\n## \(report.process.pid)\(session): \(Self.markdownEscaped(report.process.displayCommand))\n\n"
            out += "- \(report.metric.title): \(Self.markdownEscaped(reasonText(report.trend)))\n"
            if let onset = TrendWording.onset(report.trend) { out += "- Onset: \(onset)\n" }
            let sparkline = Self.sparkline(report.levels)
            if !sparkline.isEmpty { out += "- Trend: `\(sparkline)`\n" }
            if let series = samples[report.process.id] { out += MermaidChart.block(series) }
            out +=
                "- Private dirty + swap: \(Self.verdictText(report.dirtyTrend, saysConfidence: true)), "
                + "\(ByteFormat.perHour(report.dirtyTrend.slopePerHour))\n"
            if let forecast = Self.forecastText(report.forecast) {
                out += "- Forecast: \(Self.markdownEscaped(forecast))\n"
            }
            let grown = report.regions.filter { $0.growthBytes > 0 }.prefix(regionsShown * 2)
            if !grown.isEmpty, let coverage = Self.coverageText(report.regionCoverage) {
                out += "- Regions: \(coverage)\n"
            }
            if !grown.isEmpty {
                out += "\n| Region | Growth | Share |\n|---|---:|---:|\n"
                for region in grown {
                    out += Self.markdownRow([
                        Self.markdownCode(VisibleText.escaped(region.label)),
                        ByteFormat.signed(Double(region.growthBytes)), Self.percent(region.share),
                    ])
                }
            }
        }
        return out
    }

    /// The group table in Markdown, and what its sums are.
    private func markdownGroups(_ grouping: ProcessGroup.Grouping) -> String {
        let groups = ReportSelection.grouped(ReportSelection.sorted(reports), by: grouping)
        let lead = (showsSessions ? ["Session"] : []) + (grouping == .tree ? ["Root"] : [])
        var out = Self.markdownRow(lead + ["Command", "Processes", "First", "Last", "Peak", "Growth", "Verdicts"])
        out += Self.markdownRule(lead.map { _ in .right } + [.left] + Array(repeating: .right, count: 5) + [.left])
        let commands = CommandColumn(width: 60).cells(
            groups.map { .init(short: $0.command, full: $0.root?.displayCommand ?? $0.command) })
        for (group, command) in zip(groups, commands) {
            let measured = group.measuredCount > 0
            var row = showsSessions ? [String(group.sessionID)] : []
            if grouping == .tree { row.append(group.root.map { String($0.pid) } ?? "-") }
            out += Self.markdownRow(
                row + [
                    Self.markdownCode(command), String(group.processCount),
                    measured ? ByteFormat.string(group.firstBytes) : "-",
                    measured ? ByteFormat.string(group.lastBytes) : "-",
                    measured ? ByteFormat.string(group.peakBytes) : "-",
                    measured ? ByteFormat.signed(group.growthBytes) : "-", Self.verdictCountsText(group.verdictCounts),
                ])
        }
        return out + "\n" + Self.groupSumsText(grouping) + "\n"
    }

    /// `| a | b |` and a newline, each `|` in a cell escaped.
    static func markdownRow(_ cells: [String]) -> String {
        "| " + cells.map { $0.replacing("|", with: "\\|") }.joined(separator: " | ") + " |\n"
    }

    /// The line under a Markdown table's header: `|---:|---|`.
    static func markdownRule(_ alignments: [TextTable.Alignment]) -> String {
        "|" + alignments.map { $0 == .right ? "---:|" : "---|" }.joined() + "\n"
    }

    /// Text shown escaped as inline code, its backticks made quotes.
    static func markdownCode(_ text: String) -> String {
        "`" + VisibleText.escaped(text).replacing("`", with: "'") + "`"
    }
}
