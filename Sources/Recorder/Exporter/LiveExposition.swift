/// The exposition a recording serves on `--listen`, shared between the recorder (which updates it
/// each tick), the live analysis (which adds verdicts) and the HTTP server's scrapes (which render
/// it). Every access takes a lock; a scrape renders a copy outside it.
public final class LiveExposition: @unchecked Sendable {
    private let lock = Lock()
    private var exposition: PrometheusExposition
    private let databasePath: String?

    /// An empty exposition; `databasePath`, when given, is measured for
    /// `memhist_database_size_bytes` at each scrape.
    public init(regionLimit: Int, databasePath: String?) {
        var exposition = PrometheusExposition()
        exposition.keepsEndedUntilServed = true
        exposition.regionLimit = regionLimit
        self.exposition = exposition
        self.databasePath = databasePath
    }

    /// How many growing regions each process shows.
    public var regionLimit: Int { lock.withLock { exposition.regionLimit } }

    /// Takes a stored tick.
    public func update(_ tick: RecordedTick) {
        lock.withLock { exposition.update(tick) }
    }

    /// Takes a live analysis's verdicts.
    public func update(verdicts: [LiveVerdict.Key: LiveVerdict], cpuNs: UInt64, timeMs: Int64) {
        lock.withLock { exposition.update(verdicts: verdicts, cpuNs: cpuNs, timeMs: timeMs) }
    }

    /// The exposition for one scrape, in `format`; the processes that had ended are in it for the
    /// last time.
    public func scrape(_ format: PrometheusExposition.Format) -> String {
        let databaseBytes = databasePath.map(DatabaseFile.sizeWithLog)
        let copy = lock.withLock {
            exposition.update(databaseBytes: databaseBytes)
            let copy = exposition
            exposition.served()
            return copy
        }
        return copy.text(format)
    }
}
