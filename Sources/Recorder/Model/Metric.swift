/// The memory measure a report follows.
public enum Metric: String, Sendable, CaseIterable {
    /// Proportional set size: shared pages divided among their sharers (the default).
    case pss
    /// Resident set size: smaps_rollup's `Rss`, or `VmRSS` (RssAnon + RssFile + RssShmem in
    /// status) on ticks that read only status.
    case rss
    /// Unique set size: private clean + private dirty.
    case uss
    /// Private dirty: memory the process wrote and alone holds.
    case dirty
    /// Swapped out (`VmSwap` on ticks that read only status).
    case swap
    /// Anonymous resident memory (`RssAnon` on ticks that read only status).
    case anon
    /// macOS's physical footprint (Activity Monitor's "Memory"): dirty memory, compressed and
    /// swapped memory included. Not measured on Linux. Per region: dirty + swapped.
    case footprint
    /// The value of a series that a PromQL range query returned (``PrometheusHistoryReader``): whatever
    /// the query measures, taken as bytes. No memhist database holds it, so `--metric` does not
    /// offer it (``recordedCases``).
    case promql

    /// The measures a memhist database records: every case but ``promql``.
    public static var recordedCases: [Metric] { allCases.filter { $0 != .promql } }

    /// The expression over a `sample` row.
    var sampleColumn: String {
        switch self {
        case .pss: return "proportional_size"
        case .rss: return Self.residentColumn
        case .uss: return "private_clean_size + private_dirty_size"
        case .dirty: return "private_dirty_size"
        case .swap: return "coalesce(swap_size, vm_swap)"
        case .anon: return "coalesce(anonymous_size, rss_anon)"
        // Looked up by the sample's key: Linux stores no footprint rows at all.
        case .footprint:
            return """
                (SELECT f.physical_footprint FROM footprint_sample f
                 WHERE f.process_id = sample.process_id AND f.time_ms = sample.time_ms)
                """
        case .promql: return "NULL"
        }
    }

    /// The resident size over a `sample` row, from whichever source its tick read.
    static let residentColumn = "coalesce(resident_size, rss_anon + rss_file + rss_shmem)"

    /// The expression over a `region_sample` row aliased `rs`.
    var regionSampleColumn: String {
        switch self {
        case .pss: return "rs.proportional_size"
        case .rss: return "rs.resident_size"
        case .uss: return "rs.private_clean_size + rs.private_dirty_size"
        case .dirty: return "rs.private_dirty_size"
        case .swap: return "rs.swap_size"
        case .anon: return "rs.anonymous_size"
        case .footprint: return "rs.private_dirty_size + rs.swap_size"
        case .promql: return "NULL"
        }
    }

    /// The same measure of one region (0 for ``promql``, which no region has).
    public func value(of sizes: RegionSizes) -> Int {
        switch self {
        case .pss: return sizes.proportional
        case .rss: return sizes.resident
        case .uss: return sizes.privateTotal
        case .dirty: return sizes.privateDirty
        case .swap: return sizes.swap
        case .anon: return sizes.anonymous
        case .footprint: return sizes.privateDirty + sizes.swap
        case .promql: return 0
        }
    }

    /// The same measure of a process's totals (0 for ``promql``, which no capture has).
    public func value(of memory: MemoryUsage) -> Int {
        switch self {
        case .pss: return memory.proportionalSize
        case .rss: return memory.residentSize
        case .uss: return memory.privateSize
        case .dirty: return memory.privateDirtySize
        case .swap: return memory.swapSize
        case .anon: return memory.anonymousSize
        case .footprint: return memory.privateDirtySize + memory.swapSize
        case .promql: return 0
        }
    }

    /// A short name for headings: PSS, RSS, USS …
    public var title: String {
        switch self {
        case .pss: return "PSS"
        case .rss: return "RSS"
        case .uss: return "USS"
        case .dirty: return "private dirty"
        case .swap: return "swap"
        case .anon: return "anonymous"
        case .footprint: return "footprint"
        case .promql: return "PromQL value"
        }
    }
}
