import ArgumentParser
import Recorder

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Memhist {
    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
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
            let policy = RetentionPolicy(olderThanMs: olderThan?.milliseconds, keepSessions: keepSessions)
            if dryRun {
                let summaries = try store.sessionSummaries()
                let doomed = Set(policy.sessionsToRemove(summaries, nowMs: nowMs))
                for summary in summaries where doomed.contains(summary.session.id) {
                    print("would remove " + Self.describe(summary))
                }
                return
            }
            let sessions = try store.sessionSummaries().count
            let outcome = try store.applyRetention(
                policy, downsampleBefore: downsampleAfter.map { nowMs - $0.milliseconds }, nowMs: nowMs
            ) { print("removing " + Self.describe($0)) }
            let after = Self.size(database.db)
            var summary = "\(outcome.removedSessions.count) of \(sessions) sessions removed"
            if downsampleAfter != nil { summary += ", \(outcome.thinnedSamples) samples thinned" }
            if !outcome.removedSessions.isEmpty || outcome.thinnedSamples > 0 {
                summary +=
                    outcome.reclaimed
                    ? ", file \(ByteFormat.string(Double(before))) to \(ByteFormat.string(Double(after)))"
                    : "; the space is reused by later recordings (VACUUM waits until no one else uses the file)"
            }
            print(summary)
        }

        /// `session 3 (2026-11-20T09:00:00.000Z, 2 processes, 7200 samples)`.
        private static func describe(_ summary: SessionSummary) -> String {
            let processes = summary.processes == 1 ? "1 process" : "\(summary.processes) processes"
            return "session \(summary.session.id) (\(TimeFormat.iso(summary.session.startedMs)), \(processes), "
                + "\(summary.samples) samples)"
        }

        /// The file's size with its write-ahead log.
        private static func size(_ path: String) -> Int {
            [path, path + "-wal"].reduce(0) { total, file in
                total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
            }
        }
    }
}
