/// Writes a ``ReportDocument`` as Markdown for a ticket: the report's Markdown
/// (``ReportRenderer``: the sessions, the summary table, per process its verdict and reason, a
/// sparkline, its forecast and its region growth) with, per process, a Mermaid `xychart-beta`
/// chart of its series when the document has them.
public struct MarkdownReportWriter {
    /// The document.
    public var document: ReportDocument
    /// The renderer's settings (width, thresholds, grouping); its reports, sessions and samples
    /// are the document's.
    public var renderer: ReportRenderer

    /// Creates a writer.
    public init(document: ReportDocument, renderer: ReportRenderer? = nil) {
        self.document = document
        var renderer = renderer ?? ReportRenderer(reports: document.reports, sessions: document.sessions)
        renderer.reports = document.reports
        renderer.sessions = document.sessions
        renderer.samples = document.samples
        self.renderer = renderer
    }

    /// The document in Markdown, ending with a newline.
    public func write() -> String {
        renderer.render(.markdown)
    }
}
