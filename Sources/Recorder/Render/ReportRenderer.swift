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
    private func command(_ report: ProcessReport, limit: Int) -> String {
        let text = VisibleText.escaped(report.process.displayCommand)
        return text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    /// `120`, or `120 (64 PSS)` when some ticks read only stat and status (the page-walk budget).
    private func samplesText(_ report: ProcessReport) -> String {
        report.sampleCount == report.trend.samples
            ? String(report.sampleCount) : "\(report.sampleCount) (\(report.trend.samples) \(report.metric.title))"
    }

    private func verdictText(_ trend: Trend) -> String {
        trend.verdict == .insufficientData
            ? "insufficient data"
            : "\(trend.verdict.rawValue.replacingOccurrences(of: "_", with: " ")) (\(Int((trend.confidence * 100).rounded()))%)"
    }

    private func sessionHeading(_ session: SessionInfo) -> String {
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
        var writer = JSONWriter()
        writer.beginObject()
        writer.beginArray("sessions")
        for session in sessions {
            writer.beginObject()
            writer.value("id", session.id)
            writer.value("started", TimeFormat.iso(session.startedMs))
            writer.value("ended", session.endedMs.map(TimeFormat.iso))
            writer.value("stop_reason", session.stopReason)
            writer.value("interval_ms", session.intervalMs)
            writer.value("host", session.host)
            writer.value("selection", session.selection)
            writer.endObject()
        }
        writer.endArray()
        writer.beginArray("processes")
        for report in reports {
            let trend = report.trend
            let process = report.process
            writer.beginObject()
            writer.value("session", process.sessionID)
            writer.value("pid", process.pid)
            writer.value("command", process.displayCommand)
            writer.value("metric", report.metric.rawValue)
            writer.value("samples", report.sampleCount)
            writer.value("measured_samples", trend.samples)
            writer.value("duration_ms", trend.durationMs)
            writer.value("first_bytes", trend.samples > 0 ? trend.first : nil)
            writer.value("last_bytes", trend.samples > 0 ? trend.last : nil)
            writer.value("min_bytes", trend.samples > 0 ? trend.minimum : nil)
            writer.value("peak_bytes", trend.samples > 0 ? trend.peak : nil)
            writer.value("peak_time", trend.samples > 0 ? TimeFormat.iso(trend.peakTimeMs) : nil)
            writer.value("peak_resident_bytes", report.peakResidentBytes)
            writer.value("peak_resident_time", report.peakResidentTimeMs.map(TimeFormat.iso))
            writer.value("kernel_peak_resident_bytes", report.kernelPeakResidentBytes)
            writer.value("growth_bytes", trend.samples > 0 ? trend.growth : nil)
            writer.value("slope_bytes_per_hour", trend.slopePerHour, digits: 0)
            writer.value("slope_low_bytes_per_hour", trend.slopeLowPerHour, digits: 0)
            writer.value("slope_high_bytes_per_hour", trend.slopeHighPerHour, digits: 0)
            writer.value("p_value", trend.pValue, digits: 6)
            writer.value("verdict", trend.verdict.rawValue)
            writer.value("confidence", trend.confidence, digits: 3)
            writer.value("reason", trend.reason)
            writer.value("basis", trend.basis.rawValue)
            writer.value("releases", trend.releases)
            writer.value("warm_up_end", trend.warmUpEndTimeMs.map(TimeFormat.iso))
            writer.value("dirty_first_bytes", report.dirtyFirstBytes)
            writer.value("dirty_last_bytes", report.dirtyLastBytes)
            writer.beginObject("dirty_trend")
            writer.value("verdict", report.dirtyTrend.verdict.rawValue)
            writer.value("slope_bytes_per_hour", report.dirtyTrend.slopePerHour, digits: 0)
            writer.value("confidence", report.dirtyTrend.confidence, digits: 3)
            writer.value("reason", report.dirtyTrend.reason)
            writer.endObject()
            writer.beginObject("forecast")
            for horizon in [report.forecast.hostAvailable, report.forecast.cgroupLimit].compactMap({ $0 }) {
                writer.beginObject(horizon.limit)
                writer.value("headroom_bytes", horizon.headroomBytes)
                writer.value("rate_bytes_per_hour", horizon.rateBytesPerHour, digits: 0)
                writer.value("hours", horizon.hours, digits: 3)
                writer.value("eta", horizon.etaMs.map(TimeFormat.iso))
                writer.value("never", horizon.hours == nil)
                writer.endObject()
            }
            writer.endObject()
            writer.beginArray("levels")
            for level in report.levels { writer.value(nil, level, digits: 0) }
            writer.endArray()
            writer.value("end_reason", process.endReason)
            writer.value("exit_status", process.exitStatus)
            if let coverage = report.regionCoverage {
                writer.beginObject("region_coverage")
                writer.value("first_time", TimeFormat.iso(coverage.firstMs))
                writer.value("last_time", TimeFormat.iso(coverage.lastMs))
                writer.value("region_growth_bytes", coverage.regionGrowthBytes, digits: 0)
                writer.value("total_growth_bytes", coverage.totalGrowthBytes, digits: 0)
                writer.value("share", coverage.share, digits: 4)
                writer.endObject()
            }
            writer.beginArray("regions")
            for region in report.regions where region.growthBytes != 0 {
                writer.beginObject()
                writer.value("label", region.label)
                writer.value("kind", region.kind)
                writer.value("first_bytes", region.firstBytes)
                writer.value("last_bytes", region.lastBytes)
                writer.value("growth_bytes", region.growthBytes)
                writer.value("share", region.share, digits: 4)
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.output + "\n"
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
        guard let metric = reports.first?.metric else {
            return "No processes were recorded in the selected sessions.\n"
        }
        var out = "# memhist report\n\n"
        for session in sessions { out += "- \(Self.markdownEscaped(sessionHeading(session)))\n" }
        out += "- Metric: \(metric.title)\n\n"
        out += "| PID | Command | Samples | First | Last | Peak RSS | Growth | Slope | Verdict |\n"
        out += "|---:|---|---:|---:|---:|---:|---:|---:|---|\n"
        for report in reports {
            let trend = report.trend
            let has = trend.samples > 0
            let cells = [
                String(report.process.pid), "`\(command(report, limit: 60).replacingOccurrences(of: "`", with: "'"))`",
                samplesText(report), has ? ByteFormat.string(trend.first) : "-",
                has ? ByteFormat.string(trend.last) : "-",
                report.peakResidentBytes.map(ByteFormat.string) ?? "-", has ? ByteFormat.signed(trend.growth) : "-",
                has ? ByteFormat.perHour(trend.slopePerHour) : "-", verdictText(trend),
            ]
            out += "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        for report in reports where report.trend.samples > 0 {
            out += "\n## \(report.process.pid): \(Self.markdownEscaped(command(report, limit: 80)))\n\n"
            out += "- \(report.metric.title): \(Self.markdownEscaped(report.trend.reason))\n"
            out += "- Trend: `\(Self.sparkline(report.levels))`\n"
            out +=
                "- Private dirty + swap: \(verdictText(report.dirtyTrend)), \(ByteFormat.perHour(report.dirtyTrend.slopePerHour))\n"
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
                    out +=
                        "| `\(VisibleText.escaped(region.label).replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "|", with: "\\|"))` | \(ByteFormat.signed(Double(region.growthBytes))) | \(Int((region.share * 100).rounded()))% |\n"
                }
            }
        }
        return out
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
