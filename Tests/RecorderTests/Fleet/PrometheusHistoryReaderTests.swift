import Foundation
import Testing

@testable import Recorder

@Suite("PrometheusHistoryReader: the report over PromQL series")
struct PrometheusHistoryReaderTests {
    static func reader() throws -> PrometheusHistoryReader {
        let series = try PrometheusResponse.series(
            status: 200, body: Array(try TestSupport.fixture("prometheus", "query_range_fleet.json").utf8))
        let range = PrometheusRange(startMs: 1_764_230_400_000, endMs: 1_764_241_200_000, stepMs: 60_000)
        return PrometheusHistoryReader(
            url: "http://prometheus:9090", host: "prometheus:9090", query: #"process_resident_memory_bytes{job="api"}"#,
            range: range, series: series)
    }

    static func reports(_ reader: PrometheusHistoryReader) throws -> [ProcessReport] {
        var builder = ReportBuilder(reader: reader)
        builder.metric = .promql
        return try builder.build(.all)
    }

    @Test func theLeakingSeriesIsGrowingAndTheFlatOnesStable() throws {
        let reports = try Self.reports(try Self.reader())
        #expect(reports.count == 4)
        let verdicts = Dictionary(
            uniqueKeysWithValues: reports.map { ($0.process.labels["instance"]!, $0.trend.verdict) })
        #expect(verdicts["api-2.prod:9100"] == .growing)
        #expect(verdicts["api-1.prod:9100"] == .stable)
        #expect(verdicts["api-3.prod:9100"] == .stable)
        let growing = try #require(reports.first { $0.trend.verdict == .growing })
        // 0.4 MiB a minute: 24 MiB an hour, inside the interval.
        #expect(abs(growing.trend.slopePerHour - 24 * 1_048_576) < 2 * 1_048_576)
        #expect(growing.trend.slopeLowPerHour <= growing.trend.slopePerHour)
        #expect(growing.metric == .promql)
        // Most urgent first, as the table sorts.
        #expect(ReportSelection.sorted(reports).first?.process.labels["instance"] == "api-2.prod:9100")
    }

    @Test func eachSeriesIsAProcessOfOneSession() throws {
        let reader = try Self.reader()
        let sessions = try reader.sessions()
        #expect(sessions.count == 1)
        #expect(sessions[0].host == "prometheus:9090")
        #expect(sessions[0].intervalMs == 60_000)
        #expect(sessions[0].selection == #"process_resident_memory_bytes{job="api"}"#)
        let processes = try reader.processes(sessionIDs: [1])
        #expect(processes.map(\.pid) == [1, 2, 3, 4])
        #expect(processes[0].command == #"process_resident_memory_bytes{instance="api-1.prod:9100", job="api"}"#)
        #expect(processes[0].shortCommand == #"{instance="api-1.prod:9100", job="api"}"#)
        let window = try reader.series(
            processID: 1, metric: .promql, sinceMs: 1_764_230_400_000, untilMs: 1_764_230_400_000 + 5 * 60_000)
        #expect(window.timesMs.count == 6)
        #expect(try reader.processes(sessionIDs: [2]).isEmpty)
    }

    @Test func hostileLabelsAreEscapedInEveryFormat() throws {
        let reader = try Self.reader()
        let reports = try Self.reports(reader)
        var builder = ReportBuilder(reader: reader)
        builder.metric = .promql
        let document = try builder.document(
            ReportSelection.sorted(reports), sessionIDs: [1], withSeries: true, nowMs: 1_764_241_200_000)
        var outputs: [String] = ReportFormat.allCases.map {
            ReportRenderer(reports: reports, sessions: try! reader.sessions()).render($0)
        }
        outputs.append(HTMLReportWriter(document: document).write())
        outputs.append(JSONReportWriter(document: document).write())
        var csv = ""
        try CSVSeriesWriter(rows: .samples).writeSamples(document, to: { csv += $0 })
        outputs.append(csv)
        for output in outputs {
            #expect(!output.unicodeScalars.contains("\u{1B}"), "\(output.prefix(300))")
            #expect(output.contains("evil"))
        }
        // The table shows the escape, and the label's line feed as Prometheus quotes it.
        let table = ReportRenderer(reports: reports, sessions: try reader.sessions()).render(.table)
        #expect(table.contains(#"instance="evil\e[2J\nhost:9100""#))
        #expect(table.contains("Metric: PromQL value"))
        #expect(!table.contains("PSS"))
        // HTML charts the value and offers no SQL: there is no database.
        let html = HTMLReportWriter(document: document).write()
        #expect(!html.contains("<summary>SQL</summary>"))
        #expect(html.contains("<svg"))
        // CSV: one row per point of each series, with its value.
        #expect(csv.hasPrefix(CSVSeriesWriter.samplesHeader))
        #expect(csv.split(separator: "\n").count == 1 + 181 * 3 + 179)
        // JSON keeps the labels as an object.
        let json = try TestSupport.jsonObject(JSONReportWriter(document: document).write())
        let processes = try #require(json["processes"] as? [[String: Any]])
        #expect((processes.first?["labels"] as? [String: String])?["instance"] == "api-2.prod:9100")
        #expect(processes.first?["metric"] as? String == "promql")
    }
}
