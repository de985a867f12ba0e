/// The output formats of `memhist report`.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// Aligned columns in human units, for the terminal.
    case table
    /// One JSON object `{"processes": [...]}`, sizes in bytes.
    case json
    /// One row per process, sizes in bytes.
    case csv
    /// A Markdown table and region lists, for sharing.
    case markdown
}
