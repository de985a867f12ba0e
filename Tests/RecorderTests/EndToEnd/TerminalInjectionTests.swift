import Foundation
import Testing

@testable import Recorder

/// A local user names a process and a memfd so that printing them would rewrite root's
/// terminal: erase the line, print a fake row, set the window title, hide the rest.
@Suite("end to end: no terminal injection through command lines, labels or errors")
struct TerminalInjectionTests {
    static let hostileName = "\u{1B}[2K\r9999 fake\n\u{1B}]0;owned\u{07}\u{1B}[8m"
    static let hostileMemfd = "evil\u{1B}]0;title\u{07}\u{9B}31m\u{202E}x"

    /// Bytes a terminal would act on: C0 controls but the newline, DEL, C1 controls, and the
    /// bidirectional override. None may reach a text output.
    static func actionable(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F || (0x80..<0xA0).contains($0.value)
                || $0.value == 0x202E
        }
    }

    @Test func everyOutputShowsHostileNamesAsEscapes() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // exec -a sets argv[0] to anything: here the hostile name, before memhist's own arguments.
        let target = try TestSupport.start(
            "/bin/bash",
            [
                "-c", "exec -a \"$0\" \"$1\" workload memfd --name \"$2\" --rate 1MiB --duration 300s",
                Self.hostileName,
                TestSupport.memhistPath, Self.hostileMemfd,
            ])
        defer { kill(target.processIdentifier, SIGKILL) }
        let pid = target.processIdentifier
        #expect(
            TestSupport.waitUntil {
                ((try? String(contentsOfFile: "/proc/\(pid)/maps", encoding: .isoLatin1)) ?? "").contains("memfd:evil")
            })
        let db = directory.appendingPathComponent("hostile.db").path
        let recorded = try TestSupport.memhist([
            "record", "--db", db, "--samples", "3", "--interval", "50ms", "--regions-every", "1", "--quiet", "--pid",
            String(pid),
        ])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        var outputs: [(String, TestSupport.Run)] = []
        for format in ["table", "markdown", "csv", "json"] {
            outputs.append(("report \(format)", try TestSupport.memhist(["report", "--db", db, "--format", format])))
            outputs.append(
                ("compare \(format)", try TestSupport.memhist(["compare", "--db", db, "--db", db, "--format", format])))
        }
        for format in ["table", "json"] {
            outputs.append(
                ("snapshot \(format)", try TestSupport.memhist(["snapshot", String(pid), "--format", format])))
        }
        outputs.append(("check", try TestSupport.memhist(["check", "--db", db])))
        for (name, run) in outputs {
            #expect(run.status == 0, "\(name): \(run.stderr)")
            #expect(Self.actionable(run.stdout).isEmpty, "\(name): \(run.stdout.debugDescription)")
            #expect(Self.actionable(run.stderr).isEmpty, "\(name): \(run.stderr.debugDescription)")
        }
        let table = try #require(outputs.first { $0.0 == "report table" }?.1.stdout)
        #expect(table.contains("\\e[2K\\r9999 fake\\n\\e]0;owned\\x07\\e[8m"), "\(table)")
        let snapshot = try #require(outputs.first { $0.0 == "snapshot table" }?.1.stdout)
        #expect(snapshot.contains("evil\\e]0;title\\x07\\u{9B}31m\\u{202E}x"), "\(snapshot)")
        // JSON keeps the text itself, escaped as JSON escapes it.
        let json = try #require(outputs.first { $0.0 == "report json" }?.1.stdout)
        let processes = try #require(try TestSupport.jsonObject(json)["processes"] as? [[String: Any]])
        #expect((processes.first?["command"] as? String)?.hasPrefix(Self.hostileName) == true)
    }

    @Test func errorsShowHostileTextAsEscapes() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("\u{1B}]0;owned\u{07}.db").path
        for arguments in [
            ["report", "--db", path], ["check", "--db", path], ["snapshot", "--smaps", path],
            ["record", "--match", "(\u{1B}[2K"], ["report", "--since", "\u{1B}[2K"],
        ] {
            let run = try TestSupport.memhist(arguments)
            #expect(run.status != 0)
            #expect(Self.actionable(run.stderr).isEmpty, "\(arguments): \(run.stderr.debugDescription)")
            #expect(run.stderr.contains("\\e"), "\(arguments): \(run.stderr)")
        }
        // A saved capture whose lines carry hostile text: the error quotes the line, escaped.
        let smaps = directory.appendingPathComponent("bad.smaps").path
        try "not smaps \u{1B}[2K\u{9B}\n".write(toFile: smaps, atomically: false, encoding: .utf8)
        let run = try TestSupport.memhist(["snapshot", "--smaps", smaps])
        #expect(run.status == 1)
        #expect(Self.actionable(run.stderr).isEmpty, "\(run.stderr.debugDescription)")
        #expect(CommandLineErrorTests.oneLineError(run), "\(run.stderr)")
    }
}
