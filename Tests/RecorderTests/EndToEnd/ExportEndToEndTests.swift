import Foundation
import FoundationXML
import Testing

@testable import Recorder

/// `memhist export` on a real recording of a process whose command line is hostile: markup,
/// an ampersand, quotes, a terminal escape sequence and bytes that are not UTF-8.
@Suite("end to end: export HTML, Markdown, CSV and JSON of a real recording", .serialized)
struct ExportEndToEndTests {
    static let samples = 8

    /// A recording of a shell whose arguments are hostile, in a new temporary directory.
    struct Recording {
        let directory: URL
        let db: String
        let pid: Int32
    }

    static func record() throws -> Recording {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("export.db").path
        // perl (essential on Debian) execs sh with raw bytes in its argv; "; :" keeps the shell
        // alive as the parent of sleep rather than exec'ing it.
        let shell = try TestSupport.start(
            "/usr/bin/perl",
            [
                "-e",
                #"exec {"/bin/sh"} "sh", "-c", "sleep 300; :", "<script>alert(1)</script>", "&", "\"q\"", "\e[31mred", "\xff\xfe";"#,
            ])
        let pid = shell.processIdentifier
        #expect(
            TestSupport.waitUntil {
                (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")))?.contains(0xFF) == true
            })
        let run = try TestSupport.memhist([
            "record", "--db", db, "--pid", String(pid), "--interval", "100ms", "--samples", String(samples), "--quiet",
        ])
        kill(pid, SIGKILL)
        #expect(run.status == 0, "\(run.stderr)")
        return Recording(directory: directory, db: db, pid: pid)
    }

    @Test func everyFormatHoldsTheRecordingAndShowsHostileTextEscaped() throws {
        let recording = try Self.record()
        defer { try? FileManager.default.removeItem(at: recording.directory) }

        // HTML: well-formed, a chart per process, no element from the command line.
        let html = try TestSupport.memhist(["export", "--db", recording.db, "--format", "html"])
        #expect(html.status == 0, "\(html.stderr)")
        let page = try XMLDocument(data: Data(html.stdout.utf8))
        // The memory chart, and a region chart when a region grew (the PSS of shared libraries
        // moves as other processes start and stop).
        let charts = try page.nodes(forXPath: "//*[local-name()='section'][@class='process']//*[local-name()='svg']")
        #expect((1...2).contains(charts.count))
        #expect(try page.nodes(forXPath: "//*[local-name()='script']").isEmpty)
        #expect(try page.nodes(forXPath: "//*[local-name()='section'][@class='process']").count == 1)
        #expect(html.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; \\e[31mred \\xFF\\xFE"))
        #expect(!html.stdout.contains("<script"))
        #expect(!html.stdout.unicodeScalars.contains { $0.value == 0x1B })

        // Markdown: a Mermaid chart, and the command line escaped.
        let markdown = try TestSupport.memhist(["export", "--db", recording.db, "--format", "markdown"])
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.contains("```mermaid\nxychart-beta\n"))
        #expect(markdown.stdout.contains("\\<script\\>alert(1)\\</script\\>"))
        #expect(!markdown.stdout.unicodeScalars.contains { $0.value == 0x1B })

        // JSON: parses, carries the series, and round-trips.
        let json = try TestSupport.memhist(["export", "--db", recording.db, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try TestSupport.jsonObject(json.stdout)
        let process = try #require((object["processes"] as? [[String: Any]])?.first)
        let series = try #require(process["series"] as? [String: Any])
        #expect((series["time_ms"] as? [Any])?.count == Self.samples)
        #expect((series["resident_bytes"] as? [Any])?.count == Self.samples)
        #expect(process["pid"] as? Int == Int(recording.pid))
        let again = try JSONSerialization.data(withJSONObject: object)
        #expect(
            NSDictionary(dictionary: object).isEqual(
                to: try TestSupport.jsonObject(String(decoding: again, as: UTF8.self))))
    }

    @Test func theCSVSeriesIsReadByPythonsCSVModule() throws {
        let recording = try Self.record()
        defer { try? FileManager.default.removeItem(at: recording.directory) }
        let csv = recording.directory.appendingPathComponent("series.csv").path
        let export = try TestSupport.memhist(["export", "--db", recording.db, "--format", "csv", "--output", csv])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: csv)[.posixPermissions] as? Int == 0o600)
        let check = try TestSupport.run(
            "/usr/bin/env",
            [
                "python3", "-c",
                """
                import csv, sys
                rows = list(csv.DictReader(open(sys.argv[1], newline='')))
                print(len(rows), rows[0]['pid'], rows[0]['command'], rows[0]['detail'], rows[0]['resident_size'] != '',
                      sum(1 for r in rows if r['proportional_size'] == '' and r['detail'] != '1'), sep='|')
                """, csv,
            ])
        #expect(check.status == 0, "\(check.stderr)")
        let fields = check.stdout.trimmingCharacters(in: .newlines).split(separator: "|").map(String.init)
        #expect(fields.count == 6, "\(check.stdout)")
        #expect(fields.first == String(Self.samples))
        #expect(fields.dropFirst().first == String(recording.pid))
        #expect(fields.dropFirst(2).first == #"sh -c sleep 300; : <script>alert(1)</script> & "q" \e[31mred \xFF\xFE"#)
        // The first sample reads regions (detail 3) and has its sizes; a page-walk column is
        // empty only on counters-only ticks.
        #expect(fields.dropFirst(3).first == "3")
        #expect(fields.dropFirst(4).first == "True")
        #expect(fields.last == "0")

        let regions = try TestSupport.memhist(["export", "--db", recording.db, "--format", "csv", "--regions"])
        #expect(regions.status == 0, "\(regions.stderr)")
        #expect(regions.stdout.hasPrefix("time,session_id,pid,start_ticks,command,time_ms,label,kind,start_address,"))
        #expect(regions.stdout.split(separator: "\n").count > 2)
    }

    @Test func theOutputIsARegularFileReachedWithoutALink() throws {
        let recording = try Self.record()
        defer { try? FileManager.default.removeItem(at: recording.directory) }
        let target = recording.directory.appendingPathComponent("precious.txt").path
        try "keep".write(toFile: target, atomically: true, encoding: .utf8)
        let link = recording.directory.appendingPathComponent("report.html").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let refused = try TestSupport.memhist(["export", "--db", recording.db, "--format", "html", "--output", link])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("symbolic link"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep")

        let directory = try TestSupport.memhist([
            "export", "--db", recording.db, "--format", "json", "--output", recording.directory.path,
        ])
        #expect(directory.status != 0)
        #expect(directory.stderr.split(separator: "\n").count == 1, "\(directory.stderr)")

        // A database that cannot be read leaves no output file behind.
        let missing = recording.directory.appendingPathComponent("out.json").path
        let noDatabase = try TestSupport.memhist([
            "export", "--db", recording.directory.appendingPathComponent("none.db").path, "--format", "json",
            "--output", missing,
        ])
        #expect(noDatabase.status != 0)
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}
