import ArgumentParser
import Recorder

/// Which processes a report shows, shared by `report` and `export`: every filter given must pass.
struct SelectionOptions: ParsableArguments {
    @Option(
        name: .customLong("pid"), help: ArgumentHelp("Only this process id (repeatable).", valueName: "pid"),
        completion: .runningProcessIDs)
    var pids: [Int32] = []

    @Option(
        help: ArgumentHelp(
            "Only processes whose command line this regular expression finds a match in.", valueName: "regex"))
    var match: String?

    @Option(
        name: .customLong("verdict"),
        help: ArgumentHelp("Only processes with this verdict (repeatable).", valueName: "verdict"))
    var verdicts: [Verdict] = []

    func validate() throws {
        if let bad = pids.first(where: { $0 <= 0 }) { throw ValidationError("\(bad) is not a process id") }
        if let match, CommandPattern(match) == nil {
            throw ValidationError("--match '\(match)' is not a valid regular expression")
        }
    }

    /// The selection these options describe.
    func selection() throws -> ReportSelection {
        try ReportSelection(pids: pids, match: match, verdicts: verdicts)
    }
}

extension Verdict: ExpressibleByArgument {}
