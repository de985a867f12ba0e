import ArgumentParser
import Foundation
import Recorder

extension Memhist {
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sample processes on an interval into the database.",
            discussion: """
                Samples every --pid, or the command after `--`, until the duration, the sample count, \
                Ctrl-C/SIGTERM (after one last sample), or until every target has exited. Totals every \
                sample; the region breakdown on each process's first sample, every --regions-every \
                samples and the last sample of a normal stop. Each tick is one transaction, so the \
                database is whole even if memhist is killed. With `-- COMMAND`, memhist exits with \
                the command's status.
                """)

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Time between samples: 250ms, 2s, 5m, 1h or seconds.", valueName: "duration"))
        var interval: DurationArgument = DurationArgument(argument: "1s")!

        @Option(help: ArgumentHelp("Stop after this long (default: no limit).", valueName: "duration"))
        var duration: DurationArgument?

        @Option(help: ArgumentHelp("Stop after this many samples.", valueName: "count"))
        var samples: Int?

        @Option(name: .customLong("pid"), help: ArgumentHelp("A process to record (repeatable).", valueName: "pid"))
        var pids: [Int32] = []

        @Option(help: "Region rows: grouped by label, one per mapping, or off.")
        var regions: RegionsMode = .grouped

        @Option(help: ArgumentHelp("Capture regions every this many samples.", valueName: "count"))
        var regionsEvery: Int = 10

        @Flag(help: "Print the report when recording stops.")
        var report = false

        @Option(help: "The report's metric (with --report).")
        var metric: Metric = .pss

        @Argument(parsing: .postTerminator, help: ArgumentHelp("A command to start and record until it exits.", valueName: "command"))
        var command: [String] = []

        func validate() throws {
            guard interval.milliseconds >= 1 else { throw ValidationError("--interval must be at least 1ms") }
            if let samples, samples < 1 { throw ValidationError("--samples must be at least 1") }
            guard regionsEvery >= 1 else { throw ValidationError("--regions-every must be at least 1") }
            if let duration, duration.milliseconds < 1 { throw ValidationError("--duration must be longer than 0") }
            guard !pids.isEmpty || !command.isEmpty else {
                throw ValidationError("nothing to record: give --pid PID or a command after --")
            }
            if let bad = pids.first(where: { $0 <= 0 }) { throw ValidationError("--pid \(bad) is not a process id") }
        }

        func run() throws {
            var options = RecordingOptions()
            options.intervalMs = interval.milliseconds
            options.durationMs = duration?.milliseconds
            options.maxSamples = samples
            options.pids = pids
            options.command = command
            options.regionsMode = regions
            options.regionsEvery = regionsEvery
            options.selectionText = (pids.map { "--pid \($0)" } + (command.isEmpty ? [] : ["-- " + command.joined(separator: " ")]))
                .joined(separator: " ")
            let outcome: RecordingLoop.Outcome
            let store: HistoryStore
            do {
                // Check every target before the database is created: a typo must not leave a file behind.
                let identities = try RecordingLoop.checkTargets(pids)
                if let program = command.first { try ChildCommand.checkRunnable(program) }
                store = try HistoryStore(path: database.db, access: .create)
                let loop = RecordingLoop(store: store, options: options) { message in
                    FileHandle.standardError.write(Data("memhist: \(message)\n".utf8))
                }
                outcome = try loop.run(identities: identities)
            } catch {
                throw RuntimeError(error)
            }
            FileHandle.standardError.write(
                Data("memhist: recorded \(outcome.ticks) samples into \(database.db) (session \(outcome.sessionID), stopped: \(outcome.stopReason.rawValue))\n".utf8))
            if report {
                do {
                    var builder = ReportBuilder(store: store)
                    builder.metric = metric
                    let reports = try builder.build(.id(outcome.sessionID))
                    let sessions = try store.sessions().filter { $0.id == outcome.sessionID }
                    print(ReportRenderer(reports: reports, sessions: sessions).render(.table), terminator: "")
                } catch {
                    throw RuntimeError(error)
                }
            }
            if let status = outcome.commandExitStatus, status != 0 { throw ExitCode(status) }
        }
    }
}
