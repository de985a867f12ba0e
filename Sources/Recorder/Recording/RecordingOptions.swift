/// What to record, how often, and when to stop.
public struct RecordingOptions: Sendable {
    /// Time between ticks, in milliseconds.
    public var intervalMs: Int64 = 1000
    /// Stop after this long; nil: no limit.
    public var durationMs: Int64?
    /// Stop after this many ticks; nil: no limit.
    public var maxSamples: Int?
    /// Processes to record with all their descendants, including those started later.
    public var treeRoots: [Int32] = []
    /// Record every process whose command line matches this regular expression, including
    /// those that start later.
    public var matchPattern: String?
    /// Record every process (except kernel threads and memhist itself).
    public var all = false
    /// A command to start and record, with its descendants, until it exits; empty: none.
    public var command: [String] = []
    /// How regions are stored.
    public var regionsMode: RegionsMode = .grouped
    /// Regions are captured on a process's first sample, every this many ticks, and on the
    /// last tick of a normal stop.
    public var regionsEvery: Int = 10
    /// Whether the user set ``regionsEvery``: then it is obeyed whatever the budget.
    public var regionsEveryExplicit = false
    /// The share of wall time memhist may spend walking one target's pages (smaps_rollup and
    /// smaps); nil: no budget, every tick reads smaps_rollup. Default 1%.
    public var pageWalkBudget: Double? = 0.01
    /// Whether to record the host's memory and cgroup each tick.
    public var recordHost: Bool = true
    /// Whether to show a status line (elapsed, samples, processes alive, total PSS, database
    /// size), rewritten every tick.
    public var statusLine = false
    /// The selection as the user gave it, stored with the session.
    public var selectionText: String = ""
    /// Other sessions whose last write is older than this are removed while recording (see
    /// ``RecordingLoop/maintenanceIntervalNs``); nil: none.
    public var retainMs: Int64?
    /// Samples older than this are thinned to three a minute while recording
    /// (``HistoryStore/downsample(before:)``); nil: none.
    public var downsampleAfterMs: Int64?

    /// Creates options with the defaults: 1 s interval, no limit, grouped regions every 10th tick.
    public init() {}
}
