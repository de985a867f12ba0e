/// Writes a ``ReportDocument`` as Markdown for a ticket: the sessions, a summary table, and per
/// process its verdict and reason, a sparkline, a Mermaid `xychart-beta` chart of its series
/// (when the document has them), its forecast and its region growth. Text from processes is
/// escaped for Markdown (``ReportRenderer/markdownEscaped(_:)``).
public struct MarkdownReportWriter {
    /// The document.
    public var document: ReportDocument
    /// How many regions to list per process (twice this many in the region table).
    public var regionsShown: Int

    /// Creates a writer.
    public init(document: ReportDocument, regionsShown: Int = 3) {
        self.document = document
        self.regionsShown = regionsShown
    }

    private var renderer: ReportRenderer {
        ReportRenderer(reports: document.reports, sessions: document.sessions)
    }

    /// The document in Markdown, ending with a newline.
    public func write() -> String {
        let reports = document.reports
        let sessions = document.sessions
        guard let metric = reports.first?.metric else {
            return "No processes were recorded in the selected sessions.\n"
        }
        var out = "# memhist report\n\n"
        for session in sessions { out += "- \(ReportRenderer.markdownEscaped(renderer.sessionHeading(session)))\n" }
        out += "- Metric: \(metric.title)\n\n"
        out += "| PID | Command | Samples | First | Last | Peak RSS | Growth | Slope | Verdict |\n"
        out += "|---:|---|---:|---:|---:|---:|---:|---:|---|\n"
        for report in reports {
            let trend = report.trend
            let has = trend.samples > 0
            let cells = [
                String(report.process.pid),
                "`\(renderer.command(report, limit: 60).replacingOccurrences(of: "`", with: "'"))`",
                renderer.samplesText(report), has ? ByteFormat.string(trend.first) : "-",
                has ? ByteFormat.string(trend.last) : "-",
                report.peakResidentBytes.map(ByteFormat.string) ?? "-", has ? ByteFormat.signed(trend.growth) : "-",
                has ? ByteFormat.perHour(trend.slopePerHour) : "-", renderer.verdictText(trend),
            ]
            out += "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        for report in reports where report.trend.samples > 0 {
            out +=
                "\n## \(report.process.pid): \(ReportRenderer.markdownEscaped(renderer.command(report, limit: 80)))\n\n"
            out += "- \(report.metric.title): \(ReportRenderer.markdownEscaped(report.trend.reason))\n"
            out += "- Trend: `\(ReportRenderer.sparkline(report.levels))`\n"
            if let samples = document.samples[report.process.id] { out += MermaidChart.block(samples) }
            out +=
                "- Private dirty + swap: \(renderer.verdictText(report.dirtyTrend)), \(ByteFormat.perHour(report.dirtyTrend.slopePerHour))\n"
            if let forecast = ReportRenderer.forecastText(report.forecast) {
                out += "- Forecast: \(ReportRenderer.markdownEscaped(forecast))\n"
            }
            let grown = report.regions.filter { $0.growthBytes > 0 }.prefix(regionsShown * 2)
            if !grown.isEmpty, let coverage = ReportRenderer.coverageText(report.regionCoverage) {
                out += "- Regions: \(coverage)\n"
            }
            if !grown.isEmpty {
                out += "\n| Region | Growth | Share |\n|---|---:|---:|\n"
                for region in grown {
                    out +=
                        "| `\(VisibleText.escaped(region.label).replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "|", with: "\\|"))` | \(ByteFormat.signed(Double(region.growthBytes))) | \(Int((region.share * 100).rounded()))% |\n"
                }
            }
        }
        return out
    }
}
