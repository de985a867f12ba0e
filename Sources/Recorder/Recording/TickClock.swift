/// The recording's schedule on the monotonic clock: ticks on a grid of the interval from the
/// start, and the end of the duration. Pure arithmetic over nanosecond readings, saturating
/// rather than overflowing, so it is tested without waiting.
struct TickClock: Sendable, Equatable {
    /// When the recording started, monotonic ns.
    let startNs: UInt64
    /// The interval, ns (at least 1).
    let intervalNs: UInt64
    /// When the duration ends, monotonic ns; nil: no duration.
    let endNs: UInt64?

    init(startNs: UInt64, intervalMs: Int64, durationMs: Int64?) {
        self.startNs = startNs
        intervalNs = UInt64(max(1, intervalMs)).multipliedSaturating(by: 1_000_000)
        endNs = durationMs.map { startNs.addingSaturating(UInt64(max(0, $0)).multipliedSaturating(by: 1_000_000)) }
    }

    /// When the tick after the `tick`-th one is due: its slot on the grid, or, when that has
    /// passed (a tick ran late), the next slot after `now`.
    func nextTick(after now: UInt64, tick: Int) -> UInt64 {
        let planned = startNs.addingSaturating(UInt64(max(0, tick)).multipliedSaturating(by: intervalNs))
        guard planned < now else { return planned }
        let elapsed = now - startNs
        return startNs.addingSaturating((elapsed / intervalNs + 1).multipliedSaturating(by: intervalNs))
    }

    /// Whether a tick taken at `now` is the last one: the next slot on the grid would fall
    /// after the end of the duration.
    func isLastTick(at now: UInt64) -> Bool {
        guard let endNs else { return false }
        let elapsed = now >= startNs ? now - startNs : 0
        let nextSlot = startNs.addingSaturating((elapsed / intervalNs + 1).multipliedSaturating(by: intervalNs))
        return nextSlot > endNs
    }

    /// Whether the duration has ended at `now`.
    func isPastEnd(_ now: UInt64) -> Bool {
        guard let endNs else { return false }
        return now >= endNs
    }
}

extension UInt64 {
    fileprivate func addingSaturating(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }

    fileprivate func multipliedSaturating(by other: UInt64) -> UInt64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : product
    }
}
