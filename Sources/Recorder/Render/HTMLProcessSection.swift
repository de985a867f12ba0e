/// One process's section of the HTML report (see ``HTMLReportWriter``).
struct HTMLProcessSection {
    let report: ProcessReport
    let writer: HTMLReportWriter

    private var document: ReportDocument { writer.document }
    private var process: StoredProcess { report.process }

    func render() -> String {
        let trend = report.trend
        var out = "<section class=\"process\" id=\"p\(process.id)\">\n"
        out += "<h2>\(process.pid) <span class=\"command\">\(XMLText.escaped(process.displayCommand))</span></h2>\n"
        out += "<p class=\"reason\">\(HTMLReportWriter.badge(trend)) "
        out += "\(XMLText.escaped(report.metric.title)): \(XMLText.escaped(trend.reason))</p>\n"
        out += numbers()
        out += lineChart()
        out += regionChart()
        out += regionTable()
        return out + "</section>\n"
    }

    // MARK: Headline numbers, each with the SQL that reproduces it

    /// The window the report read: after an exec, and within --since/--until.
    private var window: String {
        var condition = "process_id = \(process.id)"
        let since = process.execMs.map { max($0, firstTime ?? $0) } ?? firstTime
        if let since { condition += " AND time_ms >= \(since)" }
        if let last = lastTime { condition += " AND time_ms <= \(last)" }
        return condition
    }

    private var samples: ProcessSamples? { document.samples[process.id] }
    private var firstTime: Int64? { samples?.timesMs.first }
    private var lastTime: Int64? { samples?.timesMs.last }

    private func numbers() -> String {
        let trend = report.trend
        let column = report.metric.sampleColumn
        var cells: [String] = []
        if trend.samples > 0 {
            cells.append(
                number(
                    "Growth of \(report.metric.title)", ByteFormat.signed(trend.growth),
                    "\(ByteFormat.string(trend.first)) to \(ByteFormat.string(trend.last)), minimum "
                        + "\(ByteFormat.string(trend.minimum))",
                    """
                    SELECT (SELECT \(column) FROM sample WHERE \(window) AND \(column) IS NOT NULL ORDER BY time_ms DESC LIMIT 1)
                         - (SELECT \(column) FROM sample WHERE \(window) AND \(column) IS NOT NULL ORDER BY time_ms LIMIT 1);
                    """))
            cells.append(
                number(
                    "Slope", ByteFormat.perHour(trend.slopePerHour),
                    "95% interval \(ByteFormat.perHour(trend.slopeLowPerHour)) to "
                        + "\(ByteFormat.perHour(trend.slopeHighPerHour)) (Theil–Sen over \(trend.samples) samples)",
                    """
                    -- the points the slope is fitted to (the median of pairwise slopes, per hour)
                    SELECT time_ms, \(column) FROM sample WHERE \(window) AND \(column) IS NOT NULL ORDER BY time_ms;
                    """))
        }
        if let peak = report.peakResidentBytes, let time = report.peakResidentTimeMs {
            let kernel = report.kernelPeakResidentBytes.map { ", kernel peak (VmHWM) \(ByteFormat.string($0))" } ?? ""
            cells.append(
                number(
                    "Peak resident", ByteFormat.string(peak), "at \(writer.localTime(time))\(kernel)",
                    """
                    SELECT time_ms, max(\(Metric.rss.sampleColumn)) FROM sample WHERE \(window);
                    """))
        }
        if let first = report.dirtyFirstBytes, let last = report.dirtyLastBytes {
            cells.append(
                number(
                    "Private dirty + swap", "\(ByteFormat.string(first)) to \(ByteFormat.string(last))",
                    "\(ReportRenderer.verdictName(report.dirtyTrend.verdict)), "
                        + ByteFormat.perHour(report.dirtyTrend.slopePerHour),
                    """
                    SELECT time_ms, private_dirty_size + coalesce(swap_size, 0) FROM sample
                    WHERE \(window) AND private_dirty_size IS NOT NULL ORDER BY time_ms;
                    """))
        }
        if trend.verdict == .growing, let began = trend.growthStartMs {
            let since = trend.growingSinceMs.map { "judged growing since \(writer.localTime($0))" }
            cells.append(number("Growth began", writer.localTime(began), since ?? "", nil))
        }
        if let forecast = ReportRenderer.forecastText(report.forecast) {
            cells.append(number("Forecast", "", forecast, nil))
        }
        cells.append(
            number(
                "Samples", "\(report.sampleCount)",
                report.sampleCount == trend.samples
                    ? "every one measured \(report.metric.title)"
                    : "\(trend.samples) measured \(report.metric.title); the others read only the cheap counters",
                "SELECT count(*), count(\(column)) FROM sample WHERE \(window);"))
        return "<div class=\"numbers\">\n" + cells.joined() + "</div>\n"
    }

    private func number(_ label: String, _ value: String, _ detail: String, _ sql: String?) -> String {
        var out = "<div class=\"number\"><div class=\"label\">\(XMLText.escaped(label))</div>"
        if !value.isEmpty { out += "<div class=\"value\">\(XMLText.escaped(value))</div>" }
        out += "<div class=\"detail\">\(XMLText.escaped(detail))</div>"
        // A PromQL series has no database to query.
        if let sql, report.metric != .promql {
            out += "<details><summary>SQL</summary><pre>\(XMLText.escaped(sql))</pre></details>"
        }
        return out + "</div>\n"
    }

    // MARK: Charts

    private func lineChart() -> String {
        guard let samples, samples.count >= 1 else { return "" }
        var series: [ChartSeries] = []
        var trendLine: SVGLineChart.TrendLine?
        for (place, (name, path, metric)) in ProcessSamples.chartedMeasures.enumerated() {
            let points = samples.points(path)
            guard !points.values.isEmpty else { continue }
            series.append(
                ChartSeries(name: name, color: .palette(place), timesMs: points.timesMs, values: points.values))
            if metric == report.metric,
                let fit = TrendLineFit.of(report.trend, timesMs: points.timesMs, values: points.values)
            {
                trendLine = SVGLineChart.TrendLine(
                    startMs: fit.startMs, startValue: fit.startValue, endMs: fit.endMs, endValue: fit.endValue,
                    label: "\(name) \(report.trend.basis == .floor ? "floor trend" : "trend") "
                        + ByteFormat.perHour(report.trend.slopePerHour))
            }
        }
        guard !series.isEmpty else { return "" }
        var peak: SVGLineChart.Peak?
        if let time = report.peakResidentTimeMs, let bytes = report.peakResidentBytes {
            peak = SVGLineChart.Peak(timeMs: time, value: Double(bytes), label: "peak RSS \(ByteFormat.string(bytes))")
        }
        var chart = SVGLineChart(
            title: "Memory of \(process.pid) over time", series: series, trend: trendLine, peak: peak,
            timeZone: writer.timeZone)
        chart.markers = document.marks.filter { $0.sessionID == process.sessionID }.map {
            SVGLineChart.Marker(timeMs: $0.timeMs, label: $0.note)
        }
        return "<figure>\n" + chart.render()
            + "<figcaption>Memory over time (local time). Where a tick read only the cheap counters, the "
            + "page-walk measures have no point.</figcaption>\n</figure>\n"
    }

    private func regionChart() -> String {
        guard let regions = document.regionSeries[process.id], regions.timesMs.count >= 1 else { return "" }
        let layers = zip(regions.labels, regions.values).enumerated().map { place, pair in
            SVGStackedAreaChart.Layer(label: pair.0, values: pair.1.map(Double.init), color: .palette(place))
        }
        let other = SVGStackedAreaChart.Layer(label: "other regions", values: regions.other.map(Double.init))
        let chart = SVGStackedAreaChart(
            title: "\(report.metric.title) of the top growing regions of \(process.pid)", timesMs: regions.timesMs,
            layers: layers, other: other, timeZone: writer.timeZone)
        return "<figure>\n" + chart.render()
            + "<figcaption>\(XMLText.escaped(report.metric.title)) by region at each region capture, the regions "
            + "that grew most at the bottom.</figcaption>\n</figure>\n"
    }

    private func regionTable() -> String {
        let grown = report.regions.filter { $0.growthBytes != 0 }.prefix(12)
        guard !grown.isEmpty else { return "" }
        var out = "<div class=\"scroll\"><table>\n<thead><tr><th>Region</th><th>Kind</th><th class=\"num\">First</th>"
        out +=
            "<th class=\"num\">Last</th><th class=\"num\">Growth</th><th class=\"num\">Share</th></tr></thead>\n<tbody>\n"
        for region in grown {
            out +=
                "<tr><td class=\"command\">\(XMLText.escaped(region.label))</td><td>\(XMLText.escaped(region.kind))</td>"
            out += "<td class=\"num\">\(ByteFormat.string(region.firstBytes))</td>"
            out += "<td class=\"num\">\(ByteFormat.string(region.lastBytes))</td>"
            out += "<td class=\"num\">\(ByteFormat.signed(Double(region.growthBytes)))</td>"
            out += "<td class=\"num\">\(ReportRenderer.percent(region.share))</td></tr>\n"
        }
        out += "</tbody>\n</table></div>\n"
        if let coverage = ReportRenderer.coverageText(report.regionCoverage) {
            out += "<p>\(XMLText.escaped(coverage.prefix(1).uppercased() + coverage.dropFirst())).</p>\n"
        }
        let sql = """
            SELECT label, time, rss_mib, pss_mib, private_dirty_mib FROM region_sample_mib
            WHERE process = \(process.id) ORDER BY label, time;
            """
        return out + "<details><summary>SQL</summary><pre>\(XMLText.escaped(sql))</pre></details>\n"
    }
}
