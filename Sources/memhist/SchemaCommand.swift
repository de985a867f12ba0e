import ArgumentParser
import Recorder

extension Memhist {
    struct SchemaCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schema",
            abstract: "Print a guide to the database's tables and views, and the SQL of the current schema.",
            discussion: "Opens no database. Example: memhist schema | less")

        func run() throws {
            print(try SchemaGuide.text(), terminator: "")
        }
    }
}
