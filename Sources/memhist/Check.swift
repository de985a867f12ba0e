import ArgumentParser
import Recorder

extension Memhist {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check a database: its file, schema, every page and index, and its values.",
            discussion: """
                Writes nothing, not even an upgrade. Exits 0 when the file is whole (warnings, such as \
                values out of range that reports leave out, are printed but allowed) and 1 when it is \
                damaged: memhist then refuses to record into it. Example: memhist check --db api.db
                """)

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let check = try DatabaseCheck(path: database.db)
            print(CheckRenderer(check: check).render(), terminator: "")
            if !check.isHealthy { throw ExitCode(1) }
        }
    }
}
