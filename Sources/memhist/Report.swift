import ArgumentParser
import Foundation
import Recorder

extension Memhist {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report growth, peak and leak verdict per process.",
            discussion: """
                For each process of the latest session (or --session ID / all): samples, first, last, \
                minimum, peak resident, growth, a robust slope in bytes per hour and a verdict \
                (growing, levelled_off, stable, shrinking, insufficient_data), with the regions that grew.
                """,
            aliases: ["query"])

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format.")
        var format: ReportFormat = .table

        @Option(help: "The memory measure to follow.")
        var metric: Metric = .pss

        @Option(help: ArgumentHelp("Which session: latest, all, or a session id.", valueName: "session"))
        var session: String = "latest"

        func validate() throws {
            guard ["latest", "all"].contains(session) || Int64(session) != nil else {
                throw ValidationError("--session takes latest, all or a session id, not '\(session)'")
            }
        }

        func run() throws {
            let selection: ReportBuilder.SessionSelection =
                session == "latest" ? .latest : session == "all" ? .all : .id(Int64(session)!)
            do {
                let store = try HistoryStore(path: database.db, access: .readOnly)
                var builder = ReportBuilder(store: store)
                builder.metric = metric
                let ids = try builder.sessionIDs(selection)
                let reports = try builder.build(selection)
                let sessions = try store.sessions().filter { ids.contains($0.id) }
                print(ReportRenderer(reports: reports, sessions: sessions).render(format), terminator: "")
            } catch {
                throw RuntimeError(error)
            }
        }
    }
}
