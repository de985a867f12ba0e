/// Decides what each target reads in a tick: a pure function of the targets' budgets and
/// history, the tick's number, whether it is the last, and the time since the previous tick.
///
/// The rules: the counters every tick; the totals (a page walk) while the target's
/// ``PageWalkBudget`` allows; the regions on a target's first sample, on the last tick, every
/// `regionsEvery` ticks (obeyed exactly when the user set the cadence, else as the budget
/// allows) and, as the budget allows, as soon as the target has grown by
/// ``growthTriggerFraction`` (at least ``growthTriggerBytes``) past the largest size its regions
/// were read at, so the regions of a target that keeps growing stay close to its totals.
enum TickPlanner {
    /// Growth since the last region read that asks for regions now: 5% of the size then…
    static let growthTriggerFraction = 0.05
    /// …and at least 1 MiB.
    static let growthTriggerBytes = 1 << 20

    /// What the planner needs to know of one live target.
    struct Target: Sendable, Equatable {
        /// Its budget, as the previous tick left it.
        var budget: PageWalkBudget
        /// Samples stored for it so far (0: this is its first).
        var samples: Int
        /// The highest resident size its regions were read at, and its size now (as last
        /// captured): regions are read again when it grows past what they were read at.
        var residentAtRegions: Int?
        var residentNow: Int?

        /// Whether it has grown enough since its last region read to read them again.
        var grewSinceRegions: Bool {
            guard let before = residentAtRegions, let now = residentNow else { return false }
            let threshold = max(TickPlanner.growthTriggerBytes, Int(Double(before) * TickPlanner.growthTriggerFraction))
            return now - before >= threshold
        }
    }

    /// Plans one tick.
    ///
    /// - Returns: per target, in order, how deep to read, and its budget after earning the
    ///   time since the last tick and planning (the caller records the read's cost with
    ///   ``PageWalkBudget/spend(_:at:)``).
    static func plan(
        _ targets: [Target], tick: Int, isLastTick: Bool, elapsedNs: UInt64, options: RecordingOptions
    ) -> [(detail: CaptureDetail, budget: PageWalkBudget)] {
        let regionsOn = options.regionsMode != .off
        let onCadence = regionsOn && tick % max(1, options.regionsEvery) == 0
        return targets.map { target in
            var budget = target.budget
            budget.earn(elapsedNs: elapsedNs)
            // The first and the last sample always carry regions: they bound the attribution.
            let forced =
                regionsOn && (target.samples == 0 || isLastTick || (onCadence && options.regionsEveryExplicit))
            let due = onCadence || (regionsOn && target.grewSinceRegions)
            let detail = budget.plan(regionsDue: due, regionsForced: forced)
            return (detail, budget)
        }
    }
}
