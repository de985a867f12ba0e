/// What a report reads about one process: its series of the metric and its regions at the
/// first and last region capture of the window.
public struct ProcessHistory: Sendable {
    /// The series, with the resident size and dirty memory beside it.
    public var series: SampleSeries
    /// The regions at the first and last region capture; nil when there is none.
    public var regions: (first: RegionSnapshot, last: RegionSnapshot)?

    /// Creates a history.
    public init(series: SampleSeries, regions: (first: RegionSnapshot, last: RegionSnapshot)?) {
        self.series = series
        self.regions = regions
    }
}

/// One process and the window (Unix ms, inclusive) to read it in.
public struct HistoryRequest: Sendable {
    /// The process.
    public var process: StoredProcess
    /// The window's start; nil: from the first sample.
    public var sinceMs: Int64?
    /// The window's end; nil: to the last sample.
    public var untilMs: Int64?

    /// Creates a request.
    public init(process: StoredProcess, sinceMs: Int64?, untilMs: Int64?) {
        self.process = process
        self.sinceMs = sinceMs
        self.untilMs = untilMs
    }
}

extension HistoryReader {
    /// The histories of several processes, in the order asked: one process at a time, for
    /// readers that have nothing better (a database keyed by time reads them in one pass).
    public func histories(_ requests: [HistoryRequest], metric: Metric) throws -> [ProcessHistory] {
        try requests.map { request in
            ProcessHistory(
                series: try series(
                    processID: request.process.id, metric: metric, sinceMs: request.sinceMs,
                    untilMs: request.untilMs),
                regions: try regionSnapshots(
                    processID: request.process.id, metric: metric, sinceMs: request.sinceMs,
                    untilMs: request.untilMs))
        }
    }

    /// The samples of several processes, in the order asked, one process at a time.
    public func samples(of requests: [HistoryRequest]) throws -> [ProcessSamples] {
        try requests.map {
            try samples(processID: $0.process.id, sinceMs: $0.sinceMs, untilMs: $0.untilMs)
        }
    }
}
