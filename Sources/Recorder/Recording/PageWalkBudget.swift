/// Keeps the time memhist spends inside one target's page walks (reading `smaps_rollup` and
/// `smaps`, which hold the target's memory-map lock and stall its page faults and mmap calls)
/// under a fraction of wall time.
///
/// A token bucket: every tick earns `fraction × interval` of walking time; a read spends what
/// it took. Reads are planned from the measured cost of earlier ones (a moving average per
/// depth), so a small process is read in full every tick while a large one is read less
/// often: totals from stat and status only on the ticks in between. A region capture that
/// falls due when the bucket cannot pay for it is owed and taken as soon as it can, and no
/// rollup is read meanwhile.
struct PageWalkBudget: Sendable, Equatable {
    /// The fraction of wall time allowed, e.g. 0.01; nil: no budget.
    let fraction: Double?
    private var creditNs: Double = 0
    private var rollupCostNs: Double?
    private var regionsCostNs: Double?
    /// A region capture fell due and has not been paid for yet.
    private(set) var regionsOwed = false

    init(fraction: Double?) {
        self.fraction = fraction
    }

    /// Adds the credit earned over `elapsedNs` of wall time, capped so that a long quiet spell
    /// cannot pay for a burst of reads.
    mutating func earn(elapsedNs: UInt64) {
        guard let fraction else { return }
        let cap = max(2 * (regionsCostNs ?? 0), 1e9 * fraction * 60)
        creditNs = min(cap, creditNs + Double(elapsedNs) * fraction)
    }

    /// How deep to read this tick.
    ///
    /// - Parameters:
    ///   - regionsDue: the schedule asks for regions this tick.
    ///   - regionsForced: regions must be read whatever they cost (first and last sample, or
    ///     a cadence the user set).
    mutating func plan(regionsDue: Bool, regionsForced: Bool) -> CaptureDetail {
        if regionsForced { return .regions }
        guard fraction != nil else { return regionsDue ? .regions : .rollup }
        if regionsDue { regionsOwed = true }
        if regionsOwed {
            if creditNs >= (regionsCostNs ?? 0) { return .regions }
            return .status
        }
        return creditNs >= (rollupCostNs ?? 0) ? .rollup : .status
    }

    /// Records what a read at `detail` cost.
    mutating func spend(_ walkNs: UInt64, at detail: CaptureDetail) {
        if detail == .regions { regionsOwed = false }
        guard detail >= .rollup else { return }
        let cost = Double(walkNs)
        switch detail {
        case .regions: regionsCostNs = regionsCostNs.map { 0.7 * $0 + 0.3 * cost } ?? cost
        default: rollupCostNs = rollupCostNs.map { 0.7 * $0 + 0.3 * cost } ?? cost
        }
        if fraction != nil { creditNs -= cost }
    }
}
