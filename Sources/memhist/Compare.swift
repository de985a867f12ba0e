import ArgumentParser
import Recorder

extension Memhist {
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compare",
            abstract: "Compare two recordings: how growth, slope and peak changed per command.",
            discussion: """
                With one --db, compares two of its sessions: --session A --session B, or by default the \
                one before the latest (A) with the latest (B). With two --db, compares a session of the \
                first (--session, default latest) with one of the second (a second --session, default \
                latest). --host (once for both, or twice: the first's and the second's) considers only \
                the sessions recorded on that host. Processes are matched by command line, then by \
                executable name. Example: memhist compare --db before.db --db after.db
                """)

        @Option(
            name: .customLong("db"), help: ArgumentHelp("A memhist database (once or twice).", valueName: "path"),
            completion: .file())
        var databases: [String] = []

        @Option(
            name: .customLong("session"),
            help: ArgumentHelp("A session id or latest (once or twice).", valueName: "session"))
        var sessions: [String] = []

        @Option(
            name: .customLong("host"),
            help: ArgumentHelp("Only sessions recorded on this host (once for both, or twice).", valueName: "name"))
        var hosts: [String] = []

        @OptionGroup var analysis: AnalysisOptions

        @Option(help: "Output format.")
        var format: ReportFormat = .table

        func validate() throws {
            guard databases.count <= 2 else { throw ValidationError("give --db at most twice") }
            guard sessions.count <= 2 else { throw ValidationError("give --session at most twice") }
            guard hosts.count <= 2 else { throw ValidationError("give --host at most twice") }
            for session in sessions where session != "latest" && (Int64(session) ?? 0) <= 0 {
                throw ValidationError("--session takes a session id or latest, not '\(session)'")
            }
        }

        func run() throws {
            let paths = databases.isEmpty ? ["memhist.db"] : databases
            let first = try HistoryStore(path: paths[0], access: .readOnly)
            let second = paths.count == 2 ? try HistoryStore(path: paths[1], access: .readOnly) : first
            let firstIDs = try Self.sessionIDs(of: first, onHost: hosts.first)
            let secondIDs = try Self.sessionIDs(of: second, onHost: hosts.last)
            func resolve(_ text: String?, in ids: [Int64], fallback: Int64?, path: String) throws -> Int64 {
                if let text, text != "latest" {
                    let id = Int64(text)!
                    guard ids.contains(id) else {
                        throw StoreError.noRecordings(path: path, detail: "no session \(id)")
                    }
                    return id
                }
                guard let id = text == "latest" ? ids.last : fallback else {
                    throw StoreError.noRecordings(
                        path: path, detail: "fewer than two sessions to compare; give a second --db")
                }
                return id
            }
            let baselineID: Int64
            let candidateID: Int64
            if paths.count == 2 {
                baselineID = try resolve(sessions.first, in: firstIDs, fallback: firstIDs.last, path: paths[0])
                candidateID = try resolve(
                    sessions.count > 1 ? sessions[1] : nil, in: secondIDs, fallback: secondIDs.last, path: paths[1])
            } else {
                var previous = firstIDs.count >= 2 ? firstIDs[firstIDs.count - 2] : nil
                // Two hosts of one database: the latest of each by default.
                if firstIDs != secondIDs { previous = firstIDs.last }
                baselineID = try resolve(sessions.first, in: firstIDs, fallback: previous, path: paths[0])
                candidateID = try resolve(
                    sessions.count > 1 ? sessions[1] : nil, in: secondIDs, fallback: secondIDs.last, path: paths[0])
            }
            let baseline = try analysis.builder(first).build(.id(baselineID))
            let candidate = try analysis.builder(second).build(.id(candidateID))
            let renderer = ComparisonRenderer(
                comparison: RunComparison(baseline: baseline, candidate: candidate),
                baselineName: "\(paths[0]) session \(baselineID)",
                candidateName: "\(paths.last!) session \(candidateID)")
            print(renderer.render(format), terminator: "")
        }
    }
}
