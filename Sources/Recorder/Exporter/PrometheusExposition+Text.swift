extension PrometheusExposition {
    /// The two exposition formats Prometheus scrapes.
    public enum Format: Sendable {
        /// The text format, version 0.0.4 (`text/plain; version=0.0.4`).
        case text
        /// OpenMetrics 1.0 (`application/openmetrics-text; version=1.0.0`): counters are declared
        /// without their `_total` suffix and the exposition ends with `# EOF`.
        case openMetrics

        /// The format a scraper asks for in its `Accept` header: OpenMetrics when it names it
        /// (Prometheus does, first), else the text format, which every scraper reads.
        public static func negotiated(accept: String?) -> Format {
            guard let accept else { return .text }
            return accept.lowercased().contains("application/openmetrics-text") ? .openMetrics : .text
        }

        /// The `Content-Type` of an exposition in this format.
        public var contentType: String {
            switch self {
            case .text: "text/plain; version=0.0.4; charset=utf-8"
            case .openMetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8"
            }
        }
    }

    /// The exposition in the text format 0.0.4, ending in a newline.
    public func text() -> String { text(.text) }

    /// The exposition in `format`.
    public func text(_ format: Format) -> String {
        var out = ExpositionText(format: format)
        let sizes: [(String, String, (Values) -> Int?)] = [
            ("resident_bytes", "Resident set size.", { $0.resident }),
            (
                "proportional_bytes", "Proportional set size (shared pages divided among their sharers).",
                { $0.proportional }
            ),
            ("private_bytes", "Private clean + private dirty (USS).", { $0.privateBytes }),
            ("private_dirty_bytes", "Private dirty: memory the process wrote and alone holds.", { $0.privateDirty }),
            ("swap_bytes", "Swapped out.", { $0.swap }),
            ("anonymous_bytes", "Anonymous resident memory.", { $0.anonymous }),
        ]
        for (name, help, value) in sizes {
            out.family("memhist_process_\(name)", .gauge, help)
            for values in listed { if let bytes = value(values) { out.sample(values.labels, bytes) } }
        }
        verdictFamilies(&out)
        let hostValues: [(String, String, Int?)] = [
            ("memhist_host_memory_total_bytes", "The host's MemTotal.", host?.total),
            ("memhist_host_memory_available_bytes", "The host's MemAvailable.", host?.available),
            ("memhist_cgroup_memory_usage_bytes", "memhist's cgroup's memory usage.", host?.cgroupUsage),
            ("memhist_cgroup_memory_limit_bytes", "memhist's cgroup's memory limit.", host?.cgroupLimit),
        ]
        for (name, help, value) in hostValues {
            guard let value else { continue }
            out.family(name, .gauge, help)
            out.sample("", value)
        }
        costFamilies(&out)
        return out.finished()
    }

    /// The processes' values in order of first sight.
    private var listed: [Values] {
        order.compactMap { processes[$0] }
    }

    private func verdictFamilies(_ out: inout ExpositionText) {
        let judged = listed.compactMap { values in values.verdict.map { (values, $0) } }
        guard !judged.isEmpty else { return }
        out.family(
            "memhist_process_verdict", .gauge,
            "1 for the process's verdict (growing, levelled_off, stable, shrinking, insufficient_data), 0 for the others."
        )
        for (values, live) in judged {
            for verdict in Verdict.allCases {
                out.sample(values.labels + ",verdict=\"\(verdict.rawValue)\"", verdict == live.verdict ? 1 : 0)
            }
        }
        out.family(
            "memhist_process_growth_rate_bytes_per_second", .gauge,
            "The current growth rate of the verdict's metric: the slope since its last change, bytes per second.")
        for (values, live) in judged { out.sample(values.labels, live.rateBytesPerSecond) }
        out.family("memhist_process_verdict_confidence", .gauge, "How sure the verdict is, 0 to 1.")
        for (values, live) in judged { out.sample(values.labels, live.confidence) }
        out.family(
            "memhist_process_forecast_seconds", .gauge,
            "Seconds until the process fills a limit (host_available, cgroup_limit) at its current rate; "
                + "only for growing processes.")
        for (values, live) in judged {
            for (limit, seconds) in live.forecastSeconds {
                out.sample(values.labels + ",limit=\"\(limit)\"", seconds)
            }
        }
        out.family(
            "memhist_process_region_bytes", .gauge,
            "The size of each of the process's top growing regions at its last region capture.")
        for (values, live) in judged {
            for region in live.regions { out.sample(regionLabels(values, region), region.bytes) }
        }
        out.family(
            "memhist_process_region_growth_bytes", .gauge,
            "How much each of the process's top growing regions grew since its first region capture.")
        for (values, live) in judged {
            for region in live.regions { out.sample(regionLabels(values, region), region.growthBytes) }
        }
    }

    private func costFamilies(_ out: inout ExpositionText) {
        out.counter("memhist_ticks", "Ticks recorded in this session.", ticks)
        out.counter("memhist_samples", "Process samples stored in this session.", samples)
        out.family("memhist_last_tick_timestamp_seconds", .gauge, "When the last tick was taken.")
        out.sample("", Self.seconds(timeMs))
        out.counter(
            "memhist_tick_seconds", "Wall time spent in ticks: reading the targets and writing the tick.",
            cost.tickSeconds)
        out.family("memhist_last_tick_duration_seconds", .gauge, "The last tick's wall time.")
        out.sample("", cost.lastTickSeconds)
        out.counter(
            "memhist_page_walk_seconds", "Time spent walking the targets' pages (smaps, smaps_rollup, vmmap).",
            cost.pageWalkSeconds)
        if let last = cost.lastAnalysisMs {
            out.counter("memhist_analyses", "Live analyses of the recording (verdicts).", cost.analyses)
            out.counter("memhist_analysis_seconds", "CPU time spent in live analyses.", cost.analysisSeconds)
            out.family("memhist_last_analysis_timestamp_seconds", .gauge, "When the verdicts were last made.")
            out.sample("", Self.seconds(last))
        }
        if let bytes = cost.databaseBytes {
            out.family("memhist_database_size_bytes", .gauge, "The database file with its write-ahead log.")
            out.sample("", bytes)
        }
    }

    /// The label set of a process: its pid, short command line and start time.
    static func labels(_ identity: ProcessIdentity) -> String {
        let command =
            identity.commandLine.isEmpty ? "[\(identity.name)]" : StoredProcess.shortened(identity.commandLine)
        var labels = "pid=\"\(identity.pid)\",command=\"\(escaped(command))\""
        if let started = identity.startedMs { labels += ",start_time=\"\(seconds(started))\"" }
        return labels
    }

    private func regionLabels(_ values: Values, _ region: LiveVerdict.RegionValue) -> String {
        values.labels + ",region=\"\(Self.escaped(region.label))\""
    }

    /// Unix ms as seconds with three decimals.
    static func seconds(_ ms: Int64) -> String {
        let sign = ms < 0 ? "-" : ""
        let magnitude = ms.magnitude
        let fraction = String(magnitude % 1000)
        return "\(sign)\(magnitude / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    /// A label value as the formats want it: backslash, double quote and line feed escaped, and
    /// other control characters shown as visible escapes (``VisibleText``), so a hostile command
    /// line or region name can neither break the format nor act on a terminal that shows it.
    static func escaped(_ value: String) -> String {
        PrometheusSeries.quoted(VisibleText.escaped(value))
    }
}

/// Writes metric families in one of the two exposition formats.
private struct ExpositionText {
    enum Kind: String {
        case gauge, counter
    }

    let format: PrometheusExposition.Format
    private var out = ""
    private var name = ""

    init(format: PrometheusExposition.Format) {
        self.format = format
    }

    /// Declares a family; its samples follow.
    mutating func family(_ name: String, _ kind: Kind, _ help: String) {
        self.name = name
        out += "# HELP \(name) \(help)\n# TYPE \(name) \(kind.rawValue)\n"
    }

    /// A counter family named `name` (its sample `name_total`) with one sample.
    mutating func counter(_ name: String, _ help: String, _ value: some Numeric & CustomStringConvertible) {
        // OpenMetrics names the family without the suffix; the text format names it as the sample.
        let family = format == .openMetrics ? name : name + "_total"
        out += "# HELP \(family) \(help)\n# TYPE \(family) counter\n\(name)_total \(value)\n"
    }

    /// A sample of the current family.
    mutating func sample(_ labels: String, _ value: Int) {
        sample(labels, String(value))
    }

    /// A sample of the current family; a value that is not finite is written as the formats spell it.
    mutating func sample(_ labels: String, _ value: Double) {
        let text =
            value.isNaN ? "NaN" : value.isInfinite ? (value < 0 ? "-Inf" : "+Inf") : String(value)
        sample(labels, text)
    }

    mutating func sample(_ labels: String, _ value: String) {
        out += labels.isEmpty ? "\(name) \(value)\n" : "\(name){\(labels)} \(value)\n"
    }

    /// The whole exposition.
    func finished() -> String {
        format == .openMetrics ? out + "# EOF\n" : out
    }
}
