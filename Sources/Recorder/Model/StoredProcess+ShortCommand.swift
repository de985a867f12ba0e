extension StoredProcess {
    /// The command line with the executable's directory left out: `python3 leaker.py --rate 4` for
    /// `/opt/pyenv/versions/3.11.7/bin/python3 leaker.py --rate 4`; `[name]` when there is no
    /// command line.
    ///
    /// What tells two processes apart is most often their arguments, not where their interpreter
    /// lives. The command line is stored with its arguments joined by spaces, so an executable
    /// whose path holds a space is cut at that space: the rest reads as arguments.
    public var shortCommand: String {
        command.isEmpty ? "[\(name)]" : Self.shortened(command)
    }

    /// `command` with its first word (the executable) cut to what follows its last `/`. A PromQL
    /// series (`name{instance="h1:9100", …}`, whose first word holds a `{`) keeps its labels and
    /// drops the metric's name, which all series of a query most often share.
    static func shortened(_ command: String) -> String {
        let end = command.firstIndex(of: " ") ?? command.endIndex
        if let brace = command[..<end].firstIndex(of: "{") {
            return command[brace...].hasPrefix("{}") ? command : String(command[brace...])
        }
        guard let slash = command[..<end].lastIndex(of: "/"), command.index(after: slash) < end else {
            return command
        }
        return String(command[command.index(after: slash)...])
    }
}
