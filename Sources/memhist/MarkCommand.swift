import ArgumentParser
import Recorder

extension Memhist {
    struct MarkCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mark",
            abstract: "Store a timestamped note in a session: reports list it and charts draw it.",
            discussion: """
                Marks the latest session (or --session ID) now (or --at TIME), also while it records. \
                Example: memhist mark --db api.db "deploy v2"
                """)

        @Argument(help: ArgumentHelp("The note, e.g. \"deploy v2\".", valueName: "note"))
        var note: String

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Which session: latest, or a session id.", valueName: "session"))
        var session: SessionArgument = SessionArgument(argument: "latest")!

        @Option(
            help: ArgumentHelp(
                "When: an ISO-8601 time (2026-11-25T09:00:00Z, or local) or a duration back from now (-5m).",
                valueName: "time"))
        var at: String?

        func validate() throws {
            guard !note.trimmingWhitespaceAndNewlines.isEmpty else {
                throw ValidationError("the note is empty")
            }
            if case .all = session.selection { throw ValidationError("--session takes latest or one session id") }
            if let at, TimeBound(at) == nil {
                throw ValidationError("--at takes an ISO-8601 time or a duration back from now, such as -5m")
            }
        }

        func run() throws {
            let store = try HistoryStore(path: database.db, access: .existing)
            let sessionID = try ReportBuilder(store: store).sessionIDs(session.selection)[0]
            let nowMs = SystemFacts.nowMs()
            let timeMs = at.flatMap(TimeBound.init)?.resolve(endMs: nowMs) ?? nowMs
            try store.addMark(Mark(sessionID: sessionID, timeMs: timeMs, note: note))
            print("marked session \(sessionID) at \(TimeFormat.iso(timeMs)): \(VisibleText.escaped(note))")
        }
    }
}
