import Dispatch

/// Builds the per-process report of one or more sessions from a ``HistoryReader`` (a memhist
/// database, ``HistoryStore``).
public struct ReportBuilder {
    /// Which sessions to report.
    public enum SessionSelection: Sendable, Equatable {
        /// The most recent session.
        case latest
        /// Every session.
        case all
        /// One session by id.
        case id(Int64)
    }

    /// Where the recordings are read.
    public var reader: HistoryReader
    /// The metric the trends follow.
    public var metric: Metric = .pss
    /// Thresholds of the verdicts.
    public var trendOptions: TrendOptions = .default
    /// Only samples at or after this time, Unix ms.
    public var sinceMs: Int64?
    /// Only samples at or before this time, Unix ms.
    public var untilMs: Int64?
    /// Window bounds as typed; resolved against the selected sessions' last sample by ``build(_:)``.
    public var since: TimeBound?
    /// See ``since``.
    public var until: TimeBound?
    /// Only sessions recorded on these hosts (the `host` column), all when empty: ``sessionIDs(_:)``
    /// takes the latest, all or an id among them.
    public var hosts: [String] = []

    /// Creates a builder with the defaults (PSS, default thresholds, whole sessions).
    public init(reader: HistoryReader) {
        self.reader = reader
    }

    /// Creates a builder over a memhist database.
    public init(store: HistoryStore) {
        self.init(reader: store)
    }

    /// The ids of the selected sessions.
    /// - Throws: ``StoreError/noRecordings(path:detail:)`` when there is no such session.
    public func sessionIDs(_ selection: SessionSelection) throws -> [Int64] {
        let sessions = try reader.sessions()
        let all = sessions.filter { hosts.isEmpty || hosts.contains($0.host) }.map(\.id)
        switch selection {
        case .all, .latest:
            guard let last = all.last else {
                throw StoreError.noRecordings(
                    path: reader.location,
                    detail: sessions.isEmpty ? "no recording sessions yet" : noSessionOnHosts(sessions))
            }
            return selection == .all ? all : [last]
        case .id(let id):
            guard all.contains(id) else {
                let among = hosts.isEmpty ? "" : " on host \(hosts.joined(separator: " or "))"
                throw StoreError.noRecordings(
                    path: reader.location,
                    detail: "no session \(id)\(among) (sessions: \(all.map(String.init).joined(separator: ", ")))")
            }
            return [id]
        }
    }

    /// Says that no session was recorded on ``hosts``, and names the hosts that have sessions.
    private func noSessionOnHosts(_ sessions: [SessionInfo]) -> String {
        var known: [String] = []
        for session in sessions where !known.contains(session.host) { known.append(session.host) }
        return
            "no session recorded on host \(hosts.joined(separator: " or ")) (hosts: \(known.joined(separator: ", ")))"
    }

    /// One report per process of the selected sessions, in order of first sight.
    ///
    /// The database is read on this thread (one connection); the trends, which take most of
    /// the time over a long recording, are computed on the other cores meanwhile.
    public func build(_ selection: SessionSelection) throws -> [ProcessReport] {
        try build(selection, concurrently: true)
    }

    /// ``build(_:)``, with the trends on other cores or, when not `concurrently`, all on this
    /// thread (the recorder's live analysis, which charges its passes by this thread's CPU time).
    public func build(_ selection: SessionSelection, concurrently: Bool) throws -> [ProcessReport] {
        let processes = try reader.processes(sessionIDs: try sessionIDs(selection))
        let resolved = resolvingWindow(processes)
        // Read a batch of processes in one pass on this thread (one connection) and hand each
        // to another core for its trends, so reading the next batch overlaps their analysis.
        let metric = self.metric
        let options = self.trendOptions
        let slots = ReportSlots(count: processes.count)
        let group = DispatchGroup()
        defer { group.wait() }
        var hosts: [Int64: HostSeries] = [:]
        for batch in try resolved.batches(processes) {
            let histories = try reader.histories(batch.map { resolved.request(processes[$0]) }, metric: metric)
            for (index, history) in zip(batch, histories) {
                let process = processes[index]
                if hosts[process.sessionID] == nil {
                    hosts[process.sessionID] = try reader.hostSeries(
                        sessionID: process.sessionID, sinceMs: resolved.sinceMs, untilMs: resolved.untilMs)
                }
                let input = Input(
                    process: process, series: history.series, regions: history.regions,
                    host: hosts[process.sessionID]!)
                if concurrently {
                    DispatchQueue.global().async(group: group) {
                        slots.store(Self.analyze(input, metric: metric, options: options), at: index)
                    }
                } else {
                    slots.store(Self.analyze(input, metric: metric, options: options), at: index)
                }
            }
        }
        group.wait()
        return slots.reports
    }

    /// About how many samples one read may hold in memory (some 50 bytes each).
    static let samplesPerBatch = 2_000_000

    /// `processes`' indices in batches of about ``samplesPerBatch`` samples, estimated from
    /// each one's time in the window and its session's interval.
    func batches(_ processes: [StoredProcess]) throws -> [[Int]] {
        let intervals = Dictionary(
            try reader.sessions().map { ($0.id, max(1, $0.intervalMs)) }, uniquingKeysWith: { first, _ in first })
        var batches: [[Int]] = []
        var current: [Int] = []
        var samples = 0
        for (index, process) in processes.enumerated() {
            let from = max(sinceMs ?? .min, process.firstSeenMs)
            let to = min(untilMs ?? .max, process.lastSeenMs)
            let estimate =
                from > to
                ? 1
                : Int(min(Int64(Self.samplesPerBatch), (to - from) / intervals[process.sessionID, default: 1_000] + 1))
            if !current.isEmpty && samples + estimate > Self.samplesPerBatch {
                batches.append(current)
                current = []
                samples = 0
            }
            current.append(index)
            samples += estimate
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    /// What to read of `process`: the window, from its exec on (samples before an exec are the
    /// launcher's: `env`, `sh -c`, a shim).
    func request(_ process: StoredProcess) -> HistoryRequest {
        HistoryRequest(process: process, sinceMs: [sinceMs, process.execMs].compactMap { $0 }.max(), untilMs: untilMs)
    }

    /// This builder with ``since`` and ``until`` resolved into ``sinceMs`` and ``untilMs``
    /// against the last sight of `processes` (those of the selected sessions).
    func resolvingWindow(_ processes: [StoredProcess]) -> ReportBuilder {
        var resolved = self
        if since != nil || until != nil {
            let endMs = processes.map(\.lastSeenMs).max() ?? 0
            if let since { resolved.sinceMs = since.resolve(endMs: endMs) }
            if let until { resolved.untilMs = until.resolve(endMs: endMs) }
        }
        return resolved
    }

    /// The window (``sinceMs``, ``untilMs``) with ``since`` and ``until`` resolved against the
    /// selected sessions' last sample.
    public func resolvedWindow(sessionIDs: [Int64]) throws -> (sinceMs: Int64?, untilMs: Int64?) {
        let resolved = resolvingWindow(try reader.processes(sessionIDs: sessionIDs))
        return (resolved.sinceMs, resolved.untilMs)
    }

    /// The report of one process.
    public func report(_ process: StoredProcess) throws -> ProcessReport {
        let host = try reader.hostSeries(sessionID: process.sessionID, sinceMs: sinceMs, untilMs: untilMs)
        return Self.analyze(try input(process, host: host), metric: metric, options: trendOptions)
    }

    /// What the database holds about one process, read before the analysis.
    struct Input: Sendable {
        var process: StoredProcess
        var series: SampleSeries
        var regions: (first: RegionSnapshot, last: RegionSnapshot)?
        var host: HostSeries
    }

    private func input(_ process: StoredProcess, host: HostSeries) throws -> Input {
        let history = try reader.histories([request(process)], metric: metric)[0]
        return Input(process: process, series: history.series, regions: history.regions, host: host)
    }

    private static func analyze(_ input: Input, metric: Metric, options: TrendOptions) -> ProcessReport {
        let series = input.series
        var trend = TrendAnalyzer.analyze(timesMs: series.timesMs, values: series.values, options: options)
        var judged = (timesMs: series.timesMs, values: series.values)
        if let sparse = SparseMetric.check(
            metric: metric, metricTimesMs: series.timesMs, tickTimesMs: series.residentTimesMs, options: options)
        {
            // Judge on the resident size, which every tick measured, unless it cannot be judged either.
            let resident = (timesMs: series.residentTimesMs, values: series.resident.map(Double.init))
            let residentTrend = TrendAnalyzer.analyze(
                timesMs: resident.timesMs, values: resident.values, options: options)
            if residentTrend.verdict != .insufficientData || trend.verdict == .insufficientData {
                trend = trend.judged(onResident: residentTrend, because: sparse)
                judged = resident
            }
        }
        if trend.verdict == .growing {
            trend.growingSinceMs = TrendAnalyzer.growingSince(
                timesMs: judged.timesMs, values: judged.values, options: options)
        }
        let dirtyTrend = TrendAnalyzer.analyze(
            timesMs: series.dirtyTimesMs, values: series.dirtyPlusSwap.map(Double.init), options: options)
        var peakIndex: Int?
        for index in series.resident.indices
        where peakIndex == nil || series.resident[index] > series.resident[peakIndex!] {
            peakIndex = index
        }
        let regions = input.regions.map { RegionGrowth.ranked(first: $0.first, last: $0.last) } ?? []
        let coverage = input.regions.map {
            RegionCoverage.of(
                regions, firstMs: $0.first.timeMs, lastMs: $0.last.timeMs,
                totalGrowthBytes: trend.samples > 0 ? trend.growth : 0)
        }
        return ProcessReport(
            process: input.process, metric: metric, trend: trend, sampleCount: series.rows,
            peakResidentBytes: peakIndex.map { series.resident[$0] },
            peakResidentTimeMs: peakIndex.map { series.residentTimesMs[$0] },
            kernelPeakResidentBytes: series.peakHighWaterMark,
            dirtyFirstBytes: series.dirtyPlusSwap.first, dirtyLastBytes: series.dirtyPlusSwap.last,
            dirtyTrend: dirtyTrend, forecast: Forecast.compute(trend: trend, host: input.host, options: options),
            levels: Self.levels(series, slices: 24), regions: regions, regionCoverage: coverage)
    }

    /// The median value in each of `slices` equal slices of the series' time span (empty slices
    /// take the previous level).
    static func levels(_ series: SampleSeries, slices: Int) -> [Double] {
        guard let start = series.timesMs.first, let end = series.timesMs.last else { return [] }
        let span = max(1, end - start)
        var buckets = [[Double]](repeating: [], count: slices)
        for (time, value) in zip(series.timesMs, series.values) {
            buckets[min(slices - 1, Int((time - start) * Int64(slices) / span))].append(value)
        }
        var levels: [Double] = []
        for bucket in buckets {
            if bucket.isEmpty {
                if let previous = levels.last { levels.append(previous) }
                continue
            }
            let sorted = bucket.sorted()
            levels.append(sorted[sorted.count / 2])
        }
        return levels
    }
}

/// Where concurrent analyses leave their reports: each writes only its own slot, and the slots
/// are read after all of them finished.
private final class ReportSlots: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<ProcessReport?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ report: ProcessReport, at index: Int) {
        slots[index] = report
    }

    var reports: [ProcessReport] { slots.map { $0! } }
}
