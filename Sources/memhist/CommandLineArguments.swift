/// The command line, made ready for the argument parser.
enum CommandLineArguments {
    /// Options whose value may start with a dash: `--since -2h`, `--match -v`, `--db -x.db`.
    static let valueOptions: Set<String> = [
        "--since", "--until", "--duration", "--interval", "--samples", "--regions-every", "--budget", "--min-growth",
        "--min-growth-percent", "--min-samples", "--significance", "--rate", "--size", "--count", "--pid", "--tree",
        "--session", "--metric", "--format", "--db", "--match", "--regions", "--vmmap", "--smaps", "--name", "--at",
        "--output", "--rise-percent", "--extra-mappings", "--group", "--verdict", "--fail-on", "--capture", "--color",
        "--mark-on-signal", "--older-than", "--keep-sessions", "--retain", "--downsample-after", "--textfile",
        "--listen", "--listen-regions",
        "--prometheus", "--query", "--step", "--timeout", "--bearer-token-file", "--basic-auth-user",
        "--basic-auth-password-file", "--ca-file",
    ]

    /// `arguments` with each `--option VALUE` whose value starts with a dash written as
    /// `--option=VALUE`, up to a `--` that starts a command.
    ///
    /// The parser would otherwise read `-9999999999h` as the short flags `-9 … -h`, and print the
    /// help instead of saying that the value is wrong.
    static func prepared(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                out += arguments[index...]
                break
            }
            if valueOptions.contains(argument), index + 1 < arguments.count, arguments[index + 1].hasPrefix("-"),
                arguments[index + 1] != "--"
            {
                out.append(argument + "=" + arguments[index + 1])
                index += 2
                continue
            }
            out.append(argument)
            index += 1
        }
        return out
    }

    /// Whether the arguments ask `record` to start a command (`record … -- COMMAND`).
    static func startsCommand(_ arguments: [String]) -> Bool {
        arguments.first == "record" && arguments.contains("--")
    }
}
