import ArgumentParser
import Recorder

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// memhist: record how the memory of processes changes over hours, into one SQLite file,
/// and report which process leaks, how fast, and where.
///
/// Exit codes: 0 success; 64 usage error (bad option or value); 1 runtime error (missing
/// process, permission denied, foreign or damaged database …). With `record -- COMMAND`, as
/// `timeout` does: the command's own exit status (128 + the signal that killed it), and 125
/// for memhist's own error, 126 when the command cannot be executed, 127 when it is not found.
@main
struct Memhist: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memhist",
        abstract: "Record process memory over time into SQLite and find what leaks.",
        discussion: """
            Exit codes: 0 success, 64 usage error, 1 runtime error. `record -- COMMAND` exits with \
            the command's status, or 125 (memhist failed), 126 (the command cannot run), 127 (not \
            found).
            """,
        version: MemhistVersion.current,
        subcommands: [
            Record.self, Report.self, Export.self, Compare.self, Sessions.self, MarkCommand.self, Snapshot.self,
            Check.self, SchemaCommand.self, Prune.self, Workload.self, Merge.self,
        ]
    )

    /// Parses the arguments, runs the subcommand and exits with the documented status. Every
    /// error is printed as one line whose text from elsewhere (paths, command lines, values
    /// typed) shows control characters as escapes.
    static func main() {
        // `memhist --version` alone is answered as the parser answers it, without building the
        // parser first: that reflects over every command and option, most of a start-up.
        if CommandLine.arguments.dropFirst().elementsEqual(["--version"]) {
            writeAll(Array((MemhistVersion.current + "\n").utf8), to: 1)
            terminate(0)
        }
        let arguments = CommandLineArguments.prepared(Array(CommandLine.arguments.dropFirst()))
        let startsCommand = CommandLineArguments.startsCommand(arguments)
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            fail(with: error, startsCommand: startsCommand, typedAs: arguments.first == "query" ? "query" : nil)
        }
    }

    /// The help and usage lines of `report` as `query`, its alias, when that is what was typed (the parser
    /// names the command itself).
    private static func named(_ text: String, typedAs alias: String?) -> String {
        guard let alias else { return text }
        return text.replacing("USAGE: memhist report", with: "USAGE: memhist \(alias)")
            .replacing("Usage: memhist report", with: "Usage: memhist \(alias)")
            .replacing("'memhist report --help'", with: "'memhist \(alias) --help'")
    }

    /// Prints `error` (escaped) and exits with its code.
    private static func fail(with error: Error, startsCommand: Bool, typedAs alias: String?) -> Never {
        if let code = error as? ExitCode { terminate(code.rawValue) }
        let code = exitCode(for: error)
        if code == .success, alias != nil {
            print(named(fullMessage(for: error), typedAs: alias))
            terminate(0)
        }
        guard code != .success else { exit(withError: error) }  // help and version
        let message = message(for: error)
        let escaped = VisibleText.escaped(message)
        var text = fullMessage(for: error)
        if message.isEmpty || !text.contains(message) {
            text = "Error: " + escaped
        } else if escaped != message {
            text = text.replacing(message, with: escaped)
        }
        var standardError = StandardErrorStream()
        print(named(text, typedAs: alias), to: &standardError)
        guard startsCommand else { terminate(code.rawValue) }
        switch error as? ChildCommand.StartError {
        case .notFound: terminate(127)
        case .notExecutable, .spawnFailed: terminate(126)
        case nil: terminate(125)
        }
    }
}

/// Ends the process with `status`.
func terminate(_ status: Int32) -> Never {
    #if canImport(Glibc)
    Glibc.exit(status)
    #else
    Darwin.exit(status)
    #endif
}

/// Standard error as a `TextOutputStream`.
struct StandardErrorStream: TextOutputStream {
    mutating func write(_ string: String) {
        writeAll(Array(string.utf8), to: 2)
    }
}

/// Writes every byte to the descriptor, as far as it takes them.
func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { return }
        offset += written
    }
}
