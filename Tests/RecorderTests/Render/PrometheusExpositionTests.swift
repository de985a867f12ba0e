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
}
