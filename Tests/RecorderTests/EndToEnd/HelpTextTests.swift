import Foundation
import Testing

/// Help as a user reads it: defaults written as they would type them, never the program's internals.
@Suite("help text")
struct HelpTextTests {
    @Test(arguments: ["record", "report", "query", "export", "compare", "snapshot", "check", "workload"])
    func defaultsAreShownAsTyped(command: String) throws {
        let help = try TestSupport.memhist([command, "--help"])
        #expect(help.status == 0, "\(help.stderr)")
        // Swift's description of a value: `DurationArgument(milliseconds: 1000)`, `Optional(0.01)`.
        for internals in ["Argument(", "Optional(", "Recorder.", "milliseconds:", "fraction:"] {
            #expect(!help.stdout.contains(internals), "\(command) --help shows \(internals)")
        }
    }

    @Test(
        arguments: [
            "record", "report", "export", "compare", "sessions", "mark", "schema", "snapshot", "check", "workload",
        ])
    func everySubcommandHasAnExample(command: String) throws {
        let help = try TestSupport.memhist([command, "--help"]).stdout
        #expect(help.contains("Example"), "\(command) --help has no example")
        #expect(help.contains("memhist \(command)") || command == "workload")
    }

    @Test func theAliasShowsItsOwnName() throws {
        let help = try TestSupport.memhist(["query", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: memhist query"))
        #expect(try TestSupport.memhist(["report", "--help"]).stdout.contains("USAGE: memhist report"))
        let usage = try TestSupport.memhist(["query", "--bogus"])
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("Usage: memhist query"))
        #expect(usage.stderr.contains("'memhist query --help'"))
        #expect(!usage.stderr.contains("memhist report"))
    }

    @Test func theDefaultsReadAsTheyAreTyped() throws {
        let record = try TestSupport.memhist(["record", "--help"]).stdout
        #expect(record.contains("(default: 1s)"))
        #expect(record.contains("(default: 1%)"))
        let report = try TestSupport.memhist(["report", "--help"]).stdout
        #expect(report.contains("(default: latest)"))
        let workload = try TestSupport.memhist(["workload", "--help"]).stdout
        #expect(workload.contains("4MiB)"))
    }
}
