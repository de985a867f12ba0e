/// A row of the report's table: one process, or many short-lived processes of one command folded
/// into one line (``ReportSelection/folded(_:minimumSamples:)``).
public enum ReportRow: Sendable {
    /// One process.
    case process(ProcessReport)
    /// Processes of one command, each sampled too few times for a verdict.
    case shortLived(ShortLived)

    /// Processes of one command and session, each with fewer samples than a verdict needs: a shell
    /// loop's `sleep` and `curl`, say.
    public struct ShortLived: Sendable {
        /// The session they were recorded in.
        public var sessionID: Int64
        /// Their command, as ``StoredProcess/shortCommand`` shows it.
        public var command: String
        /// The processes, in the order they came.
        public var reports: [ProcessReport]

        /// The fewest samples of the metric one of them had.
        public var fewestSamples: Int { reports.map(\.trend.samples).min() ?? 0 }
        /// The most samples of the metric one of them had.
        public var mostSamples: Int { reports.map(\.trend.samples).max() ?? 0 }
    }
}
