import ArgumentParser
import Foundation
import Recorder

extension Memhist {
    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove old recording sessions from a database and give the space back.",
            discussion: """
                Removes the sessions whose last write is older than --older-than, or beyond the newest \
                --keep-sessions, with everything recorded in them; a session still recording is never \
                removed. --downsample-after thins older samples to three a minute per process (the \
                minute's highest and lowest resident size and its last sample; region captures stay), so \
                peaks and verdicts survive. Works while a recording writes to the same file. --dry-run \
                lists the sessions that would go. Example: memhist prune --db api.db --older-than 7d \
                --downsample-after 1d
                """)

        @OptionGroup var database: DatabaseOptions

        @Option(
            help: ArgumentHelp(
                "Remove sessions that last wrote longer ago than this: 12h, 7d.", valueName: "duration"))
        var olderThan: DurationArgument?

        @Option(help: ArgumentHelp("Keep only this many of the newest sessions.", valueName: "n"))
        var keepSessions: Int?

        @Option(
            help: ArgumentHelp(
                "Thin samples older than this to three a minute per process: 1d.", valueName: "duration"))
        var downsampleAfter: DurationArgument?

        @Flag(help: "List the sessions that would be removed; change nothing.")
        var dryRun = false

        func validate() throws {
            guard olderThan != nil || keepSessions != nil || downsampleAfter != nil else {
                throw ValidationError(
                    "say what to remove: --older-than DURATION, --keep-sessions N and/or --downsample-after DURATION")
            }
            if let keepSessions, keepSessions < 0 { throw ValidationError("--keep-sessions must not be negative") }
        }

        func run() throws {
            let store = try HistoryStore(path: database.db, access: dryRun ? .readOnly : .existing)
            let before = Self.size(database.db)
            let nowMs = SystemFacts.nowMs()
            let summaries = try store.sessionSummaries()
            let policy = RetentionPolicy(olderThanMs: olderThan?.milliseconds, keepSessions: keepSessions)
            let doomed = policy.sessionsToRemove(summaries, nowMs: nowMs)
            let byID = Dictionary(uniqueKeysWithValues: summaries.map { ($0.session.id, $0) })
            for id in doomed {
                let summary = byID[id]!
                let verb = dryRun ? "would remove" : "removing"
                let processes = summary.processes == 1 ? "1 process" : "\(summary.processes) processes"
                print(
                    "\(verb) session \(id) (\(TimeFormat.iso(summary.session.startedMs)), \(processes), "
                        + "\(summary.samples) samples)")
                if !dryRun { try store.removeSession(id: id) }
            }
            guard !dryRun else { return }
            var thinned = 0
            if let downsampleAfter {
                thinned = try store.downsample(before: nowMs - downsampleAfter.milliseconds)
            }
            let changed = !doomed.isEmpty || thinned > 0
            let reclaimed = changed ? try store.reclaimSpace() : true
            let after = Self.size(database.db)
            var summary = "\(doomed.count) of \(summaries.count) sessions removed"
            if downsampleAfter != nil { summary += ", \(thinned) samples thinned" }
            if changed {
                summary +=
                    reclaimed
                    ? ", file \(ByteFormat.string(Double(before))) to \(ByteFormat.string(Double(after)))"
                    : "; the space is reused by later recordings (VACUUM waits until no one else uses the file)"
            }
            print(summary)
        }

        /// The file's size with its write-ahead log.
        private static func size(_ path: String) -> Int {
            [path, path + "-wal"].reduce(0) { total, file in
                total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
            }
        }
    }
}
