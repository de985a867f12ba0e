/// A ``HistoryReader`` over the answer of a PromQL range query: the same analysis and the same
/// writers as a memhist database, over fleet data (which of fifty hosts' series leaks).
///
/// The answer reads as one session and one "process" per series:
/// - the session: from the range's start to its end, every step, on the URL's host and port,
///   selecting the query;
/// - each series: pid and row id its place in the answer (1, 2, …), its command the series as
///   Prometheus writes it (`name{label="value", …}`, ``PrometheusSeries/labelText``), which the
///   writers escape as they escape every command line; its values the metric ``Metric/promql``,
///   taken as bytes.
/// There are no regions, marks, host memory or resident sizes: a forecast, a peak resident and a
/// region breakdown are left out of the report.
public struct PrometheusHistoryReader: HistoryReader {
    /// The server's URL.
    public let location: String
    /// The one session.
    public let session: SessionInfo
    /// The answer's series, in the order of the answer.
    public let allSeries: [PrometheusSeries]

    /// A reader of series already fetched (`query` over `range` from `url`).
    public init(url: String, host: String, query: String, range: PrometheusRange, series: [PrometheusSeries]) {
        location = url
        allSeries = series
        session = SessionInfo(
            id: 1, startedMs: range.startMs, endedMs: range.endMs, stopReason: nil, host: host,
            kernel: "Prometheus range query", pageSize: 0, clockTicks: 0, bootTimeMs: nil, intervalMs: range.stepMs,
            selection: query, regionsMode: "off", regionsEvery: 0, memhistVersion: MemhistVersion.current)
    }

    /// Queries `client` for `query` over `range`.
    ///
    /// - Throws: ``PrometheusError``, ``PrometheusError/noSeries(query:startMs:endMs:)`` when the
    ///   answer holds no series with a point.
    public static func query(_ query: String, over range: PrometheusRange, client: PrometheusClient) throws
        -> PrometheusHistoryReader
    {
        let series = try client.queryRange(query, over: range).filter { !$0.timesMs.isEmpty }
        guard !series.isEmpty else {
            throw PrometheusError.noSeries(query: query, startMs: range.startMs, endMs: range.endMs)
        }
        return PrometheusHistoryReader(
            url: client.baseURL, host: client.authority, query: query, range: range, series: series)
    }

    public func sessions() throws -> [SessionInfo] { [session] }

    public func processes(sessionIDs: [Int64]) throws -> [StoredProcess] {
        guard sessionIDs.contains(session.id) else { return [] }
        return allSeries.enumerated().map { index, series in
            StoredProcess(
                id: Int64(index + 1), sessionID: session.id, pid: Int32(clamping: index + 1), startTime: 0,
                parentPid: nil, name: series.name ?? "series", command: series.labelText,
                firstSeenMs: series.timesMs.first ?? session.startedMs,
                lastSeenMs: series.timesMs.last ?? session.startedMs, execMs: nil, endReason: nil, exitStatus: nil,
                labels: series.labels)
        }
    }

    /// The points of the series with row id `processID` within the window.
    private func points(_ processID: Int64, sinceMs: Int64?, untilMs: Int64?) -> (timesMs: [Int64], values: [Int]) {
        guard processID >= 1, processID <= Int64(allSeries.count) else { return ([], []) }
        let series = allSeries[Int(processID - 1)]
        let kept = series.timesMs.indices.filter {
            series.timesMs[$0] >= (sinceMs ?? .min) && series.timesMs[$0] <= (untilMs ?? .max)
        }
        return (kept.map { series.timesMs[$0] }, kept.map { series.values[$0] })
    }

    public func series(processID: Int64, metric: Metric, sinceMs: Int64?, untilMs: Int64?) throws -> SampleSeries {
        let points = points(processID, sinceMs: sinceMs, untilMs: untilMs)
        var series = SampleSeries()
        series.rows = points.timesMs.count
        series.timesMs = points.timesMs
        series.values = points.values.map(Double.init)
        return series
    }

    public func regionSnapshots(processID: Int64, metric: Metric, sinceMs: Int64?, untilMs: Int64?) throws
        -> (first: RegionSnapshot, last: RegionSnapshot)?
    { nil }

    public func marks(sessionIDs: [Int64], sinceMs: Int64?, untilMs: Int64?) throws -> [Mark] { [] }

    public func hostSeries(sessionID: Int64, sinceMs: Int64?, untilMs: Int64?) throws -> HostSeries { HostSeries() }

    public func samples(processID: Int64, sinceMs: Int64?, untilMs: Int64?) throws -> ProcessSamples {
        let points = points(processID, sinceMs: sinceMs, untilMs: untilMs)
        var samples = ProcessSamples()
        samples.timesMs = points.timesMs
        samples.promql = points.values
        return samples
    }

    public func regionSeries(processID: Int64, metric: Metric, labels: [String], sinceMs: Int64?, untilMs: Int64?)
        throws -> RegionSeries
    { RegionSeries() }
}
