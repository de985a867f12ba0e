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
