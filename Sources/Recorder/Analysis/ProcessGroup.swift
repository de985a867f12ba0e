/// Processes taken together: those of one command, or one process tree, with their totals.
///
/// The totals add up each process's own values: ``firstBytes`` is the sum of every process's
/// first sample, taken whenever that process was first sampled; ``peakBytes`` the sum of their
/// peaks, which need not have been at the same moment (so the group never held more than that,
/// and may never have held that much). They are not the group's total at any one time.
public struct ProcessGroup: Sendable {
    /// How processes are put together.
    public enum Grouping: String, Sendable, CaseIterable {
        /// The processes of one command (``StoredProcess/shortCommand``) and session.
        case command
        /// A root and its recorded descendants, found by parent pid within a session.
        case tree
    }

    /// The session the processes were recorded in.
    public var sessionID: Int64
    /// The command they share; for a tree, the root's command.
    public var command: String
    /// For a tree, its root: the process whose parent is not among those grouped.
    public var root: StoredProcess?
    /// The processes, in the order they came.
    public var reports: [ProcessReport]

    /// How many processes the group holds.
    public var processCount: Int { reports.count }
    /// How many of them have at least one sample of the metric; the sums below are over these.
    public var measuredCount: Int { measured.count }
    /// The sum of each process's first value of the metric.
    public var firstBytes: Double { measured.reduce(0) { $0 + $1.trend.first } }
    /// The sum of each process's last value of the metric.
    public var lastBytes: Double { measured.reduce(0) { $0 + $1.trend.last } }
    /// The sum of each process's own peak of the metric.
    public var peakBytes: Double { measured.reduce(0) { $0 + $1.trend.peak } }
    /// The sum of each process's growth: ``lastBytes`` − ``firstBytes``.
    public var growthBytes: Double { measured.reduce(0) { $0 + $1.trend.growth } }
    /// How many processes got each verdict; verdicts no process got are absent.
    public var verdictCounts: [Verdict: Int] {
        reports.reduce(into: [:]) { $0[$1.trend.verdict, default: 0] += 1 }
    }

    private var measured: [ProcessReport] { reports.filter { $0.trend.samples > 0 } }
}
