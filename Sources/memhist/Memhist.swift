import ArgumentParser
import Recorder

/// memhist: record how the memory of processes changes over hours, into one SQLite file,
/// and report which process leaks, how fast, and where.
///
/// Exit codes: 0 success; 64 usage error (bad option or value); 1 runtime error (missing
/// process, permission denied, foreign or damaged database …); with `record -- COMMAND`,
/// the command's own exit status (128 + signal when it was killed).
@main
struct Memhist: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memhist",
        abstract: "Record process memory over time into SQLite and find what leaks.",
        discussion: """
            Exit codes: 0 success, 64 usage error, 1 runtime error; `record -- COMMAND` exits \
            with the command's status.
            """,
        version: MemhistVersion.current,
        subcommands: [Record.self, Report.self, Compare.self, Snapshot.self, Workload.self]
    )
}
