/// Everything a shared report shows, built once from a ``HistoryReader``: the sessions, each
/// process's report (trend, forecast, region growth), and, for charts and series exports, its
/// samples with every measure and its top growing regions over time. Each output format is one
/// writer over this value.
public struct ReportDocument: Sendable {
    /// Where the recordings were read (the database's path).
    public var location: String
    /// The sessions shown, oldest first.
    public var sessions: [SessionInfo]
    /// The metric the trends follow.
    public var metric: Metric
    /// One report per process, in the order to show them.
    public var reports: [ProcessReport]
    /// Each process's samples, by process row id (empty when not asked for).
    public var samples: [Int64: ProcessSamples]
    /// Each process's top growing regions over time, by process row id (empty when not asked for).
    public var regionSeries: [Int64: RegionSeries]
    /// When the document was made, Unix ms.
    public var generatedMs: Int64
    /// The marks of the sessions within the window, in time order.
    public var marks: [Mark] = []

    /// Creates a document.
    public init(
        location: String, sessions: [SessionInfo], metric: Metric, reports: [ProcessReport],
        samples: [Int64: ProcessSamples] = [:], regionSeries: [Int64: RegionSeries] = [:], generatedMs: Int64,
        marks: [Mark] = []
    ) {
        self.marks = marks
        self.location = location
        self.sessions = sessions
        self.metric = metric
        self.reports = reports
        self.samples = samples
        self.regionSeries = regionSeries
        self.generatedMs = generatedMs
    }

    /// The session a process was recorded in.
    public func session(of report: ProcessReport) -> SessionInfo? {
        sessions.first { $0.id == report.process.sessionID }
    }
}

extension ReportBuilder {
    /// How many growing regions a document charts per process.
    public static let chartedRegions = 5

    /// Builds the document of `reports` (from ``build(_:)``, filtered and ordered as shown).
    ///
    /// - Parameters:
    ///   - withSeries: also read every process's samples and its top growing regions over time.
    ///   - progress: called after each process's region series is read (every process's samples
    ///     are read before, in one pass), with the count done and the total.
    public func document(
        _ reports: [ProcessReport], sessionIDs: [Int64], withSeries: Bool, nowMs: Int64,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> ReportDocument {
        let ids = Set(sessionIDs)
        var document = ReportDocument(
            location: reader.location, sessions: try reader.sessions().filter { ids.contains($0.id) }, metric: metric,
            reports: reports, generatedMs: nowMs)
        let window = resolvingWindow(try reader.processes(sessionIDs: sessionIDs))
        document.marks = try reader.marks(sessionIDs: sessionIDs, sinceMs: window.sinceMs, untilMs: window.untilMs)
        guard withSeries else { return document }
        // Every process's samples in one read (a database keyed by time reads them in one pass).
        let requests = reports.map { window.request($0.process) }
        for (request, samples) in zip(requests, try reader.samples(of: requests)) {
            document.samples[request.process.id] = samples
        }
        for (done, (report, request)) in zip(reports, requests).enumerated() {
            let process = report.process
            let grown = report.regions.filter { $0.growthBytes > 0 }.prefix(Self.chartedRegions).map(\.label)
            if !grown.isEmpty {
                document.regionSeries[process.id] = try reader.regionSeries(
                    processID: process.id, metric: metric, labels: Array(grown), sinceMs: request.sinceMs,
                    untilMs: request.untilMs)
            }
            progress(done + 1, reports.count)
        }
        return document
    }
}
