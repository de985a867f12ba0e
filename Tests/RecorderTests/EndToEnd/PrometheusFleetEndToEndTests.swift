import Foundation
import Testing

/// memhist in a Prometheus fleet, both ways, with a real Prometheus (Debian's `prometheus`,
/// which scripts/bootstrap installs): it scrapes a real `record --listen` recording a leaking and a
/// steady workload, and `report --prometheus` judges the scraped series.
@Suite("Prometheus scrapes record --listen; report --prometheus judges it", .serialized)
struct PrometheusFleetEndToEndTests {
    static let prometheus = ["/usr/bin/prometheus", "/usr/local/bin/prometheus"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test func theLeakIsGrowingAndTheSteadyOneStableBothLiveAndOverPromQL() throws {
        let prometheus = try #require(Self.prometheus, "prometheus is missing: scripts/bootstrap installs it")
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Two workloads the recorder follows by pid, so that stopping it stops nothing else.
        let leak = try TestSupport.start(
            TestSupport.memhistPath, ["workload", "leak", "--rate", "4MiB", "--duration", "600s"])
        let steady = try TestSupport.start(
            TestSupport.memhistPath, ["workload", "steady", "--size", "16MiB", "--duration", "600s"])
        defer {
            leak.terminate()
            steady.terminate()
        }
        let recorder = try ListenEndToEndTests.Recorder([
            "record", "--db", directory.appendingPathComponent("fleet.db").path, "--interval", "250ms",
            "--listen", "127.0.0.1:0", "--pid", String(leak.processIdentifier), "--pid",
            String(steady.processIdentifier),
        ])
        defer { _ = recorder.stop() }

        let port = try HTTPProbe.freePort()
        let config = directory.appendingPathComponent("prometheus.yml")
        try """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: memhist
            static_configs:
              - targets: ["127.0.0.1:\(recorder.port)"]
        """.write(to: config, atomically: true, encoding: .utf8)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: prometheus)
        server.arguments = [
            "--config.file=\(config.path)", "--storage.tsdb.path=\(directory.appendingPathComponent("tsdb").path)",
            "--web.listen-address=127.0.0.1:\(port)",
        ]
        let log = directory.appendingPathComponent("prometheus.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: log)
        server.standardOutput = logHandle
        server.standardError = logHandle
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }

        // Wait, for as long as a loaded machine may need, until Prometheus holds enough scrapes for
        // the leak to be judged growing; then the steady workload must be stable in the same answer.
        let arguments = [
            "report", "--prometheus", "http://127.0.0.1:\(port)", "--query",
            "memhist_process_resident_bytes{job=\"memhist\"}", "--since", "-10m", "--step", "1s", "--format", "json",
        ]
        var verdicts: [String: String] = [:]
        var last = ""
        let judged = TestSupport.waitUntil(seconds: 300) {
            guard let run = try? TestSupport.memhist(arguments), run.status == 0,
                let json = try? TestSupport.jsonObject(run.stdout),
                let processes = json["processes"] as? [[String: Any]]
            else { return false }
            last = run.stdout
            verdicts = [:]
            for process in processes {
                guard let labels = process["labels"] as? [String: String], let command = labels["command"],
                    let verdict = process["verdict"] as? String, (process["samples"] as? Int ?? 0) >= 20
                else { continue }
                if command.contains("workload leak") { verdicts["leak"] = verdict }
                if command.contains("workload steady") { verdicts["steady"] = verdict }
            }
            return verdicts["leak"] == "growing"
        }
        #expect(
            judged,
            "\(last.prefix(2000))\n\(String(decoding: FileManager.default.contents(atPath: log.path) ?? Data(), as: UTF8.self).suffix(2000))"
        )
        #expect(verdicts["steady"] == "stable", "\(verdicts)")

        // The live verdict, scraped from the recorder: what an alert rule fires on.
        let query =
            "http://127.0.0.1:\(port)/api/v1/query?query="
            + "memhist_process_verdict%7Bverdict%3D%22growing%22%7D%3D%3D1"
        var growing: [String] = []
        let alerted = TestSupport.waitUntil(seconds: 300) {
            guard
                let response = try? HTTPProbe.request(
                    port: port, "GET", String(query.dropFirst("http://127.0.0.1:\(port)".count))),
                let json = try? TestSupport.jsonObject(response.body),
                let data = json["data"] as? [String: Any], let result = data["result"] as? [[String: Any]]
            else { return false }
            growing = result.compactMap { ($0["metric"] as? [String: String])?["command"] }
            return growing.contains { $0.contains("workload leak") }
        }
        #expect(alerted, "\(growing)")
        #expect(!growing.contains { $0.contains("workload steady") }, "\(growing)")
    }
}
