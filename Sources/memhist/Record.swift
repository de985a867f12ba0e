import ArgumentParser
import Recorder

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Memhist {
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Sample processes on an interval into the database.",
            discussion: """
                Targets: --pid (repeatable), --tree PID (the process and all its descendants, also those \
                started later), --match REGEX (command lines; later matches are picked up), --all, and the \
                command after `--` with its descendants. Reads are tiered by what the kernel charges: stat and \
                status every tick, smaps_rollup every tick while it fits the page-walk --budget (1% of wall \
                time per target by default; a large process is read less often rather than stalled), smaps \
                (regions) every --regions-every ticks. Samples until the duration, the sample count, \
                Ctrl-C/SIGTERM (after one last sample), or until every target has exited (with --match or \
                --all, until the duration). Totals every sample; the region breakdown on each process's \
                first sample, every --regions-every samples and the last sample of a normal stop. Each \
                tick is one transaction, so the database is whole even if memhist is killed. With \
                `-- COMMAND`, memhist exits with the command's status. On macOS: libproc's counters (resident, \
                physical footprint, page-ins) every tick, and vmmap (--capture vmmap elsewhere) for totals and \
                regions under the budget. --listen serves the last tick and live verdicts as Prometheus metrics \
                on /metrics; --textfile writes them for node_exporter. Examples: memhist record --db api.db \
                --match redis-server; memhist record --db test.db --fail-on growing -- python3 soak.py; \
                memhist record --db api.db --match api-server --listen 127.0.0.1:9464
                """)

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Time between samples: 250ms, 2s, 5m, 1h or seconds.", valueName: "duration"))
        var interval: DurationArgument = DurationArgument(argument: "1s")!

        @Option(help: ArgumentHelp("Stop after this long (default: no limit).", valueName: "duration"))
        var duration: DurationArgument?

        @Option(help: ArgumentHelp("Stop after this many samples.", valueName: "count"))
        var samples: Int?

        @Option(
            help: ArgumentHelp(
                "Write the last tick as Prometheus metrics to DIR/memhist.prom for node_exporter's textfile "
                    + "collector, atomically, every tick.", valueName: "dir"), completion: .directory)
        var textfile: String?

        @Option(
            help: ArgumentHelp(
                "Serve the last tick and the live verdicts as Prometheus metrics on http://ADDRESS/metrics: "
                    + "127.0.0.1:9464, [::1]:9464, or :9464 for every interface.", valueName: "address"))
        var listen: ListenAddress?

        @Option(
            help: ArgumentHelp(
                "The growing regions shown per process on --listen, largest growth first.", valueName: "count"))
        var listenRegions: Int = 5

        @Option(
            help: ArgumentHelp(
                "Remove other sessions that last wrote longer ago than this, hourly while recording: 7d.",
                valueName: "duration"))
        var retain: DurationArgument?

        @Option(
            help: ArgumentHelp(
                "Thin samples older than this to three a minute per process, hourly while recording: 1d.",
                valueName: "duration"))
        var downsampleAfter: DurationArgument?

        @Option(
            help: ArgumentHelp(
                "Store a mark named after the signal each time memhist receives it: USR1, USR2 or HUP "
                    + "(kill -USR1 <memhist's pid>).", valueName: "signal"))
        var markOnSignal: String?

        @Option(
            name: .customLong("pid"), help: ArgumentHelp("A process to record (repeatable).", valueName: "pid"),
            completion: .runningProcessIDs)
        var pids: [Int32] = []

        @Option(
            name: .customLong("tree"),
            help: ArgumentHelp("A process and all its descendants (repeatable).", valueName: "pid"),
            completion: .runningProcessIDs)
        var trees: [Int32] = []

        @Option(
            help: ArgumentHelp("Every process whose command line matches this regular expression.", valueName: "regex"))
        var match: String?

        @Flag(help: "Every process (except kernel threads and memhist itself).")
        var all = false

        @Option(help: "Region rows: grouped by label, one per mapping, or off.")
        var regions: RegionsMode = .grouped

        @Option(
            help: ArgumentHelp(
                "Capture regions every this many ticks (default 10; when given, obeyed whatever the budget).",
                valueName: "count"))
        var regionsEvery: Int?

        @Option(
            help: ArgumentHelp(
                "Share of wall time memhist may spend walking one target's pages (smaps_rollup, smaps), e.g. 0.5% or off.",
                valueName: "percent"))
        var budget: BudgetArgument = BudgetArgument(argument: "1%")!

        @Flag(help: "Print the report when recording stops.")
        var report = false

        @Option(help: "The report's metric (with --report or --fail-on).")
        var metric: Metric = .pss

        @OptionGroup var leakGate: LeakGateOptions

        @Flag(help: "No status line on the terminal.")
        var quiet = false

        @Option(
            help: ArgumentHelp(
                "How processes are read: native (/proc on Linux, libproc and vmmap on macOS) or vmmap (totals and regions from a vmmap-compatible program).",
                valueName: "method"))
        var capture: CaptureMethod = .platformDefault

        @Option(
            help: ArgumentHelp(
                "The vmmap executable, for --capture vmmap (default /usr/bin/vmmap).", valueName: "path"),
            completion: .file())
        var vmmap: String?

        @Argument(
            parsing: .postTerminator,
            help: ArgumentHelp("A command to start and record until it exits.", valueName: "command"))
        var command: [String] = []

        /// The longest interval: a day.
        static let maximumIntervalMs: Int64 = 86_400_000
        /// The longest duration: ten years.
        static let maximumDurationMs: Int64 = 3_650 * 86_400_000

        func validate() throws {
            guard (1...Self.maximumIntervalMs).contains(interval.milliseconds) else {
                throw ValidationError("--interval must be between 1ms and 1d")
            }
            if let markOnSignal, SignalName.number(markOnSignal) == nil {
                throw ValidationError("--mark-on-signal takes USR1, USR2 or HUP")
            }
            if !(0...100).contains(listenRegions) {
                throw ValidationError("--listen-regions must be between 0 and 100")
            }
            if let samples, samples < 1 { throw ValidationError("--samples must be at least 1") }
            if let regionsEvery, regionsEvery < 1 { throw ValidationError("--regions-every must be at least 1") }
            if let duration, !(1...Self.maximumDurationMs).contains(duration.milliseconds) {
                throw ValidationError("--duration must be between 1ms and 3650d")
            }
            if let bad = (pids + trees).first(where: { $0 <= 0 }) {
                throw ValidationError("\(bad) is not a process id")
            }
            if let match, CommandPattern(match) == nil {
                throw ValidationError("--match '\(match)' is not a valid regular expression")
            }
            if vmmap != nil, capture != .vmmap, CaptureMethod.platformDefault != .vmmap {
                throw ValidationError("--vmmap is for --capture vmmap")
            }
        }

        var selectionText: String {
            var parts = pids.map { "--pid \($0)" } + trees.map { "--tree \($0)" }
            if let match { parts.append("--match \(match)") }
            if all { parts.append("--all") }
            if !command.isEmpty { parts.append("-- " + command.joined(separator: " ")) }
            return parts.joined(separator: " ")
        }

        func run() throws {
            // Checked here rather than in validate(), so that an unknown option is reported as such.
            guard !pids.isEmpty || !trees.isEmpty || match != nil || all || !command.isEmpty else {
                throw ValidationError("nothing to record: give --pid, --tree, --match, --all or a command after --")
            }
            // A file size limit must come back as an error we can report, not kill us.
            signal(SIGXFSZ, SIG_IGN)
            var options = RecordingOptions()
            options.intervalMs = interval.milliseconds
            options.durationMs = duration?.milliseconds
            options.maxSamples = samples
            options.treeRoots = trees
            options.matchPattern = match
            options.all = all
            options.command = command
            options.regionsMode = regions
            options.regionsEvery = regionsEvery ?? 10
            options.regionsEveryExplicit = regionsEvery != nil
            options.pageWalkBudget = budget.fraction
            options.selectionText = selectionText
            options.retainMs = retain?.milliseconds
            options.downsampleAfterMs = downsampleAfter?.milliseconds
            options.statusLine = !quiet && isatty(STDERR_FILENO) == 1
            let outcome: RecordingLoop.Outcome
            let store: HistoryStore
            do {
                // Check every target before the database is created: a typo must not leave a file behind.
                let source = try capture.makeCheckedSource(vmmapPath: vmmap)
                let (readable, unreadable) = try RecordingLoop.checkTargets(pids + trees, source: source)
                for error in unreadable { Self.say("\(error); recording the other targets") }
                if let program = command.first { try ChildCommand.checkRunnable(program) }
                let textfileDirectory = try textfile.map { try TextfileDirectory(path: $0) }
                // Bound before the file exists: an address in use must not leave a file behind.
                let exporter = try listen.map {
                    try Exporter(
                        address: $0, regionLimit: listenRegions, databasePath: database.db, metric: metric,
                        quiet: quiet)
                }
                defer { exporter?.stop() }
                // The handlers go in before the file exists: whoever sees the file may signal.
                let clock = SystemRecordingClock(markSignal: markOnSignal.flatMap(SignalName.number))
                store = try HistoryStore(path: database.db, access: .create)
                let loop = try RecordingLoop(
                    store: store, options: options, source: source, clock: clock,
                    warn: { Self.say($0) },
                    status: { line in Self.writeStatus("\r\u{1B}[K" + VisibleText.escaped(line)) })
                var exposition = PrometheusExposition()
                var failing = false
                loop.tickObserver = { tick in
                    exporter?.note(tick)
                    guard let textfileDirectory else { return }
                    exposition.update(tick)
                    do {
                        try textfileDirectory.write(exposition.text())
                        failing = false
                    } catch {
                        // Once per run of failures: a full disk must not flood the terminal.
                        if !failing { Self.say("\(error); recording goes on") }
                        failing = true
                    }
                }
                defer { textfileDirectory?.remove() }
                outcome = try loop.run(identities: readable)
                if options.statusLine { Self.writeStatus("\r\u{1B}[K") }
            } catch {
                if options.statusLine { Self.writeStatus("\n") }
                throw error
            }
            if !quiet {
                Self.say(
                    "recorded \(outcome.samples) samples in \(outcome.ticks) ticks into \(database.db) (session \(outcome.sessionID), stopped: \(outcome.stopReason.rawValue))"
                )
            }
            var reports: [ProcessReport] = []
            if report || leakGate.gate != nil {
                var builder = ReportBuilder(store: store)
                builder.metric = metric
                reports = try builder.build(.id(outcome.sessionID))
            }
            if report {
                let sessions = try store.sessions().filter { $0.id == outcome.sessionID }
                var renderer = ReportRenderer(reports: reports, sessions: sessions)
                renderer.width = .standardOutput
                print(renderer.render(.table), terminator: "")
            }
            // The command's own failure comes first; the gate speaks when it succeeded.
            if let status = outcome.commandExitStatus, status != 0 { throw ExitCode(status) }
            try leakGate.enforce(on: reports)
        }

        /// `--listen`: the HTTP endpoint, its exposition and the live analysis that feeds it.
        private struct Exporter {
            let exposition: LiveExposition
            let analysis: LiveAnalysis
            let server: MetricsServer

            init(address: ListenAddress, regionLimit: Int, databasePath: String, metric: Metric, quiet: Bool) throws {
                exposition = LiveExposition(regionLimit: regionLimit, databasePath: databasePath)
                analysis = LiveAnalysis(databasePath: databasePath, metric: metric, exposition: exposition)
                server = try MetricsServer(address: address, exposition: exposition)
                if !quiet { Record.say("serving metrics on http://\(server.boundAddress)/metrics") }
            }

            func note(_ tick: RecordedTick) {
                exposition.update(tick)
                analysis.noteTick(tick)
                if let failure = analysis.takeFailure() { Record.say("\(failure); recording goes on") }
            }

            func stop() {
                analysis.wait()
                server.close()
            }
        }

        /// One line on standard error; text from elsewhere in it is shown escaped.
        static func say(_ message: String) {
            writeAll(Array("memhist: \(VisibleText.escaped(message))\n".utf8), to: 2)
        }

        private static func writeStatus(_ text: String) {
            writeAll(Array(text.utf8), to: 2)
        }
    }
}
