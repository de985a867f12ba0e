import Foundation
import Testing

/// `memhist mark`: a note at a time, stored while a session records or after, shown in every report
/// format and drawn on the charts.
@Suite("marks: timestamped notes in a session", .serialized)
struct MarkEndToEndTests {
    @Test func aMarkStoredWhileRecordingIsShownInEveryFormat() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("m.db").path
        let recorder = try TestSupport.start(
            TestSupport.memhistPath,
            [
                "record", "--db", db, "--interval", "100ms", "--quiet", "--", TestSupport.memhistPath, "workload",
                "leak", "--rate", "4MiB", "--duration", "4s",
            ])
        // Mark the session while the recorder writes, a second into it (after its first ticks).
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: db) { Thread.sleep(forTimeInterval: 0.1) }
        Thread.sleep(forTimeInterval: 1)
        let marked = try TestSupport.memhist(["mark", "--db", db, "deploy v2"])
        #expect(marked.status == 0, "\(marked.stderr)")
        #expect(marked.stdout.hasPrefix("marked session 1 at "))
        Thread.sleep(forTimeInterval: 0.5)
        let hostile = try TestSupport.memhist(["mark", "--db", db, "--at", "-200ms", "evil \u{1B}[31m<b>&"])
        #expect(hostile.status == 0, "\(hostile.stderr)")
        recorder.waitUntilExit()
        #expect(recorder.terminationStatus == 0)

        let table = try TestSupport.memhist(["report", "--db", db])
        #expect(table.stdout.contains(": deploy v2\n"))
        #expect(table.stdout.contains("evil \\e[31m<b>&"))
        #expect(!table.stdout.contains("\u{1B}"))

        let json = try TestSupport.memhist(["report", "--db", db, "--format", "json"])
        let marks = try #require(try TestSupport.jsonObject(json.stdout)["marks"] as? [[String: Any]])
        #expect(Set(marks.compactMap { $0["note"] as? String }) == ["deploy v2", "evil \u{1B}[31m<b>&"])
        #expect(marks.allSatisfy { $0["session"] as? Int == 1 && ($0["time"] as? String)?.hasSuffix("Z") == true })

        let markdown = try TestSupport.memhist(["export", "--db", db, "--format", "markdown"])
        #expect(markdown.stdout.contains("deploy v2"))
        #expect(!markdown.stdout.contains("\u{1B}"))

        let html = try TestSupport.memhist(["export", "--db", db, "--format", "html"])
        #expect(html.status == 0)
        #expect(html.stdout.contains("<ul class=\"marks\">"))
        #expect(html.stdout.contains("evil \\e[31m&lt;b&gt;&amp;"))
        #expect(!html.stdout.contains("<b>&"))
        // Both marks fall inside the workload's recording: each chart of it draws them.
        #expect(html.stdout.components(separatedBy: "<text class=\"mark\"").count - 1 >= 2)
    }

    @Test func theRecorderMarksEachMarkSignalItReceives() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("signal.db").path
        let recorder = try TestSupport.start(
            TestSupport.memhistPath,
            ["record", "--db", db, "--interval", "100ms", "--mark-on-signal", "USR1", "--quiet", "--", "sleep", "3"])
        // Once the recorder writes, its handler is installed.
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: db) { Thread.sleep(forTimeInterval: 0.1) }
        Thread.sleep(forTimeInterval: 0.5)
        kill(recorder.processIdentifier, SIGUSR1)
        recorder.waitUntilExit()
        #expect(recorder.terminationStatus == 0)
        let json = try TestSupport.memhist(["report", "--db", db, "--format", "json"])
        let marks = try #require(try TestSupport.jsonObject(json.stdout)["marks"] as? [[String: Any]])
        #expect(marks.compactMap { $0["note"] as? String } == ["SIGUSR1"])
        let bad = try TestSupport.memhist(["record", "--db", db, "--mark-on-signal", "KILL", "--", "true"])
        #expect(bad.status == 125 || bad.status == 64, "\(bad.stderr)")
    }

    @Test func badMarksAreOneLineOfErrorAndWriteNothing() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("missing.db").path
        let run = try TestSupport.memhist(["mark", "--db", missing, "note"])
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: missing))
        for arguments in [["mark", "--db", missing, "  "], ["mark", "--db", missing, "--at", "soon", "x"]] {
            let bad = try TestSupport.memhist(arguments)
            #expect(bad.status == 64, "\(arguments): \(bad.stderr)")
        }
    }
}
