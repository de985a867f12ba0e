import ArgumentParser
import Recorder

/// Options that shape the analysis, shared by `report` and `compare`.
struct AnalysisOptions: ParsableArguments {
    @Option(help: "The memory measure to follow: pss, rss, uss, dirty (private dirty), swap, anon.")
    var metric: Metric = .pss

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Only samples from this time: ISO-8601, or back from the end like -2h.", valueName: "time"))
    var since: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Only samples up to this time: ISO-8601, or back from the end like -30m.", valueName: "time")
    )
    var until: String?

    @Option(
        help: ArgumentHelp("Mann-Kendall p-value below which a trend is significant (default 0.05).", valueName: "p"))
    var significance: Double?

    @Option(
        help: ArgumentHelp("Smallest growth that counts, in % of the median level (default 2).", valueName: "percent"))
    var minGrowthPercent: Double?

    @Option(help: ArgumentHelp("Smallest growth that counts, in bytes (default 1MiB).", valueName: "size"))
    var minGrowth: ByteSizeArgument?

    @Option(help: ArgumentHelp("Fewest samples for a verdict (default 6).", valueName: "count"))
    var minSamples: Int?

    func validate() throws {
        if let since, TimeBound(since) == nil {
            throw ValidationError("--since '\(since)' is neither an ISO-8601 time nor like -2h")
        }
        if let until, TimeBound(until) == nil {
            throw ValidationError("--until '\(until)' is neither an ISO-8601 time nor like -30m")
        }
        if let significance, !(significance > 0 && significance < 1) {
            throw ValidationError("--significance must be between 0 and 1")
        }
        if let minGrowthPercent, !(minGrowthPercent >= 0) {
            throw ValidationError("--min-growth-percent must be 0 or more")
        }
        if let minSamples, minSamples < 3 { throw ValidationError("--min-samples must be at least 3") }
    }

    /// A report builder over `reader` with these options.
    func builder(_ reader: HistoryReader) -> ReportBuilder {
        var builder = ReportBuilder(reader: reader)
        builder.metric = metric
        builder.since = since.flatMap(TimeBound.init)
        builder.until = until.flatMap(TimeBound.init)
        var options = TrendOptions.default
        if let significance { options.significance = significance }
        if let minGrowthPercent { options.minimumRelativeGrowth = minGrowthPercent / 100 }
        if let minGrowth { options.minimumAbsoluteGrowth = Double(minGrowth.bytes) }
        if let minSamples { options.minimumSamples = minSamples }
        builder.trendOptions = options
        return builder
    }
}

/// `--session latest|all|ID` as typed.
struct SessionArgument: ExpressibleByArgument {
    let selection: ReportBuilder.SessionSelection

    init?(argument: String) {
        switch argument {
        case "latest": selection = .latest
        case "all": selection = .all
        default:
            guard let id = Int64(argument), id > 0 else { return nil }
            selection = .id(id)
        }
    }

    /// As typed: `latest`, `all` or the id.
    var defaultValueDescription: String {
        switch selection {
        case .latest: return "latest"
        case .all: return "all"
        case .id(let id): return String(id)
        }
    }
}
