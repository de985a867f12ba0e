import Foundation
import Testing

/// `record --listen`: the last tick and the live verdicts served over HTTP to a scraper.
@Suite("record --listen", .serialized)
struct ListenEndToEndTests {
    /// A recorder started in the background with its standard error read until it says where it listens.
    struct Recorder {
        let process: Process
        let port: Int
        let stderr: FileHandle

        init(_ arguments: [String]) throws {
            process = Process()
            process.executableURL = URL(fileURLWithPath: TestSupport.memhistPath)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            let pipe = Pipe()
            process.standardError = pipe
            stderr = pipe.fileHandleForReading
            try process.run()
            var said = ""
            while !said.contains("/metrics\n") {
                let data = stderr.availableData
                if data.isEmpty { break }
                said += String(decoding: data, as: UTF8.self)
            }
            guard let range = said.range(of: #"http://127\.0\.0\.1:(\d+)/metrics"#, options: .regularExpression),
                let port = Int(said[range].dropFirst("http://127.0.0.1:".count).dropLast("/metrics".count))
            else {
                process.terminate()
                throw HTTPProbe.Failure.malformed("no listening address in: \(said)")
            }
            self.port = port
        }

        /// Stops the recording as Ctrl-C would and returns its exit status.
        func stop() -> Int32 {
            process.interrupt()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    @Test func aLeakIsServedWithItsSizesAndJudgedGrowingInBothFormats() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("l.db").path
        let recorder = try Recorder([
            "record", "--db", db, "--interval", "100ms", "--regions-every", "5", "--listen", "127.0.0.1:0", "--",
            TestSupport.memhistPath, "workload", "leak", "--rate", "16MiB", "--duration", "300s",
        ])
        defer { if recorder.process.isRunning { recorder.process.terminate() } }
        // The verdict comes once the live analysis has run on enough samples, and the growing
        // regions once two region captures are in it: their pace depends on the machine, so this
        // waits for them rather than for a time.
        var text = ""
        let judged = TestSupport.waitUntil(seconds: 240) {
            text = (try? HTTPProbe.request(port: recorder.port).body) ?? text
            return text.contains(#"verdict="growing"} 1"#) && text.contains("memhist_process_region_growth_bytes{")
        }
        #expect(judged, "\(text)")
        #expect(text.contains(#"command="memhist workload leak --rate 16MiB --duration 300s""#))
        #expect(text.contains("# TYPE memhist_process_resident_bytes gauge\n"))
        #expect(text.contains(#"verdict="stable"} 0"#))
        #expect(text.contains("memhist_process_growth_rate_bytes_per_second{"))
        #expect(text.contains("memhist_process_region_growth_bytes{"))
        #expect(text.contains("# TYPE memhist_ticks_total counter\n"))
        for family in ["memhist_tick_seconds_total", "memhist_page_walk_seconds_total", "memhist_analyses_total"] {
            #expect(text.contains("\n\(family) "), "\(family)")
        }
        #expect(text.contains("\nmemhist_database_size_bytes "))
        // The growth rate is near the workload's 16 MiB/s (the verdict follows PSS by default).
        let rateLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("memhist_process_growth_rate") })
        let rate = try #require(Double(rateLine.split(separator: " ").last ?? ""))
        #expect(rate > 8 * 1_048_576 && rate < 32 * 1_048_576, "\(rateLine)")
        let copy = directory.appendingPathComponent("scrape.prom").path
        try text.write(toFile: copy, atomically: true, encoding: .utf8)
        let promtool = try #require(
            TextfileEndToEndTests.promtool, "promtool is missing: scripts/bootstrap installs it")
        let check = try TestSupport.run("/bin/sh", ["-c", "\"$0\" check metrics < \"$1\"", promtool, copy])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

        // What Prometheus asks for: OpenMetrics, counters named without _total, ended by # EOF.
        let open = try HTTPProbe.request(
            port: recorder.port,
            headers: ["Accept": "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"])
        #expect(open.status == 200)
        #expect(open.headers["content-type"] == "application/openmetrics-text; version=1.0.0; charset=utf-8")
        #expect(open.body.hasSuffix("\n# EOF\n"))
        #expect(open.body.contains("# TYPE memhist_ticks counter\nmemhist_ticks_total "))
        let plain = try HTTPProbe.request(port: recorder.port)
        #expect(plain.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(!plain.body.contains("# EOF"))

        let head = try HTTPProbe.request(port: recorder.port, "HEAD")
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(try HTTPProbe.request(port: recorder.port, "GET", "/nothing").status == 404)
        let post = try HTTPProbe.request(port: recorder.port, "POST")
        #expect(post.status == 405 && post.headers["allow"] == "GET, HEAD")
        // Ctrl-C reaches the workload too, and memhist exits with its status.
        #expect(recorder.stop() == 128 + SIGINT)
        // The endpoint closed with the recording.
        #expect(throws: HTTPProbe.Failure.self) { try HTTPProbe.request(port: recorder.port) }
    }

    @Test func anAddressInUseIsOneLineAndLeavesNoDatabase() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try Recorder([
            "record", "--db", directory.appendingPathComponent("a.db").path, "--listen", "127.0.0.1:0", "--",
            "sleep", "300",
        ])
        defer { _ = first.stop() }
        let db = directory.appendingPathComponent("b.db").path
        let second = try TestSupport.memhist([
            "record", "--db", db, "--listen", "127.0.0.1:\(first.port)", "--samples", "2", "--", "true",
        ])
        #expect(second.status != 0)
        #expect(second.stderr.split(separator: "\n").count == 1, "\(second.stderr)")
        #expect(second.stderr.contains("cannot listen on 127.0.0.1:\(first.port)"), "\(second.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func aMalformedAddressIsRefused() throws {
        for bad in ["9464", "localhost", "::1:9464", "127.0.0.1:65536", "127.0.0.1:x", "[::1:9464"] {
            let run = try TestSupport.memhist(["record", "--listen", bad, "--samples", "1", "--pid", "\(getpid())"])
            #expect(run.status == 64, "\(bad): \(run.stderr)")
            #expect(run.stderr.contains("--listen"), "\(bad): \(run.stderr)")
        }
    }
}
