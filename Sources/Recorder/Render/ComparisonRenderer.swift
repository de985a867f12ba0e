/// Renders a ``RunComparison`` as a table, JSON, CSV or Markdown.
public struct ComparisonRenderer {
    /// The comparison.
    public var comparison: RunComparison
    /// Describes the baseline run (database and session).
    public var baselineName: String
    /// Describes the candidate run.
    public var candidateName: String

    /// Creates a renderer.
    public init(comparison: RunComparison, baselineName: String, candidateName: String) {
        self.comparison = comparison
        self.baselineName = baselineName
        self.candidateName = candidateName
    }

    /// The comparison in `format`, ending with a newline.
    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .table: return table(markdown: false)
        case .markdown: return table(markdown: true)
        case .json: return json()
        case .csv: return csv()
        }
    }

    private func cells(_ row: RunComparison.Row) -> [String] {
        func growth(_ report: ProcessReport?) -> String {
            guard let report, report.trend.samples > 0 else { return "-" }
            return ByteFormat.signed(report.trend.growth)
        }
        func slope(_ report: ProcessReport?) -> String {
            report.map { ByteFormat.perHour($0.trend.slopePerHour) } ?? "-"
        }
        func peak(_ report: ProcessReport?) -> String { report?.peakResidentBytes.map(ByteFormat.string) ?? "-" }
        func verdict(_ report: ProcessReport?) -> String { report?.trend.verdict.rawValue ?? "absent" }
        let shown = VisibleText.escaped(row.command)
        let command = shown.count > 48 ? String(shown.prefix(47)) + "…" : shown
        return [
            command, growth(row.baseline), growth(row.candidate), slope(row.baseline), slope(row.candidate),
            row.slopeChange.map(ByteFormat.perHour) ?? "-", peak(row.baseline), peak(row.candidate),
            row.peakChange.map { ByteFormat.signed(Double($0)) } ?? "-",
            verdict(row.baseline) + " → " + verdict(row.candidate),
        ]
    }

    private func table(markdown: Bool) -> String {
        let headers = [
            "COMMAND", "GROWTH A", "GROWTH B", "SLOPE A", "SLOPE B", "SLOPE Δ", "PEAK A", "PEAK B", "PEAK Δ",
            "VERDICT A → B",
        ]
        let baseline = VisibleText.escaped(baselineName)
        let candidate = VisibleText.escaped(candidateName)
        var out = "A: \(baseline)\nB: \(candidate)\n\n"
        if markdown {
            out =
                "# memhist comparison\n\n- A: \(ReportRenderer.markdownEscaped(baseline))\n"
                + "- B: \(ReportRenderer.markdownEscaped(candidate))\n\n"
            out +=
                "| " + headers.joined(separator: " | ") + " |\n|---|"
                + String(repeating: "---:|", count: headers.count - 2) + "---|\n"
            for row in comparison.rows {
                out +=
                    "| " + cells(row).map { $0.replacing("|", with: "\\|") }.joined(separator: " | ")
                    + " |\n"
            }
            return out
        }
        var table = TextTable(headers.enumerated().map { ($1, $0 == 0 || $0 == headers.count - 1 ? .left : .right) })
        for row in comparison.rows { table.add(cells(row)) }
        return out + table.render() + "\n"
    }

    private func json() -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.value("baseline", baselineName)
        writer.value("candidate", candidateName)
        writer.beginArray("commands")
        for row in comparison.rows {
            writer.beginObject()
            writer.value("command", row.command)
            for (name, report) in [("baseline", row.baseline), ("candidate", row.candidate)] {
                guard let report else {
                    writer.value(name, nil as String?)
                    continue
                }
                writer.beginObject(name)
                writer.value("session", report.process.sessionID)
                writer.value("pid", report.process.pid)
                writer.value("samples", report.sampleCount)
                writer.value("growth_bytes", report.trend.samples > 0 ? report.trend.growth : nil)
                writer.value("slope_bytes_per_hour", report.trend.slopePerHour, digits: 0)
                writer.value("peak_resident_bytes", report.peakResidentBytes)
                writer.value("verdict", report.trend.verdict.rawValue)
                writer.endObject()
            }
            writer.value("growth_change_bytes", row.growthChange, digits: 0)
            writer.value("slope_change_bytes_per_hour", row.slopeChange, digits: 0)
            writer.value("peak_change_bytes", row.peakChange)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.output + "\n"
    }

    private func csv() -> String {
        var lines = [
            "command,baseline_pid,candidate_pid,baseline_growth_bytes,candidate_growth_bytes,baseline_slope_bytes_per_hour,"
                + "candidate_slope_bytes_per_hour,baseline_peak_resident_bytes,candidate_peak_resident_bytes,"
                + "baseline_verdict,candidate_verdict"
        ]
        func number(_ value: Double?) -> String { value.map(ByteFormat.wholeNumber) ?? "" }
        for row in comparison.rows {
            let a = row.baseline
            let b = row.candidate
            lines.append(
                [
                    ReportRenderer.csvField(row.command), a.map { String($0.process.pid) } ?? "",
                    b.map { String($0.process.pid) } ?? "",
                    number(a.flatMap { $0.trend.samples > 0 ? $0.trend.growth : nil }),
                    number(b.flatMap { $0.trend.samples > 0 ? $0.trend.growth : nil }), number(a?.trend.slopePerHour),
                    number(b?.trend.slopePerHour), a?.peakResidentBytes.map(String.init) ?? "",
                    b?.peakResidentBytes.map(String.init) ?? "", a?.trend.verdict.rawValue ?? "",
                    b?.trend.verdict.rawValue ?? "",
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
