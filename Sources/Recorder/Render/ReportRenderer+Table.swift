extension ReportRenderer {
    /// The sessions and metric, a row per process (or per group), then each process's details.
    func table() -> String {
        guard let metric = reports.first?.metric else { return nothingToShow }
        let out =
            (sessions.map(sessionHeading) + marks.map(markLine)).joined(separator: "\n")
            + "\nMetric: \(metric.title)\n\n"
        if let grouping { return out + groupTable(grouping) }
        let rows = ReportSelection.folded(ReportSelection.sorted(reports), minimumSamples: trendOptions.minimumSamples)
        var details = ""
        for case .process(let report) in rows where report.trend.samples > 0 { details += self.details(report) }
        return out + processTable(rows) + "\n" + details
    }

    /// Whether rows come from more than one session, and so say which.
    var showsSessions: Bool { sessions.count > 1 }

    /// One row per process, and one per command for its short-lived processes.
    func processTable(_ rows: [ReportRow]) -> String {
        var columns: [(String, TextTable.Alignment)] = showsSessions ? [("SESSION", .right)] : []
        columns += [
            ("PID", .right), ("COMMAND", .left), ("SAMPLES", .right), ("FIRST", .right), ("LAST", .right),
            ("MIN", .right), ("PEAK RSS", .right), ("GROWTH", .right), ("SLOPE", .right), ("TREND", .left),
            ("VERDICT (CONFIDENCE)", .left),
        ]
        var cells: [[String]] = []
        var styles: [[TerminalStyle?]] = []
        var commands: [CommandColumn.Command] = []
        var notes: [String?] = []
        for row in rows {
            switch row {
            case .process(let report):
                let trend = report.trend
                let empty = trend.samples == 0
                cells.append(
                    (showsSessions ? [String(report.process.sessionID)] : []) + [
                        String(report.process.pid), "", samplesText(report),
                        empty ? "-" : ByteFormat.string(trend.first), empty ? "-" : ByteFormat.string(trend.last),
                        empty ? "-" : ByteFormat.string(trend.minimum),
                        report.peakResidentBytes.map(ByteFormat.string) ?? "-",
                        empty ? "-" : ByteFormat.signed(trend.growth),
                        empty ? "-" : ByteFormat.perHour(trend.slopePerHour), Self.sparkline(report.levels),
                        Self.verdictText(trend),
                    ])
                let verdictStyle = colors ? TerminalStyle.of(trend.verdict) : nil
                styles.append(Array(repeating: nil, count: columns.count - 1) + [verdictStyle])
                commands.append(.init(short: report.process.shortCommand, full: report.process.displayCommand))
                notes.append(nil)
            case .shortLived(let folded):
                cells.append((showsSessions ? [String(folded.sessionID)] : []) + ["", ""])
                styles.append([])
                commands.append(.init(short: folded.command, full: folded.command))
                notes.append(" (\(Self.shortLivedText(folded)))")
            }
        }
        return fitted(
            columns, command: showsSessions ? 2 : 1, cells: cells, commands: commands, notes: notes, styles: styles
        ).render()
    }

    /// `×120 short-lived, 1–2 samples each`.
    static func shortLivedText(_ folded: ReportRow.ShortLived) -> String {
        let (fewest, most) = (folded.fewestSamples, folded.mostSamples)
        let samples = fewest == most ? Self.samples(most) : "\(fewest)–\(most) samples"
        return "×\(folded.reports.count) short-lived, \(samples) each"
    }

    /// A table of `cells` whose COMMAND column (column `command`, empty in `cells`) shows
    /// `commands` in the width the other columns leave; a row with a note ends with its command
    /// and the note, running on over the columns to its right.
    func fitted(
        _ columns: [(String, TextTable.Alignment)], command: Int, cells: [[String]],
        commands: [CommandColumn.Command], notes: [String?], styles: [[TerminalStyle?]] = []
    ) -> TextTable {
        var sizing = TextTable(columns)
        for (row, note) in zip(cells, notes) { note == nil ? sizing.add(row) : sizing.addSpanning(row) }
        var others = sizing.columnWidths
        others.remove(at: command)
        let shown = CommandColumn(width: width.commandColumns(besides: others)).cells(commands)
        var table = TextTable(columns)
        for index in cells.indices {
            var row = cells[index]
            row[command] = shown[index] + (notes[index] ?? "")
            let style = index < styles.count ? styles[index] : []
            notes[index] == nil ? table.add(row, styles: style) : table.addSpanning(row, styles: style)
        }
        return table
    }

    /// The lines under the table about one process: its whole command line and the reason for its
    /// verdict, peak resident size, private dirty + swap, forecast and the regions that grew.
    func details(_ report: ProcessReport) -> String {
        let session = showsSessions ? " (session \(report.process.sessionID))" : ""
        var out =
            "\n\(report.process.pid)\(session) \(VisibleText.escaped(report.process.displayCommand)): "
            + "\(reasonText(report.trend))\n"
        if let peak = report.peakResidentBytes, let time = report.peakResidentTimeMs {
            let kernel = report.kernelPeakResidentBytes.map { ", kernel peak (VmHWM) \(ByteFormat.string($0))" } ?? ""
            out += "  peak resident \(ByteFormat.string(peak)) at \(TimeFormat.iso(time))\(kernel)\n"
        }
        if let first = report.dirtyFirstBytes, let last = report.dirtyLastBytes {
            out +=
                "  private dirty + swap \(ByteFormat.string(first)) to \(ByteFormat.string(last)): "
                + "\(Self.verdictText(report.dirtyTrend, saysConfidence: true)), "
                + "\(ByteFormat.perHour(report.dirtyTrend.slopePerHour))\n"
        }
        if let onset = TrendWording.onset(report.trend) { out += "  \(onset)\n" }
        if let forecast = Self.forecastText(report.forecast) { out += "  forecast: \(forecast)\n" }
        let regions = topRegions(report)
        if !regions.isEmpty { out += "  grew in: \(regions)\n" }
        if !regions.isEmpty, let coverage = Self.coverageText(report.regionCoverage) { out += "  \(coverage)\n" }
        return out
    }

    // MARK: Groups

    /// One row per group: its processes' count, the sums of their first, last and peak values and
    /// growth, and how many got each verdict; then what the sums are.
    func groupTable(_ grouping: ProcessGroup.Grouping) -> String {
        let groups = ReportSelection.grouped(ReportSelection.sorted(reports), by: grouping)
        var columns: [(String, TextTable.Alignment)] = showsSessions ? [("SESSION", .right)] : []
        if grouping == .tree { columns.append(("ROOT", .right)) }
        columns += [
            ("COMMAND", .left), ("PROCESSES", .right), ("FIRST", .right), ("LAST", .right), ("PEAK", .right),
            ("GROWTH", .right), ("VERDICTS", .left),
        ]
        var cells: [[String]] = []
        for group in groups {
            let measured = group.measuredCount > 0
            var row = showsSessions ? [String(group.sessionID)] : []
            if grouping == .tree { row.append(group.root.map { String($0.pid) } ?? "-") }
            cells.append(
                row + [
                    "", String(group.processCount), measured ? ByteFormat.string(group.firstBytes) : "-",
                    measured ? ByteFormat.string(group.lastBytes) : "-",
                    measured ? ByteFormat.string(group.peakBytes) : "-",
                    measured ? ByteFormat.signed(group.growthBytes) : "-", Self.verdictCountsText(group.verdictCounts),
                ])
        }
        let commands = groups.map {
            CommandColumn.Command(short: $0.command, full: $0.root?.displayCommand ?? $0.command)
        }
        let table = fitted(
            columns, command: columns.firstIndex { $0.0 == "COMMAND" } ?? 0, cells: cells, commands: commands,
            notes: cells.map { _ in nil })
        return table.render() + "\n\n" + Self.groupSumsText(grouping) + "\n"
    }

    /// What the columns of the group table add up.
    static func groupSumsText(_ grouping: ProcessGroup.Grouping) -> String {
        let what =
            grouping == .tree
            ? "Each row is a process tree: a ROOT and its descendants recorded, by parent pid."
            : "Each row is the processes of one command."
        return what + " FIRST, LAST and PEAK add up each process's own first, last and peak value, "
            + "each at its own time: not the group's total at any one moment (the group never held more "
            + "than PEAK). GROWTH = LAST − FIRST."
    }
}
