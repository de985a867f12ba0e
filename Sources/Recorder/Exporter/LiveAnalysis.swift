import Dispatch

/// Judges the live processes of a recording while it records, for `record --listen`: the report's
/// ``ReportBuilder`` over the same database, on another thread with its own read-only connection,
/// so its verdicts are the ones `memhist report` would give at that moment.
///
/// Its cost is bounded by the recording's: each tick earns the analysis ``share`` of the CPU time
/// the tick took, and a pass (all on one thread, charged by that thread's CPU time) starts only
/// when the credit covers what the last pass cost, or for the first what one is expected to cost.
/// Early in a recording, when a pass is cheap, verdicts follow within a few dozen ticks; over a day
/// of samples a pass costs more and comes less often (`memhist_last_analysis_timestamp_seconds`
/// tells how old the verdicts are).
public final class LiveAnalysis: @unchecked Sendable {
    /// The share of the recording's own CPU time (its ticks') the analysis may spend.
    public static let share = 0.03

    private let databasePath: String
    private let metric: Metric
    private let exposition: LiveExposition
    private let lock = Lock()
    private let group = DispatchGroup()
    private var running = false
    private var creditNs: Double = 0
    /// What the last pass cost, the estimate of the next; nil before the first.
    private var lastCostNs: Double?
    private var failure: String?
    /// The passes' connection, opened by the first and kept: passes never overlap.
    private var store: HistoryStore?

    /// An analysis of the recording in `databasePath` following `metric`, publishing to `exposition`.
    public init(databasePath: String, metric: Metric, exposition: LiveExposition) {
        self.databasePath = databasePath
        self.metric = metric
        self.exposition = exposition
    }

    /// Notes a stored tick, and starts a pass when the credit allows and none is running.
    public func noteTick(_ tick: RecordedTick) {
        lock.lock()
        defer { lock.unlock() }
        creditNs += Double(tick.cpuNs) * Self.share
        // Before the report's minimum sample count, every verdict would be insufficient_data.
        guard !running, tick.ticks >= TrendOptions.default.minimumSamples else { return }
        let estimateNs = lastCostNs ?? Self.firstPassEstimateNs(processes: tick.captures.count, samples: tick.samples)
        guard creditNs >= estimateNs else { return }
        running = true
        let sessionID = tick.sessionID
        DispatchQueue.global(qos: .utility).async(group: group) { [self] in
            let openingNs = SystemFacts.threadCPUNs()
            var startNs = openingNs
            var message: String?
            do {
                // Opening the connection is a one-off: it is paid from the credit, but left out of
                // what the next pass is expected to cost.
                if store == nil {
                    store = try HistoryStore(path: databasePath, access: .readOnly)
                    startNs = SystemFacts.threadCPUNs()
                }
                let verdicts = try judge(sessionID: sessionID)
                let costNs = SystemFacts.threadCPUNs() - startNs
                exposition.update(verdicts: verdicts, cpuNs: costNs, timeMs: SystemFacts.nowMs())
            } catch {
                message = "live analysis: \(error)"
            }
            let costNs = Double(SystemFacts.threadCPUNs() - startNs)
            lock.lock()
            running = false
            lastCostNs = costNs
            creditNs -= costNs + Double(startNs - openingNs)
            if let message { failure = message }
            lock.unlock()
        }
    }

    /// What a first pass is expected to cost before one was measured: about what a report of that
    /// many processes and samples takes in a release build (0.4 ms per process, reading its series,
    /// and 20 µs per sample, mostly the trend's change-point search). Later passes are expected to
    /// cost what the last one did.
    static func firstPassEstimateNs(processes: Int, samples: Int) -> Double {
        Double(processes) * 400_000 + Double(samples) * 20_000
    }

    /// The last pass's error, once; nil when none failed since the last call.
    public func takeFailure() -> String? {
        lock.lock()
        defer { lock.unlock() }
        defer { failure = nil }
        return failure
    }

    /// Waits for a running pass to finish.
    public func wait() {
        group.wait()
    }

    /// The verdict of every live process of the session.
    private func judge(sessionID: Int64) throws -> [LiveVerdict.Key: LiveVerdict] {
        guard let store else { return [:] }
        var builder = ReportBuilder(store: store)
        builder.metric = metric
        let regionLimit = exposition.regionLimit
        var verdicts: [LiveVerdict.Key: LiveVerdict] = [:]
        for report in try builder.build(.id(sessionID), concurrently: false) where report.process.endReason == nil {
            let key = LiveVerdict.Key(pid: report.process.pid, startTime: report.process.startTime)
            verdicts[key] = LiveVerdict(report, regionLimit: regionLimit)
        }
        return verdicts
    }
}
