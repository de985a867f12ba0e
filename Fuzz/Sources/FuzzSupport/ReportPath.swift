import Recorder

/// The report path of `memhist report` and `memhist compare`, run over every choice a user has.
public enum ReportPath {
    /// Builds the report of `store` for every metric, for the latest session, all sessions and
    /// each session by id (the first four), without a window and with each of `windows` (on
    /// latest and all), and compares the first two sessions (or a session with itself). Reports
    /// without a window are rendered in every format; those with one in one format, in turn
    /// (rendering is most of the time of a run). Thrown errors end one branch; only a trap or a
    /// sanitizer report is a finding.
    public static func exercise(
        _ store: HistoryStore, windows: [(since: TimeBound?, until: TimeBound?)] = [],
        options: TrendOptions = .default
    ) {
        guard let sessions = try? store.sessions() else { return }
        let ids = sessions.map(\.id)
        let selections: [ReportBuilder.SessionSelection] = [.latest, .all] + ids.prefix(4).map { .id($0) }
        var turn = 0
        for metric in Metric.allCases {
            var bySession: [(id: Int64, reports: [ProcessReport])] = []
            for selection in selections {
                let bounds: [(since: TimeBound?, until: TimeBound?)] =
                    [(nil, nil)] + (selection == .latest || selection == .all ? windows : [])
                for (since, until) in bounds {
                    var builder = ReportBuilder(store: store)
                    builder.metric = metric
                    builder.trendOptions = options
                    builder.since = since
                    builder.until = until
                    guard let chosen = try? builder.sessionIDs(selection),
                        let reports = try? builder.build(selection)
                    else { continue }
                    let renderer = ReportRenderer(reports: reports, sessions: sessions.filter { chosen.contains($0.id) })
                    if since == nil && until == nil {
                        for format in ReportFormat.allCases {
                            consume(renderer.render(format))
                        }
                    } else {
                        consume(renderer.render(ReportFormat.allCases[turn % ReportFormat.allCases.count]))
                        turn += 1
                    }
                    if case .id(let id) = selection, since == nil, until == nil {
                        bySession.append((id, reports))
                    }
                }
            }
            if let baseline = bySession.first {
                let candidate = bySession.dropFirst().first ?? baseline
                let comparison = RunComparison(baseline: baseline.reports, candidate: candidate.reports)
                let renderer = ComparisonRenderer(
                    comparison: comparison, baselineName: "fuzz.db session \(baseline.id)",
                    candidateName: "fuzz.db session \(candidate.id)")
                for format in ReportFormat.allCases {
                    consume(renderer.render(format))
                }
            }
        }
    }
}
