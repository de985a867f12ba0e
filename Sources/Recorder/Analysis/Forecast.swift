/// When a growing process would exhaust the memory around it, at its current rate.
public struct Forecast: Sendable, Hashable {
    /// One limit and when it would be reached.
    public struct Horizon: Sendable, Hashable {
        /// What is being filled: `host_available` or `cgroup_limit`.
        public var limit: String
        /// The room left at the last host sample, in bytes.
        public var headroomBytes: Int
        /// The growth rate used, in bytes per hour (the process's current rate, or the cgroup's own when
        /// the cgroup grows faster).
        public var rateBytesPerHour: Double
        /// Hours from the last sample until the limit is reached; nil: never at this rate.
        public var hours: Double?
        /// When, Unix ms; nil: never.
        public var etaMs: Int64?
    }

    /// Filling the host's available memory (`MemAvailable`).
    public var hostAvailable: Horizon?
    /// Filling the cgroup's limit, when the cgroup has one.
    public var cgroupLimit: Horizon?

    /// No forecast at all (no host samples).
    public static let none = Forecast(hostAvailable: nil, cgroupLimit: nil)

    /// The nearer of the two horizons that will be reached; nil when neither will.
    public var soonest: Horizon? {
        [hostAvailable, cgroupLimit].compactMap { $0 }.filter { $0.hours != nil }.min { $0.hours! < $1.hours! }
    }

    /// Computes the forecast of a process with trend `trend` from its session's host series.
    ///
    /// Only a `growing` process has a horizon; any other verdict gives "never" (`hours` nil). The process's
    /// rate is its current one (``Trend/currentRatePerHour``): the slope since the last change, if any.
    /// The cgroup's rate is the larger of the process's slope and the slope of the cgroup's own
    /// usage (other processes in it may grow too), both Theil–Sen.
    public static func compute(trend: Trend, host: HostSeries, options: TrendOptions = .default) -> Forecast {
        guard let lastIndex = host.timesMs.indices.last else { return .none }
        let lastTime = max(host.timesMs[lastIndex], trend.peakTimeMs)
        let rate = trend.verdict == .growing ? max(0, trend.currentRatePerHour) : 0
        func horizon(_ limit: String, headroom: Int, rate: Double) -> Horizon {
            guard rate > 0 else {
                return Horizon(limit: limit, headroomBytes: headroom, rateBytesPerHour: rate, hours: nil, etaMs: nil)
            }
            let hours = Double(max(0, headroom)) / rate
            var eta: Int64?
            if hours < 1e6 {
                let (sum, overflow) = lastTime.addingReportingOverflow(Int64(hours * 3_600_000))
                eta = overflow ? nil : sum
            }
            return Horizon(
                limit: limit, headroomBytes: headroom, rateBytesPerHour: rate, hours: eta == nil ? nil : hours,
                etaMs: eta)
        }
        var forecast = Forecast.none
        if let available = host.available.last(where: { $0 != nil }) ?? nil {
            forecast.hostAvailable = horizon("host_available", headroom: available, rate: rate)
        }
        if let limit = host.cgroupLimit[lastIndex], let usage = host.cgroupUsage[lastIndex] {
            var cgroupRate = rate
            let points = host.timesMs.indices.compactMap { index in
                host.cgroupUsage[index].map { (host.timesMs[index], Double($0)) }
            }
            if rate > 0, points.count >= options.minimumSamples {
                let usageTrend = TrendAnalyzer.analyze(
                    timesMs: points.map(\.0), values: points.map(\.1), options: options)
                if usageTrend.verdict == .growing { cgroupRate = max(rate, usageTrend.slopePerHour) }
            }
            let (headroom, overflow) = limit.subtractingReportingOverflow(usage)
            forecast.cgroupLimit = horizon("cgroup_limit", headroom: overflow ? 0 : headroom, rate: cgroupRate)
        }
        return forecast
    }
}
