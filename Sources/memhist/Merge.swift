import ArgumentParser
import Recorder

extension Memhist {
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Combine the recordings of several databases (several machines) into one.",
            discussion: """
                Copies every session of each source, with all its rows, into the target (created when \
                missing). Sources are read, never written. A session is known by its host, start, boot \
                time, interval and selection: one the target has already is skipped, one merged while it \
                still recorded is completed, so merging a file again adds nothing twice. A source that is \
                the target itself is skipped. Every source is opened and checked before anything is \
                written; each session is copied in one transaction. Prints one line per source. Example: \
                memhist merge --into all.db web1.db web2.db
                """)

        @Option(
            help: ArgumentHelp(
                "The database to merge into: created when missing, else a memhist database of yours.",
                valueName: "path"), completion: .file())
        var into: String

        @Argument(
            help: ArgumentHelp("The memhist databases to merge from (read only).", valueName: "source"),
            completion: .file())
        var sources: [String]

        func run() throws {
            try DatabaseMerge.mergeFiles(sources, into: into) { outcome in
                print(MergeSummaryWriter.line(outcome))
            }
        }
    }
}
