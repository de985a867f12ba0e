import Foundation

/// Renders process reports as a table, JSON, CSV or Markdown.
public struct ReportRenderer {
    /// The reports, one per process.
    public var reports: [ProcessReport]
    /// The sessions they come from.
    public var sessions: [SessionInfo]
    /// How many regions to list per process in the table and Markdown.
    public var regionsShown = 3

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
        case .csv: return csv()
        case .markdown: return markdown()
        }
    }

    /// The command line, control characters escaped, cut to `limit` characters.
    func command(_ report: ProcessReport, limit: Int) -> String {
        let text = VisibleText.escaped(report.process.displayCommand)
        return text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    /// `120`, or `120 (64 PSS)` when some ticks read only stat and status (the page-walk budget).
    func samplesText(_ report: ProcessReport) -> String {
        report.sampleCount == report.trend.samples
            ? String(report.sampleCount) : "\(report.sampleCount) (\(report.trend.samples) \(report.metric.title))"
    }

    func verdictText(_ trend: Trend) -> String {
        trend.verdict == .insufficientData
            ? "insufficient data"
            : "\(trend.verdict.rawValue.replacingOccurrences(of: "_", with: " ")) (\(Int((trend.confidence * 100).rounded()))%)"
    }

    func sessionHeading(_ session: SessionInfo) -> String {
        let end = session.endedMs.map { TimeFormat.iso($0) } ?? "not closed"
        return
            "Session \(session.id): \(TimeFormat.iso(session.startedMs)) to \(end), every \(TimeFormat.duration(ms: session.intervalMs)), \(VisibleText.escaped(session.selection))"
    }

    private func topRegions(_ report: ProcessReport) -> String {
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

    /// A line of block characters, one per level, scaled from the lowest to the highest.
    static func sparkline(_ levels: [Double]) -> String {
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        guard let low = levels.min(), let high = levels.max() else { return "" }
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

    // MARK: Table

    private func table() -> String {
        guard let metric = reports.first?.metric else {
            return "No processes were recorded in the selected sessions.\n"
        }
        var out = sessions.map(sessionHeading).joined(separator: "\n") + "\nMetric: \(metric.title)\n\n"
        var table = TextTable([
            ("PID", .right), ("COMMAND", .left), ("SAMPLES", .right), ("FIRST", .right), ("LAST", .right),
            ("MIN", .right), ("PEAK RSS", .right), ("GROWTH", .right), ("SLOPE", .right), ("TREND", .left),
            ("VERDICT", .left),
        ])
        for report in reports {
            let trend = report.trend
            let empty = trend.samples == 0
            table.add([
                String(report.process.pid), command(report, limit: 40), samplesText(report),
                empty ? "-" : ByteFormat.string(trend.first), empty ? "-" : ByteFormat.string(trend.last),
                empty ? "-" : ByteFormat.string(trend.minimum), report.peakResidentBytes.map(ByteFormat.string) ?? "-",
                empty ? "-" : ByteFormat.signed(trend.growth), empty ? "-" : ByteFormat.perHour(trend.slopePerHour),
                Self.sparkline(report.levels), verdictText(trend),
            ])
        }
        out += table.render() + "\n"
        for report in reports where report.trend.samples > 0 {
            out += "\n\(report.process.pid) \(command(report, limit: 60)): \(report.trend.reason)\n"
            if let peak = report.peakResidentBytes, let time = report.peakResidentTimeMs {
                let kernel =
                    report.kernelPeakResidentBytes.map { ", kernel peak (VmHWM) \(ByteFormat.string($0))" } ?? ""
                out += "  peak resident \(ByteFormat.string(peak)) at \(TimeFormat.iso(time))\(kernel)\n"
            }
            if let first = report.dirtyFirstBytes, let last = report.dirtyLastBytes {
                out +=
                    "  private dirty + swap \(ByteFormat.string(first)) to \(ByteFormat.string(last)): "
                    + "\(verdictText(report.dirtyTrend)), \(ByteFormat.perHour(report.dirtyTrend.slopePerHour))\n"
            }
            if let forecast = Self.forecastText(report.forecast) { out += "  forecast: \(forecast)\n" }
            let regions = topRegions(report)
            if !regions.isEmpty { out += "  grew in: \(regions)\n" }
            if !regions.isEmpty, let coverage = Self.coverageText(report.regionCoverage) {
                out += "  \(coverage)\n"
            }
        }
        return out
    }

    // MARK: JSON

    private func json() -> String {
        JSONReportWriter(
            document: ReportDocument(
                location: "", sessions: sessions, metric: reports.first?.metric ?? .pss, reports: reports,
                generatedMs: 0)
        ).write()
    }

    // MARK: CSV

    private func csv() -> String {
        var lines = [
            "session,pid,command,metric,samples,duration_ms,first_bytes,last_bytes,min_bytes,peak_bytes,"
                + "peak_resident_bytes,growth_bytes,slope_bytes_per_hour,verdict,confidence,dirty_verdict,"
                + "dirty_slope_bytes_per_hour,forecast_hours,top_region,top_region_growth_bytes"
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
                String(format: "%.3f", trend.confidence), report.dirtyTrend.verdict.rawValue,
                report.dirtyTrend.slopePerHour.isFinite ? Self.integer(report.dirtyTrend.slopePerHour) : "",
                report.forecast.soonest?.hours.map { String(format: "%.3f", $0) } ?? "",
                Self.csvField(top?.label ?? ""),
                top.map { String($0.growthBytes) } ?? "",
            ]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func integer(_ value: Double) -> String { ByteFormat.wholeNumber(value) }

    /// A field of another person's text: control characters escaped (``VisibleText``), then RFC
    /// 4180 quoting: fields with commas, quotes or line breaks are quoted, quotes doubled.
    static func csvField(_ raw: String) -> String {
        let text = VisibleText.escaped(raw)
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: Markdown

    private func markdown() -> String {
        MarkdownReportWriter(
            document: ReportDocument(
                location: "", sessions: sessions, metric: reports.first?.metric ?? .pss, reports: reports,
                generatedMs: 0),
            regionsShown: regionsShown
        ).write()
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
