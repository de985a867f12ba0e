/// What the recorder's live analysis says of one process, for the Prometheus exposition: the
/// report's verdict, made from the same database by the same ``ReportBuilder``.
public struct LiveVerdict: Sendable {
    /// A process by pid and start time, as the exposition knows it.
    public struct Key: Hashable, Sendable {
        /// Process id.
        public var pid: Int32
        /// Start time in its source's unit (``ProcessIdentity/startTime``).
        public var startTime: UInt64

        /// Creates a key.
        public init(pid: Int32, startTime: UInt64) {
            self.pid = pid
            self.startTime = startTime
        }
    }

    /// One region's size and growth over the recording.
    public struct RegionValue: Sendable, Equatable {
        /// The region's label (`[heap]`, a path, a memfd name): text from elsewhere.
        public var label: String
        /// Its size at the last region capture, bytes of the report's metric.
        public var bytes: Int
        /// Its growth since the first region capture, bytes.
        public var growthBytes: Int
    }

    /// The verdict.
    public var verdict: Verdict
    /// The current growth rate (the slope since the last change point), bytes per second.
    public var rateBytesPerSecond: Double
    /// How sure the verdict is, 0 to 1.
    public var confidence: Double
    /// Seconds until each limit (`host_available`, `cgroup_limit`) is reached at the current rate;
    /// only limits that will be.
    public var forecastSeconds: [(limit: String, seconds: Double)]
    /// The growing regions, largest growth first.
    public var regions: [RegionValue]

    /// The live verdict of a report, with at most `regionLimit` growing regions.
    public init(_ report: ProcessReport, regionLimit: Int) {
        verdict = report.trend.verdict
        rateBytesPerSecond = report.trend.currentRatePerHour / 3600
        confidence = report.trend.confidence
        forecastSeconds = [report.forecast.hostAvailable, report.forecast.cgroupLimit].compactMap { horizon in
            guard let horizon, let hours = horizon.hours else { return nil }
            return (horizon.limit, hours * 3600)
        }
        regions = report.regions.filter { $0.growthBytes > 0 }.prefix(max(0, regionLimit)).map {
            RegionValue(label: $0.label, bytes: $0.lastBytes, growthBytes: $0.growthBytes)
        }
    }
}
