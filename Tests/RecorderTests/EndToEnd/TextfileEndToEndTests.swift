import Foundation
import Testing

/// `record --textfile DIR`: the last tick as Prometheus metrics for node_exporter's textfile collector.
@Suite("record --textfile", .serialized)
struct TextfileEndToEndTests {
    /// promtool from Debian's prometheus package (scripts/bootstrap installs it).
    static let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test func theExpositionIsWrittenEveryTickAcceptedByPromtoolAndRemovedAtTheEnd() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let textfiles = directory.appendingPathComponent("textfiles")
        try FileManager.default.createDirectory(at: textfiles, withIntermediateDirectories: false)
        let file = textfiles.appendingPathComponent("memhist.prom").path
        let db = directory.appendingPathComponent("t.db").path
        let recorder = try TestSupport.start(
            TestSupport.memhistPath,
            [
                "record", "--db", db, "--interval", "100ms", "--textfile", textfiles.path, "--quiet", "--",
                TestSupport.memhistPath, "workload", "leak", "--rate", "4MiB", "--duration", "3s",
            ])
        var text = ""
        for _ in 0..<200 where !text.contains("memhist_ticks_total 5\n") {
            Thread.sleep(forTimeInterval: 0.05)
            text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? text
        }
        let copy = directory.appendingPathComponent("copy.prom").path
        try text.write(toFile: copy, atomically: true, encoding: .utf8)
        recorder.waitUntilExit()
        #expect(recorder.terminationStatus == 0)
        #expect(text.contains("command=\"memhist workload leak --rate 4MiB --duration 3s\""), "\(text)")
        #expect(text.contains("# TYPE memhist_process_proportional_bytes gauge\n"))
        #expect(text.contains("memhist_host_memory_total_bytes "))
        // Readable by the collector, which runs as another user; gone once the recording ended.
        #expect(!FileManager.default.fileExists(atPath: file))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: textfiles.path)
        #expect(leftovers.isEmpty, "\(leftovers)")
        let promtool = try #require(Self.promtool, "promtool is missing: scripts/bootstrap installs it")
        let check = try TestSupport.run("/bin/sh", ["-c", "\"$0\" check metrics < \"$1\"", promtool, copy])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test func aTextfilePathThatIsNoDirectoryIsRefusedBeforeRecording() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let link = directory.appendingPathComponent("link").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: directory.path)
        let db = directory.appendingPathComponent("x.db").path
        for bad in [link, directory.appendingPathComponent("missing").path] {
            let run = try TestSupport.memhist(["record", "--db", db, "--textfile", bad, "--samples", "2", "--", "true"])
            #expect(run.status == 125, "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
            #expect(run.stderr.contains("cannot write"))
        }
        #expect(!FileManager.default.fileExists(atPath: db))
    }
}
