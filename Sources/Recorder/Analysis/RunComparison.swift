/// Two recordings side by side: each process of one matched to the process of the other that
/// ran the same command, to see how growth, slope and peak changed between runs.
public struct RunComparison: Sendable {
    /// One matched (or unmatched) command.
    public struct Row: Sendable {
        /// The command both processes ran (or the one that ran).
        public var command: String
        /// The process in the first (baseline) run, if any.
        public var baseline: ProcessReport?
        /// The process in the second (candidate) run, if any.
        public var candidate: ProcessReport?

        /// Candidate growth − baseline growth, in bytes; nil unless both ran.
        public var growthChange: Double? {
            guard let baseline, let candidate, baseline.trend.samples > 0, candidate.trend.samples > 0 else {
                return nil
            }
            return candidate.trend.growth - baseline.trend.growth
        }

        /// Candidate slope − baseline slope, in bytes per hour.
        public var slopeChange: Double? {
            guard let baseline, let candidate else { return nil }
            return candidate.trend.slopePerHour - baseline.trend.slopePerHour
        }

        /// Candidate peak resident − baseline peak resident, in bytes.
        public var peakChange: Int? {
            guard let before = baseline?.peakResidentBytes, let after = candidate?.peakResidentBytes else { return nil }
            let (change, overflow) = after.subtractingReportingOverflow(before)
            return overflow ? nil : change
        }
    }

    /// The rows: matched commands in the baseline's order, then the candidate's unmatched ones.
    public var rows: [Row]

    /// Matches processes by their command line; processes sharing a command are paired in
    /// order of first sight. Unmatched processes get a row with one side empty.
    public init(baseline: [ProcessReport], candidate: [ProcessReport]) {
        var unmatched = candidate
        var rows: [Row] = []
        for report in baseline {
            let command = report.process.displayCommand
            if let index = unmatched.firstIndex(where: { $0.process.displayCommand == command }) {
                rows.append(Row(command: command, baseline: report, candidate: unmatched.remove(at: index)))
            } else {
                rows.append(Row(command: command, baseline: report, candidate: nil))
            }
        }
        // A second pass for commands whose arguments changed: the same executable name.
        for index in rows.indices where rows[index].candidate == nil {
            let name = rows[index].baseline?.process.name
            if let match = unmatched.firstIndex(where: { $0.process.name == name }) {
                rows[index].candidate = unmatched.remove(at: match)
            }
        }
        rows += unmatched.map { Row(command: $0.process.displayCommand, baseline: nil, candidate: $0) }
        self.rows = rows
    }
}
