import ArgumentParser
import Recorder

extension Memhist {
    struct Sessions: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sessions",
            abstract: "List the recording sessions in a database.",
            discussion: """
                One line per session: its id (for --session), start, end (or recording, or interrupted when \
                it has no end and wrote nothing for a while: its recorder was killed), host, interval, \
                processes, samples and what it selected. Example: memhist sessions --db api.db
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table, json
        }

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format.")
        var format: Format = .table

        @OptionGroup var colorOptions: ColorOptions

        func run() throws {
            let store = try HistoryStore(path: database.db, access: .readOnly)
            var renderer = SessionsRenderer(
                summaries: try store.sessionSummaries(), nowMs: SystemFacts.nowMs())
            renderer.colors = format == .table && colorOptions.enabled
            print(format == .json ? renderer.json() : renderer.table(), terminator: "")
        }
    }
}
