import Foundation

/// Judges the live processes of a recording while it records, for `record --listen`: the report's
/// ``ReportBuilder`` over the same database, on another thread with its own read-only connection,
/// so its verdicts are the ones `memhist report` would give at that moment.
///
/// Its cost is bounded by the recording's: each tick earns the analysis ``share`` of the tick's
/// wall time, and a pass starts only when the credit covers what the last pass cost. Early in a
/// recording, when a pass is cheap, verdicts follow within a few ticks; over a day of samples a
/// pass costs more and comes less often (`memhist_last_analysis_timestamp_seconds` tells how old
/// the verdicts are).
public final class LiveAnalysis: @unchecked Sendable {
    /// The share of the recording's own tick time the analysis may spend.
    public static let share = 0.05

    private let databasePath: String
    private let metric: Metric
    private let exposition: LiveExposition
    private let lock = NSLock()
    private let group = DispatchGroup()
    private var running = false
    private var creditNs: Double = 0
    private var lastCostNs: Double = 0
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
        creditNs += Double(tick.durationNs) * Self.share
        // Before the report's minimum sample count, every verdict would be insufficient_data.
        guard !running, creditNs >= lastCostNs, tick.ticks >= TrendOptions.default.minimumSamples else { return }
        running = true
        let sessionID = tick.sessionID
        DispatchQueue.global(qos: .utility).async(group: group) { [self] in
            var startNs = DispatchTime.now().uptimeNanoseconds
            var message: String?
            do {
                // Opening the connection is a one-off: it is not charged to the passes.
                if store == nil {
                    store = try HistoryStore(path: databasePath, access: .readOnly)
                    startNs = DispatchTime.now().uptimeNanoseconds
                }
                let verdicts = try judge(sessionID: sessionID)
                let costNs = DispatchTime.now().uptimeNanoseconds - startNs
                exposition.update(verdicts: verdicts, durationNs: costNs, timeMs: SystemFacts.nowMs())
            } catch {
                message = "live analysis: \(error)"
            }
            let costNs = Double(DispatchTime.now().uptimeNanoseconds - startNs)
            lock.lock()
            running = false
            lastCostNs = costNs
            creditNs -= costNs
            if let message { failure = message }
            lock.unlock()
        }
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
        for process in try store.processes(sessionIDs: [sessionID]) where process.endReason == nil {
            let key = LiveVerdict.Key(pid: process.pid, startTime: process.startTime)
            verdicts[key] = LiveVerdict(try builder.report(process), regionLimit: regionLimit)
        }
        return verdicts
    }
}
