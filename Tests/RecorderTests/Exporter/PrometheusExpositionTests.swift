import Foundation
import Testing

@testable import Recorder

/// The Prometheus text exposition of a recording's last tick (`record --textfile`).
@Suite("Prometheus exposition")
struct PrometheusExpositionTests {
    static func capture(pid: Int32, command: String, detail: CaptureDetail, resident: Int, pss: Int) -> ProcessCapture {
        var counters = ProcessCounters()
        counters.resident = resident
        counters.residentAnonymous = resident / 2
        counters.swap = 0
        return ProcessCapture(
            identity: ProcessIdentity(
                pid: pid, startTime: 100, startedMs: 1_700_000_000_250, parentPid: 1, name: "x", commandLine: command,
                executable: "/bin/x"),
            timeMs: 1_700_000_001_000, detail: detail,
            memory: detail >= .rollup
                ? MemoryUsage(residentSize: resident, proportionalSize: pss, privateDirtySize: pss / 2) : MemoryUsage(),
            counters: counters, regions: nil)
    }

    @Test func eachProcessHasItsSizesLabelledAndEndedOnesLeave() {
        var exposition = PrometheusExposition()
        exposition.update(
            RecordedTick(
                timeMs: 1_700_000_001_000,
                captures: [
                    Self.capture(
                        pid: 10, command: "/usr/bin/api --port 80", detail: .rollup, resident: 4096, pss: 2048),
                    Self.capture(pid: 11, command: "worker", detail: .rollup, resident: 100, pss: 50),
                ], host: HostMemory(total: 1000, available: 600), ticks: 1, samples: 2))
        let first = exposition.text()
        #expect(
            first.contains(
                "memhist_process_resident_bytes{pid=\"10\",command=\"api --port 80\",start_time=\"1700000000.250\"} 4096\n"
            ))
        #expect(first.contains("memhist_process_proportional_bytes{pid=\"11\",command=\"worker\""))
        #expect(first.contains("memhist_host_memory_available_bytes 600\n"))
        #expect(first.contains("memhist_last_tick_timestamp_seconds 1700000001.000\n"))
        #expect(!first.contains("cgroup"))
        // Next tick: pid 11 ended; pid 10 read only its status, so PSS keeps the last page walk's value.
        exposition.update(
            RecordedTick(
                timeMs: 1_700_000_002_000,
                captures: [
                    Self.capture(pid: 10, command: "/usr/bin/api --port 80", detail: .status, resident: 8192, pss: 0)
                ],
                host: nil, ticks: 2, samples: 3))
        let second = exposition.text()
        #expect(!second.contains("pid=\"11\""))
        #expect(
            second.contains(
                "memhist_process_resident_bytes{pid=\"10\",command=\"api --port 80\",start_time=\"1700000000.250\"} 8192\n"
            ))
        #expect(
            second.contains(
                "memhist_process_proportional_bytes{pid=\"10\",command=\"api --port 80\",start_time=\"1700000000.250\"} 2048\n"
            ))
        #expect(second.contains("memhist_host_memory_available_bytes 600\n"))
        #expect(second.contains("memhist_ticks_total 2\n"))
        // Every sample line belongs to a family declared just before it.
        var declared = Set<String>()
        for line in second.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") { declared.insert(String(line.split(separator: " ")[2])) }
            if !line.hasPrefix("#") {
                let name = String(line.prefix { $0 != "{" && $0 != " " })
                #expect(declared.contains(name), "\(line)")
            }
        }
    }

    @Test func hostileCommandLinesCannotBreakTheFormat() {
        let hostile = "evil\"} 1\nfake_metric 2\\ \u{1B}[31m"
        #expect(PrometheusExposition.escaped(hostile) == "evil\\\"} 1\\\\nfake_metric 2\\\\ \\\\e[31m")
        var exposition = PrometheusExposition()
        exposition.update(
            RecordedTick(
                timeMs: 0, captures: [Self.capture(pid: 1, command: hostile, detail: .rollup, resident: 1, pss: 1)],
                host: nil, ticks: 1, samples: 1))
        let text = exposition.text()
        #expect(!text.contains("\nfake_metric"))
        #expect(!text.contains("\u{1B}"))
    }

    static func verdict(_ verdict: Verdict, rate: Double, regions: [LiveVerdict.RegionValue]) -> LiveVerdict {
        var trend = TrendAnalyzer.analyze(timesMs: [0, 1000], values: [1, 1])
        trend.verdict = verdict
        trend.slopePerHour = rate * 3600
        trend.confidence = 0.97
        var live = LiveVerdict(
            ProcessReport(
                process: StoredProcess(
                    id: 1, sessionID: 1, pid: 10, startTime: 100, name: "x", command: "api", firstSeenMs: 0,
                    lastSeenMs: 0),
                metric: .pss, trend: trend, sampleCount: 0, dirtyTrend: trend, forecast: .none, levels: [],
                regions: []),
            regionLimit: 3)
        live.regions = regions
        live.forecastSeconds = [("host_available", 7200)]
        return live
    }

    @Test func verdictsRatesForecastsAndRegionsAreLabelledPerProcess() {
        var exposition = PrometheusExposition()
        exposition.update(
            RecordedTick(
                timeMs: 1_700_000_001_000,
                captures: [Self.capture(pid: 10, command: "api", detail: .rollup, resident: 4096, pss: 2048)],
                host: nil, ticks: 1, samples: 1))
        let hostile = "memfd:evil\"} 1\n\u{1B}[2J"
        exposition.update(
            verdicts: [
                LiveVerdict.Key(pid: 10, startTime: 100): Self.verdict(
                    .growing, rate: 1024,
                    regions: [LiveVerdict.RegionValue(label: hostile, bytes: 9000, growthBytes: 8000)])
            ], cpuNs: 2_000_000, timeMs: 1_700_000_002_000)
        let text = exposition.text()
        let labels = "pid=\"10\",command=\"api\",start_time=\"1700000000.250\""
        #expect(text.contains("memhist_process_verdict{\(labels),verdict=\"growing\"} 1\n"))
        for other in ["levelled_off", "stable", "shrinking", "insufficient_data"] {
            #expect(text.contains("memhist_process_verdict{\(labels),verdict=\"\(other)\"} 0\n"))
        }
        #expect(text.contains("memhist_process_growth_rate_bytes_per_second{\(labels)} 1024.0\n"))
        #expect(text.contains("memhist_process_verdict_confidence{\(labels)} 0.97\n"))
        #expect(text.contains("memhist_process_forecast_seconds{\(labels),limit=\"host_available\"} 7200.0\n"))
        #expect(
            text.contains(
                "memhist_process_region_growth_bytes{\(labels),region=\"memfd:evil\\\"} 1\\\\n\\\\e[2J\"} 8000\n"),
            "\(text)")
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("memhist_analyses_total 1\nmemhist_analysis_seconds_total") == false)
        #expect(text.contains("# TYPE memhist_analyses_total counter\nmemhist_analyses_total 1\n"))
        #expect(text.contains("memhist_last_analysis_timestamp_seconds 1700000002.000\n"))
    }

    @Test func openMetricsNamesCountersWithoutTheirSuffixAndEndsWithEOF() {
        var exposition = PrometheusExposition()
        exposition.update(
            RecordedTick(
                timeMs: 1_700_000_001_000,
                captures: [Self.capture(pid: 10, command: "api", detail: .rollup, resident: 4096, pss: 2048)],
                host: nil, ticks: 3, samples: 3))
        let open = exposition.text(.openMetrics)
        #expect(open.hasSuffix("\n# EOF\n"))
        #expect(open.contains("# TYPE memhist_ticks counter\nmemhist_ticks_total 3\n"))
        #expect(open.contains("# TYPE memhist_samples counter\nmemhist_samples_total 3\n"))
        #expect(open.contains("# TYPE memhist_process_resident_bytes gauge\n"))
        let text = exposition.text(.text)
        #expect(text.contains("# TYPE memhist_ticks_total counter\nmemhist_ticks_total 3\n"))
        #expect(!text.contains("# EOF"))
        #expect(PrometheusExposition.Format.negotiated(accept: nil) == .text)
        #expect(PrometheusExposition.Format.negotiated(accept: "text/plain;version=0.0.4") == .text)
        #expect(
            PrometheusExposition.Format.negotiated(
                accept: "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5") == .openMetrics)
    }

    @Test func anEndedProcessStaysUntilOneScrapeHasSeenIt() {
        var exposition = PrometheusExposition()
        exposition.keepsEndedUntilServed = true
        let both = [
            Self.capture(pid: 10, command: "api", detail: .rollup, resident: 4096, pss: 2048),
            Self.capture(pid: 11, command: "job", detail: .rollup, resident: 100, pss: 50),
        ]
        exposition.update(RecordedTick(timeMs: 1000, captures: both, host: nil, ticks: 1, samples: 2))
        exposition.served()
        // pid 11 ends; two ticks pass before the next scrape.
        for tick in 2...3 {
            exposition.update(
                RecordedTick(timeMs: Int64(tick) * 1000, captures: [both[0]], host: nil, ticks: tick, samples: 2 + tick)
            )
        }
        #expect(exposition.text().contains("memhist_process_resident_bytes{pid=\"11\""))
        exposition.served()
        #expect(!exposition.text().contains("pid=\"11\""))
        #expect(exposition.text().contains("pid=\"10\""))
    }
}
