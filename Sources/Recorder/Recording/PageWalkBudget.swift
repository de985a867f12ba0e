/// Keeps the time memhist spends inside one target's page walks (reading `smaps_rollup` and
/// `smaps`, which hold the target's memory-map lock and stall its page faults and mmap calls)
/// under a fraction of wall time.
///
/// A token bucket: every tick earns `fraction × interval` of walking time; a read spends what
/// it took. Reads are planned from the measured cost of earlier ones (a moving average per
/// depth), so a small process is read in full every tick while a large one is read less
/// often: totals from stat and status only on the ticks in between.
///
/// The bucket has two accounts, so that neither depth starves the other:
/// - the *credit* pays for rollups (and for what the reserve lacks of an owed region read);
///   a debt it is in, left by a rollup that cost more than planned, is paid back first from
///   each tick's earnings;
/// - the *reserve* pays for region reads: of what is earned beyond the credit's debt, it takes
///   ``reserveShare`` until it holds what a region read costs, and the credit the rest.
///
/// A rollup is paid from the credit whenever the credit covers it, whether or not a region read
/// is owed. A region capture that falls due is owed until the reserve is out of debt and the
/// reserve and the credit together cover it; it is paid from the reserve first, then from the
/// credit as far as the credit holds. What a region read costs beyond both (a forced read: the
/// first and last samples, or a cadence the user set; or a read that cost more than planned)
/// is the reserve's debt: it delays the next region read, never a rollup. A forced read of a
/// costly process thus no longer silences its totals for minutes.
///
/// Hence, with `e` earned a tick and the credit out of debt: the credit grows by at least
/// `(1 − reserveShare) × e` a tick, so a rollup costing up to that is read on every tick that
/// does not read the regions; the reserve grows by `reserveShare × e` a tick and no rollup
/// touches it, so an owed region read costing `R` is taken at most `R ÷ (reserveShare × e)`
/// ticks after the reserve is out of debt. A rollup that costs more than the credit earns
/// waits on status ticks for its credit, as it always did. Both accounts are fed only by the
/// earnings, together capped at a minute's worth (or two region reads): over time the reads
/// spend no more than the fraction, plus the forced region reads.
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
        creditNs = min(cap - max(0, reserveNs), creditNs + earned - saved)
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
        if regionsOwed && reserveNs >= 0 && reserveNs + max(0, creditNs) >= (regionsCostNs ?? 0) {
            return .regions
        }
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
        guard detail == .regions else {
            creditNs -= cost
            return
        }
        // The reserve first, then the credit as far as it holds; the rest is the reserve's debt.
        let fromReserve = min(max(0, reserveNs), cost)
        let fromCredit = min(max(0, creditNs), cost - fromReserve)
        creditNs -= fromCredit
        reserveNs -= cost - fromCredit
    }
}
