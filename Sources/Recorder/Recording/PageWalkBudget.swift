/// Keeps the time memhist spends inside one target's page walks (reading `smaps_rollup` and
/// `smaps`, which hold the target's memory-map lock and stall its page faults and mmap calls)
/// under a fraction of wall time.
///
/// A token bucket: every tick earns `fraction × interval` of walking time; a read spends what
/// it took. Reads are planned from the measured cost of earlier ones (a moving average per
/// depth), so a small process is read in full every tick while a large one is read less
/// often: totals from stat and status only on the ticks in between.
///
/// The bucket has two parts, so that neither depth starves the other:
/// - the *credit* pays for any read; a debt it is in is paid back first from each tick's
///   earnings;
/// - the *reserve* saves for the next region read: of what is earned beyond that debt, it
///   takes ``reserveShare`` until it holds what a region read costs, and the credit the rest.
///
/// A rollup is paid from the credit, whenever the credit covers it, whether or not a region
/// read is owed. A region capture that falls due is owed until the reserve and the credit
/// together cover it, and is paid from the reserve first, then the credit. Only the region
/// reads the first and last samples (or a cadence the user set) force whatever they cost can
/// leave the credit in debt (beyond a read that cost more than planned), and no rollup is
/// planned until that is paid back.
///
/// Hence, with `e` earned a tick and the credit out of debt: an owed region read leaves the
/// credit at zero or more, and the credit grows by at least `(1 − reserveShare) × e` a tick,
/// so a rollup costing up to that is read on every tick that does not read the regions; the
/// reserve grows by `reserveShare × e` a tick and no rollup touches it, so an owed region read
/// costing `R` is taken at most `R ÷ (reserveShare × e)` ticks after it fell due. A rollup that
/// costs more than the credit earns waits on status ticks for its credit, as it always did.
/// Both parts are fed only by the earnings, together capped at a minute's worth (or two region
/// reads): over time the reads spend no more than the fraction, plus the forced region reads.
struct PageWalkBudget: Sendable, Equatable {
    /// The share of each tick's earnings the reserve takes while it holds less than a region
    /// read costs.
    static let reserveShare = 0.5

    /// The fraction of wall time allowed, e.g. 0.01; nil: no budget.
    let fraction: Double?
    /// Credit for any read, ns: below zero after a forced region read the budget could not pay
    /// for (or a read that cost more than planned).
    private var creditNs: Double = 0
    /// Credit saved for the next region read, ns.
    private var reserveNs: Double = 0
    private var rollupCostNs: Double?
    private var regionsCostNs: Double?
    /// A region capture fell due and has not been paid for yet.
    private(set) var regionsOwed = false

    init(fraction: Double?) {
        self.fraction = fraction
    }

    /// Adds the credit earned over `elapsedNs` of wall time: the reserve's share until it
    /// holds a region read, the rest to the credit, together capped so that a long quiet spell
    /// cannot pay for a burst of reads.
    mutating func earn(elapsedNs: UInt64) {
        guard let fraction else { return }
        var earned = Double(elapsedNs) * fraction
        // A debt of the credit is paid back first.
        let repaid = min(earned, max(0, -creditNs))
        creditNs += repaid
        earned -= repaid
        let regionsCost = regionsCostNs ?? 0
        let saved = min(earned * Self.reserveShare, max(0, regionsCost - reserveNs))
        reserveNs += saved
        let cap = max(2 * regionsCost, 1e9 * fraction * 60)
        creditNs = min(cap - reserveNs, creditNs + earned - saved)
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
        if regionsOwed && reserveNs + creditNs >= (regionsCostNs ?? 0) { return .regions }
        // A rollup not measured yet is tried as soon as the credit is out of debt.
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
        guard fraction != nil else { return }
        // A region read is paid from the reserve first.
        let reserved = detail == .regions ? min(reserveNs, cost) : 0
        reserveNs -= reserved
        creditNs -= cost - reserved
    }
}
