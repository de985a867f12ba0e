import ArgumentParser

/// The `--db` option every subcommand that touches a database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The memhist database file.", valueName: "path"), completion: .file())
    var db: String = "memhist.db"
}
