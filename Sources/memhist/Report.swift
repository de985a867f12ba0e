import ArgumentParser
import Recorder

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Memhist {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Report growth, peak and leak verdict per process.",
            discussion: """
                For each process of the latest session (or --session ID / all): samples, first, last, \
                minimum, peak resident, growth, a robust slope in bytes per hour with its confidence \
                interval, a verdict (growing, levelled_off, stable, shrinking, insufficient_data) with \
                its confidence (a heuristic score from 0 to 100%, not a probability) and reason, the \
                private dirty + swap trend, a forecast of when the host's available memory or the \
                cgroup's limit would be filled, and the regions that grew. The table lists growing \
                processes first, fits the terminal's width (or COLUMNS), and folds processes with too few \
                samples for a verdict into one line per command; JSON and CSV keep every process. \
                --group sums per command or process tree. `query` is another name for `report`. \
                --prometheus URL --query PROMQL judges each series of a Prometheus range query instead (one \
                row per series, labelled by its labels; --since defaults to -6h, and both --since and \
                --until count back from now). Examples: memhist report --db api.db; memhist report --db \
                api.db --verdict growing --format json; memhist report --prometheus http://prometheus:9090 \
                --query 'process_resident_memory_bytes{job="api"}' --since -12h
                """,
            aliases: ["query"])

        @OptionGroup var database: DatabaseOptions
        @OptionGroup(title: "Prometheus") var prometheus: PrometheusSourceOptions
        @OptionGroup var analysis: AnalysisOptions
        @OptionGroup var selection: SelectionOptions
        @OptionGroup var hostOptions: HostOptions
        @OptionGroup var leakGate: LeakGateOptions
        @OptionGroup var colorOptions: ColorOptions

        @Option(help: "Output format.")
        var format: ReportFormat = .table

        @Option(help: ArgumentHelp("Which session: latest, all, or a session id.", valueName: "session"))
        var session: SessionArgument = SessionArgument(argument: "latest")!

        @Option(
            help: ArgumentHelp(
                "Totals per command or per process tree (a root and its recorded descendants) instead of a row per process.",
                valueName: "grouping"))
        var group: ProcessGroup.Grouping?

        func validate() throws {
            try prometheus.rejectDatabaseOptions([
                ("--db", database.db != "memhist.db"), ("--session", session.selection != .latest),
                ("--host", !hostOptions.hosts.isEmpty), ("--metric", analysis.metric != .pss),
                ("--group", group != nil),
            ])
        }

        func run() throws {
            let builder = try prometheus.builder(database: database, analysis: analysis, hosts: hostOptions)
            let reader = builder.reader
            let sessions: ReportBuilder.SessionSelection = prometheus.isUsed ? .all : session.selection
            let ids = try builder.sessionIDs(sessions)
            let all = try builder.build(sessions)
            let reports = try selection.selection().filter(all)
            var renderer = ReportRenderer(
                reports: reports, sessions: try reader.sessions().filter { ids.contains($0.id) })
            renderer.width = format == .table ? .standardOutput : .fallback
            renderer.trendOptions = builder.trendOptions
            renderer.grouping = group
            renderer.filteredOut = all.count - reports.count
            renderer.colors = format == .table && colorOptions.enabled
            let window = try builder.resolvedWindow(sessionIDs: ids)
            renderer.marks = try reader.marks(sessionIDs: ids, sinceMs: window.sinceMs, untilMs: window.untilMs)
            print(renderer.render(format), terminator: "")
            try leakGate.enforce(on: reports)
        }
    }
}

extension ProcessGroup.Grouping: ExpressibleByArgument {}
