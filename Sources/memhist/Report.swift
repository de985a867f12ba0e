import ArgumentParser
import Foundation
import Recorder

extension Memhist {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report growth, peak and leak verdict per process.",
            discussion: """
                For each process of the latest session (or --session ID / all): samples, first, last, \
                minimum, peak resident, growth, a robust slope in bytes per hour with its confidence \
                interval, a verdict (growing, levelled_off, stable, shrinking, insufficient_data) with \
                its confidence and reason, the private dirty + swap trend, a forecast of when the \
                host's available memory or the cgroup's limit would be filled, and the regions that grew.
                """,
            aliases: ["query"])

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var analysis: AnalysisOptions

        @Option(help: "Output format.")
        var format: ReportFormat = .table

        @Option(help: ArgumentHelp("Which session: latest, all, or a session id.", valueName: "session"))
        var session: SessionArgument = SessionArgument(argument: "latest")!

        func run() throws {
            let store = try HistoryStore(path: database.db, access: .readOnly)
            let builder = analysis.builder(store)
            let ids = try builder.sessionIDs(session.selection)
            let reports = try builder.build(session.selection)
            let sessions = try store.sessions().filter { ids.contains($0.id) }
            print(ReportRenderer(reports: reports, sessions: sessions).render(format), terminator: "")
        }
    }
}
