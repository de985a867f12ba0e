/// Writes a ``ReportDocument`` as JSON: `{"sessions": [...], "processes": [...]}`, sizes in
/// bytes, times ISO-8601; with the document's series, each process also carries its samples
/// (`series`: parallel arrays, null where a tick did not measure) and its regions over time.
public struct JSONReportWriter {
    /// The document.
    public var document: ReportDocument

    /// Creates a writer.
    public init(document: ReportDocument) {
        self.document = document
    }

    /// The document as one JSON object, ending with a newline.
    ///
    /// - Parameter extra: writes more members into the root object, after `processes`.
    public func write(extra: (inout JSONWriter) -> Void = { _ in }) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.beginArray("sessions")
        for session in document.sessions {
            writer.beginObject()
            writer.sessionMembers(session)
            writer.endObject()
        }
        writer.endArray()
        writer.beginArray("marks")
        for mark in document.marks {
            writer.beginObject()
            writer.value("session", mark.sessionID)
            writer.value("time", TimeFormat.iso(mark.timeMs))
            writer.value("note", mark.note)
            writer.endObject()
        }
        writer.endArray()
        writer.beginArray("processes")
        for report in document.reports {
            let trend = report.trend
            let process = report.process
            writer.beginObject()
            writer.value("session", process.sessionID)
            writer.value("pid", process.pid)
            writer.value("command", process.displayCommand)
            if !process.labels.isEmpty {
                writer.beginObject("labels")
                for (name, value) in process.labels.sorted(by: { $0.key < $1.key }) { writer.value(name, value) }
                writer.endObject()
            }
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
            writer.value("current_slope_bytes_per_hour", trend.currentSlopePerHour, digits: 0)
            writer.value("current_since", trend.currentSinceMs.map(TimeFormat.iso))
            writer.value("growth_began", trend.growthStartMs.map(TimeFormat.iso))
            writer.value("growing_since", trend.growingSinceMs.map(TimeFormat.iso))
            writer.value("p_value", trend.pValue, digits: 6)
            // The series the slopes and verdict were judged on: the metric, or `rss` when it was too sparse.
            writer.value("judged_on", report.judgedOn.rawValue)
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
            if let samples = document.samples[process.id] { Self.write(samples, into: &writer) }
            if let regions = document.regionSeries[process.id] { Self.write(regions, into: &writer) }
            writer.endObject()
        }
        writer.endArray()
        extra(&writer)
        writer.endObject()
        return writer.output + "\n"
    }

    /// `"series": {"time_ms": [...], "detail": [...], "resident_bytes": [...], ...}`.
    private static func write(_ samples: ProcessSamples, into writer: inout JSONWriter) {
        writer.beginObject("series")
        writer.beginArray("time_ms")
        for time in samples.timesMs { writer.value(nil, time) }
        writer.endArray()
        writer.beginArray("detail")
        for detail in samples.details { writer.value(nil, detail.rawValue) }
        writer.endArray()
        let measures: [(String, [Int?])] = [
            ("resident_bytes", samples.resident), ("pss_bytes", samples.proportional), ("uss_bytes", samples.unique),
            ("dirty_swap_bytes", samples.dirtyPlusSwap), ("footprint_bytes", samples.footprint),
            ("promql_value", samples.promql),
        ]
        for (name, values) in measures where values.contains(where: { $0 != nil }) {
            writer.beginArray(name)
            for value in values { writer.value(nil, value) }
            writer.endArray()
        }
        writer.endObject()
    }

    /// `"region_series": {"time_ms": [...], "labels": {"[heap]": [...], ...}, "other": [...]}`.
    private static func write(_ regions: RegionSeries, into writer: inout JSONWriter) {
        writer.beginObject("region_series")
        writer.beginArray("time_ms")
        for time in regions.timesMs { writer.value(nil, time) }
        writer.endArray()
        writer.beginArray("regions")
        for (label, values) in zip(regions.labels, regions.values) {
            writer.beginObject()
            writer.value("label", label)
            writer.beginArray("bytes")
            for value in values { writer.value(nil, value) }
            writer.endArray()
            writer.endObject()
        }
        writer.endArray()
        writer.beginArray("other_bytes")
        for value in regions.other { writer.value(nil, value) }
        writer.endArray()
        writer.endObject()
    }
}
