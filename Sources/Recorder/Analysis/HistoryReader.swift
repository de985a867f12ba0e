/// Where reports read recordings from: the report side's seam. ``HistoryStore`` implements it
/// over a memhist database; another reader (a Prometheus range query) can feed the same
/// analysis and the same writers.
///
/// Every read takes an optional window `[sinceMs, untilMs]` (Unix ms, inclusive).
public protocol HistoryReader {
    /// Where the history is, for messages (a file path).
    var location: String { get }
    /// Every session, oldest first.
    func sessions() throws -> [SessionInfo]
    /// The processes of the sessions, in order of first sight.
    func processes(sessionIDs: [Int64]) throws -> [StoredProcess]
    /// One process's series of `metric`, with its resident size and dirty memory beside it.
    func series(processID: Int64, metric: Metric, sinceMs: Int64?, untilMs: Int64?) throws -> SampleSeries
    /// One process's regions at its first and last region capture in the window.
    func regionSnapshots(processID: Int64, metric: Metric, sinceMs: Int64?, untilMs: Int64?) throws
        -> (first: RegionSnapshot, last: RegionSnapshot)?
    /// The series and region snapshots of several processes, in the order asked: what a report
    /// reads. A default reads one process at a time (``series(processID:metric:sinceMs:untilMs:)``
    /// and ``regionSnapshots(processID:metric:sinceMs:untilMs:)``).
    func histories(_ requests: [HistoryRequest], metric: Metric) throws -> [ProcessHistory]
    /// The marks of the sessions in the window, in time order.
    func marks(sessionIDs: [Int64], sinceMs: Int64?, untilMs: Int64?) throws -> [Mark]
    /// A session's host and cgroup memory.
    func hostSeries(sessionID: Int64, sinceMs: Int64?, untilMs: Int64?) throws -> HostSeries
    /// Several processes' samples with every measure, in the order asked: what a document with
    /// charts reads. A default reads one process at a time
    /// (``samples(processID:sinceMs:untilMs:)``).
    func samples(of requests: [HistoryRequest]) throws -> [ProcessSamples]
    /// One process's samples with every measure, for charts and exports.
    func samples(processID: Int64, sinceMs: Int64?, untilMs: Int64?) throws -> ProcessSamples
    /// The given labels of one process (and the rest summed) at each region capture.
    func regionSeries(processID: Int64, metric: Metric, labels: [String], sinceMs: Int64?, untilMs: Int64?) throws
        -> RegionSeries
}
