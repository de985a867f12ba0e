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
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Export a shareable trend report: HTML with charts, Markdown, CSV series or JSON.",
            discussion: """
                html: one self-contained file (inline CSS and SVG charts, no network), for a browser, a \
                phone or print. markdown: the same for a ticket, each chart a Mermaid xychart-beta block. \
                csv: the series, one row per process-sample with the schema's column names (--regions: \
                the region rows). json: the report with each process's series. Writes to standard output \
                unless --output is given. With --prometheus URL --query PROMQL, the series of a Prometheus \
                range query instead of a database (see `memhist report --help`). Examples: memhist export --db \
                api.db --format html --output report.html; memhist export --prometheus http://prometheus:9090 \
                --query 'container_memory_working_set_bytes' --format html --output fleet.html
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case html, markdown, csv, json
        }

        @OptionGroup var database: DatabaseOptions
        @OptionGroup(title: "Prometheus") var prometheus: PrometheusSourceOptions
        @OptionGroup var analysis: AnalysisOptions
        @OptionGroup var selection: SelectionOptions
        @OptionGroup var hostOptions: HostOptions

        @Option(help: "The format.")
        var format: Format

        @Option(help: ArgumentHelp("Which session: latest, all, or a session id.", valueName: "session"))
        var session: SessionArgument = SessionArgument(argument: "latest")!

        @Option(
            help: ArgumentHelp("Write to this file (created 0600; a symbolic link is refused).", valueName: "file"),
            completion: .file())
        var output: String?

        @Flag(help: "With --format csv: the region rows instead of the samples.")
        var regions = false

        func validate() throws {
            if regions && format != .csv { throw ValidationError("--regions is for --format csv") }
            try prometheus.rejectDatabaseOptions([
                ("--db", database.db != "memhist.db"), ("--session", session.selection != .latest),
                ("--host", !hostOptions.hosts.isEmpty), ("--metric", analysis.metric != .pss), ("--regions", regions),
            ])
        }

        func run() throws {
            let builder = try prometheus.builder(database: database, analysis: analysis, hosts: hostOptions)
            let sessions: ReportBuilder.SessionSelection = prometheus.isUsed ? .all : session.selection
            let ids = try builder.sessionIDs(sessions)
            // The most urgent first (growing, by confidence), as the table shows them.
            let reports = ReportSelection.sorted(try selection.selection().filter(try builder.build(sessions)))
            // Open the output only once the database has been read: a bad --db leaves no file.
            let file = try output.map { try OutputFile(path: $0) }
            let write: (String) throws -> Void = { text in
                if let file { try file.write(text) } else { writeAll(Array(text.utf8), to: 1) }
            }
            let progress = Progress(enabled: isatty(STDERR_FILENO) == 1)
            if format == .csv, let store = builder.reader as? HistoryStore {
                let document = try builder.document(
                    reports, sessionIDs: ids, withSeries: false, nowMs: SystemFacts.nowMs())
                let window = try builder.resolvedWindow(sessionIDs: ids)
                try CSVSeriesWriter(rows: regions ? .regions : .samples).write(
                    document, from: store, sinceMs: window.sinceMs, untilMs: window.untilMs, to: write)
                return
            }
            let document = try builder.document(
                reports, sessionIDs: ids, withSeries: true, nowMs: SystemFacts.nowMs(),
                progress: { done, total in progress.show("reading series \(done)/\(total)") })
            progress.clear()
            switch format {
            case .json: try write(JSONReportWriter(document: document).write())
            case .markdown:
                var renderer = ReportRenderer(reports: document.reports, sessions: document.sessions)
                renderer.trendOptions = builder.trendOptions
                renderer.marks = document.marks
                try write(MarkdownReportWriter(document: document, renderer: renderer).write())
            case .html: try write(HTMLReportWriter(document: document).write())
            // A PromQL series has no database rows: its points, from the document.
            case .csv: try CSVSeriesWriter(rows: .samples).writeSamples(document, to: write)
            }
        }
    }
}
