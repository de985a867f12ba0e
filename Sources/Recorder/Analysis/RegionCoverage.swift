/// How much of a process's growth its region rows account for.
///
/// Regions are read less often than totals (on the first sample, every `--regions-every`, when
/// the totals grew, and on the last sample of a normal stop), so the region captures a report
/// compares can span less than the whole series: a process that exits on its own may have
/// grown after its last region read. This says what share of the metric's growth the
/// regions' growth covers, so "grew in" is read for what it is.
public struct RegionCoverage: Sendable, Hashable {
    /// The first and last region captures compared, Unix ms.
    public var firstMs: Int64
    /// The last region capture compared, Unix ms.
    public var lastMs: Int64
    /// The net growth of the metric summed over the regions between the two captures.
    public var regionGrowthBytes: Double
    /// The growth of the metric over the whole series (last − first sample).
    public var totalGrowthBytes: Double

    /// Creates a value.
    public init(firstMs: Int64, lastMs: Int64, regionGrowthBytes: Double, totalGrowthBytes: Double) {
        self.firstMs = firstMs
        self.lastMs = lastMs
        self.regionGrowthBytes = regionGrowthBytes
        self.totalGrowthBytes = totalGrowthBytes
    }

    /// The regions' growth as a share of the total growth, when the total grew; may exceed 1
    /// when the process shrank after its last region capture.
    public var share: Double? {
        totalGrowthBytes > 0 ? regionGrowthBytes / totalGrowthBytes : nil
    }

    /// The coverage of `regions` between snapshots taken at `firstMs` and `lastMs`, against a
    /// series that grew by `totalGrowthBytes`.
    public static func of(
        _ regions: [RegionGrowth], firstMs: Int64, lastMs: Int64, totalGrowthBytes: Double
    ) -> RegionCoverage {
        RegionCoverage(
            firstMs: firstMs, lastMs: lastMs,
            regionGrowthBytes: regions.reduce(0.0) { $0 + Double($1.growthBytes) },
            totalGrowthBytes: totalGrowthBytes)
    }
}
