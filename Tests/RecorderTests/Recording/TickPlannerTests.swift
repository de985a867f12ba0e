import Testing

@testable import Recorder

@Suite("tick planner: how deep each target is read, tick by tick, under its page-walk budget")
struct TickPlannerTests {
    static let ms: UInt64 = 1_000_000
    static let second: UInt64 = 1_000_000_000
    static let mib = 1 << 20

    /// One target stepped through ticks as the recording loop steps it.
    struct SteppedTarget {
        /// What the planner sees of it.
        var target: TickPlanner.Target
        /// What its reads cost.
        var rollupNs: UInt64
        var regionsNs: UInt64
        /// Its resident size at each tick.
        var resident: (_ tick: Int) -> Int

        init(
            budget: Double?, rollupNs: UInt64, regionsNs: UInt64,
            resident: @escaping (_ tick: Int) -> Int = { _ in 64 << 20 }
        ) {
            target = TickPlanner.Target(
                budget: PageWalkBudget(fraction: budget), samples: 0, residentAtRegions: nil, residentNow: nil)
            self.rollupNs = rollupNs
            self.regionsNs = regionsNs
            self.resident = resident
        }

        /// Takes the tick's plan: charges the read its cost, counts the sample and notes the
        /// resident size it found (and, with regions, the size at the region read).
        mutating func take(_ planned: (detail: CaptureDetail, budget: PageWalkBudget), tick: Int) {
            target.budget = planned.budget
            let cost: UInt64
            switch planned.detail {
            case .status: cost = 0
            case .rollup: cost = rollupNs
            case .regions: cost = regionsNs
            }
            target.budget.spend(cost, at: planned.detail)
            target.samples += 1
            target.residentNow = resident(tick)
            if planned.detail == .regions { target.residentAtRegions = resident(tick) }
        }
    }

    /// Plans `ticks` ticks one second apart (the first with no time elapsed, as in the loop),
    /// every target in one call per tick, and returns the detail of each target's reads.
    ///
    /// - Parameter lastTick: the tick planned as the last one; nil: none is.
    static func run(
        _ targets: [SteppedTarget], ticks: Int, lastTick: Int? = nil, options: RecordingOptions
    ) -> [[CaptureDetail]] {
        var targets = targets
        var details = Array(repeating: [CaptureDetail](), count: targets.count)
        for tick in 0..<ticks {
            let plan = TickPlanner.plan(
                targets.map(\.target), tick: tick, isLastTick: tick == lastTick, elapsedNs: tick == 0 ? 0 : second,
                options: options)
            #expect(plan.count == targets.count)
            for index in targets.indices {
                targets[index].take(plan[index], tick: tick)
                details[index].append(plan[index].detail)
            }
        }
        return details
    }

    static func options(
        regionsEvery: Int = 10, explicit: Bool = false, mode: RegionsMode = .grouped, budget: Double? = 0.01
    ) -> RecordingOptions {
        var options = RecordingOptions()
        options.regionsEvery = regionsEvery
        options.regionsEveryExplicit = explicit
        options.regionsMode = mode
        options.pageWalkBudget = budget
        return options
    }

    /// A budget that has spent five seconds on one region read: it cannot pay for anything for
    /// a long time.
    static func brokeBudget() -> PageWalkBudget {
        // A rollup that cost 5 s: the credit, which pays rollups, is 5 s in debt.
        var budget = PageWalkBudget(fraction: 0.01)
        budget.spend(5 * second, at: .rollup)
        return budget
    }

    static func plan(_ target: TickPlanner.Target, tick: Int, isLastTick: Bool = false, options: RecordingOptions)
        -> CaptureDetail
    {
        let plan = TickPlanner.plan([target], tick: tick, isLastTick: isLastTick, elapsedNs: second, options: options)
        return plan[0].detail
    }

    // MARK: Regions that are forced

    @Test func aTargetsFirstSampleReadsRegionsWhateverTheBudgetAndTick() {
        let newcomer = TickPlanner.Target(
            budget: Self.brokeBudget(), samples: 0, residentAtRegions: nil, residentNow: nil)
        // Tick 7 is off the cadence of 10, the budget is 5 s in debt, the cadence is not the user's.
        #expect(Self.plan(newcomer, tick: 7, options: Self.options()) == .regions)
        #expect(Self.plan(newcomer, tick: 7, options: Self.options(budget: nil)) == .regions)
        #expect(Self.plan(newcomer, tick: 13, options: Self.options(regionsEvery: 1000)) == .regions)
        // Its second sample, with the same budget, reads only the counters.
        var veteran = newcomer
        veteran.samples = 1
        #expect(Self.plan(veteran, tick: 8, options: Self.options()) == .status)
    }

    @Test func theLastTickReadsRegionsWhateverTheBudget() {
        var target = TickPlanner.Target(
            budget: Self.brokeBudget(), samples: 5, residentAtRegions: 64 << 20, residentNow: 64 << 20)
        #expect(Self.plan(target, tick: 5, isLastTick: true, options: Self.options()) == .regions)
        #expect(Self.plan(target, tick: 5, isLastTick: false, options: Self.options()) == .status)
        // Without a budget (each target carries its own: the options only make it).
        target.budget = PageWalkBudget(fraction: nil)
        #expect(Self.plan(target, tick: 5, isLastTick: true, options: Self.options(budget: nil)) == .regions)
        #expect(Self.plan(target, tick: 5, isLastTick: false, options: Self.options(budget: nil)) == .rollup)
    }

    @Test func aCadenceTheUserSetIsObeyedWhateverTheBudget() {
        // 1% of 1 s earns 10 ms a tick; a region read costs 50 ms, so the reserve is in debt
        // from the first tick on and never affords regions, yet they come every 3 ticks. Their
        // cost is the reserve's debt, not the credit's: a 1 ms rollup on every tick between.
        let target = SteppedTarget(budget: 0.01, rollupNs: 1 * Self.ms, regionsNs: 50 * Self.ms)
        let details = Self.run([target], ticks: 12, options: Self.options(regionsEvery: 3, explicit: true))
        #expect(details[0] == CaptureDetail.script("R r r  R r r  R r r  R r r"))
    }

    @Test func aDefaultCadenceIsTakenWhenTheBudgetAffordsIt() {
        // 10 ms earned a tick; regions cost 30 ms, a rollup 2 ms; regions due every 4 ticks.
        let target = SteppedTarget(budget: 0.01, rollupNs: 2 * Self.ms, regionsNs: 30 * Self.ms)
        let details = Self.run([target], ticks: 17, options: Self.options(regionsEvery: 4))
        // Tick 0: regions (first sample) leave the reserve 30 ms in debt. Each tick puts 5 ms
        // in the reserve and 5 ms in the credit, which pays a rollup every tick from tick 1.
        // Regions due at 4 are owed until the reserve is out of debt (6) and with the credit
        // holds 30 ms: at 8 (10 + 26 ms), when they are due again anyway. Due at 12 and 16,
        // they are paid at once.
        #expect(details[0] == CaptureDetail.script("R r r r  r r r r  R r r r  R r r r  R"))
    }

    @Test func regionsModeOffNeverReadsRegions() {
        let growing = SteppedTarget(budget: nil, rollupNs: Self.ms, regionsNs: Self.ms) { (64 + 10 * $0) << 20 }
        let everyTick = Self.options(regionsEvery: 1, explicit: true, mode: .off, budget: nil)
        // No first-sample regions, no cadence (even one the user set), no growth trigger, no last tick.
        #expect(
            Self.run([growing], ticks: 10, lastTick: 9, options: everyTick)[0] == CaptureDetail.script("rrrrr rrrrr"))
        // Under a budget a 20 ms rollup waits for 20 ms of credit: at 0, then once the debt of
        // that first read is paid, every other tick; regions still never.
        let expensive = SteppedTarget(budget: 0.01, rollupNs: 20 * Self.ms, regionsNs: 40 * Self.ms)
        let budgeted = Self.options(mode: .off)
        #expect(
            Self.run([expensive], ticks: 10, lastTick: 9, options: budgeted)[0] == CaptureDetail.script("rsssr srsrs"))
    }

    // MARK: The growth trigger

    @Test(
        "growth since the last region read asks for regions from 5% and 1 MiB on",
        arguments: [
            // 5% of 100 MiB is 5 MiB: reached, and one byte short.
            (100 * mib, 105 * mib, CaptureDetail.regions),
            (100 * mib, 105 * mib - 1, .rollup),
            // 10 MiB grown by 0.9 MiB is 9%, but under 1 MiB; by 1 MiB it asks.
            (10 * mib, 10 * mib + 900 * 1024, .rollup),
            (10 * mib, 11 * mib, .regions),
            // 4 MiB grown by 512 KiB (12.5%).
            (4 * mib, 4 * mib + 512 * 1024, .rollup),
            // Shrinking does not ask.
            (100 * mib, 50 * mib, .rollup),
        ])
    func growthTrigger(before: Int, now: Int, expected: CaptureDetail) {
        let target = TickPlanner.Target(
            budget: PageWalkBudget(fraction: nil), samples: 3, residentAtRegions: before, residentNow: now)
        #expect(target.grewSinceRegions == (expected == .regions))
        // Tick 3 is off the cadence of 10, and no budget stands in the way.
        #expect(Self.plan(target, tick: 3, options: Self.options(budget: nil)) == expected)
    }

    @Test func growthNeedsBothSizes() {
        var target = TickPlanner.Target(
            budget: PageWalkBudget(fraction: nil), samples: 3, residentAtRegions: nil, residentNow: 900 * Self.mib)
        #expect(!target.grewSinceRegions)
        #expect(Self.plan(target, tick: 3, options: Self.options(budget: nil)) == .rollup)
        target.residentAtRegions = 10 * Self.mib
        target.residentNow = nil
        #expect(!target.grewSinceRegions)
    }

    @Test func theRegionsOfASteadilyGrowingTargetFollowItsGrowth() {
        // 100 MiB growing 2 MiB a tick. The planner sees the size of the previous capture, so
        // 6 MiB of growth (over 5%) shows at tick 4, and regions are read; from 108 MiB, 6 MiB
        // (over 5.4) again at 8; the cadence at 10; from 120 MiB, 6 MiB (exactly 5%) at 14.
        let growing = SteppedTarget(budget: nil, rollupNs: Self.ms, regionsNs: Self.ms) { (100 + 2 * $0) << 20 }
        let details = Self.run([growing], ticks: 15, options: Self.options(budget: nil))
        #expect(details[0] == CaptureDetail.script("R r r r  R r r r  R r  R r r r  R"))
        // The same under a budget the reads fit in.
        let budgeted = Self.run([growing], ticks: 15, options: Self.options(budget: 0.01))
        #expect(budgeted[0] == details[0])
    }

    @Test func growthUnderATightBudgetIsOwedUntilItIsAffordable() {
        // 10 ms earned a tick; regions cost 25 ms, a rollup 1 ms; 10 MiB growing 2 MiB a tick
        // (20%): regions fall due at every tick after a region read.
        let growing = SteppedTarget(budget: 0.01, rollupNs: Self.ms, regionsNs: 25 * Self.ms) { (10 + 2 * $0) << 20 }
        let details = Self.run([growing], ticks: 12, options: Self.options(budget: 0.01))
        // Tick 0: regions leave the reserve 25 ms in debt; the credit (5 ms a tick) pays a
        // rollup on every tick. Tick 1 sees no growth yet (the planner sees the size of the
        // last capture: the region read's); tick 2 sees 2 MiB: regions are owed, and paid at 6,
        // once the reserve is out of debt and with the credit holds 25 ms (5 + 25 ms). Tick 7
        // again sees no growth; owed at 8, paid at 9 (15 + 18 ms); the cadence at 10, paid at
        // 11 (10 + 17 ms).
        #expect(details[0] == CaptureDetail.script("R r r r r r R  r r R r R"))
    }

    // MARK: The budget

    @Test func withoutABudgetEveryTickReadsAtLeastTheRollup() {
        // Reads that cost seconds: with the budget off they are read anyway.
        let huge = SteppedTarget(budget: nil, rollupNs: 5 * Self.second, regionsNs: 20 * Self.second)
        let details = Self.run([huge], ticks: 25, lastTick: 24, options: Self.options(budget: nil))
        #expect(details[0] == CaptureDetail.script("R rrrrrrrrr R rrrrrrrrr R rrr R"))
        #expect(details[0].allSatisfy { $0 >= .rollup })
    }

    @Test func anExpensiveTargetReadsStatusOnTicksItCannotAffordAndACheapOneReadsEveryTick() {
        let expensive = SteppedTarget(budget: 0.01, rollupNs: 30 * Self.ms, regionsNs: 60 * Self.ms)
        let cheap = SteppedTarget(budget: 0.01, rollupNs: 100_000, regionsNs: 300_000)
        let details = Self.run([expensive, cheap], ticks: 20, lastTick: 19, options: Self.options())
        // Expensive: regions at 0 leave the reserve 60 ms in debt. The first rollup, its cost
        // unknown, is tried at once and leaves the credit 25 ms in debt, paid back at 4; from
        // then on the credit gets 5 ms a tick and reads a 30 ms rollup whenever it holds one
        // (10, 16). The reserve is out of debt at 15, too late to hold 60 ms with the credit
        // before the last tick, which reads regions.
        #expect(details[0] == CaptureDetail.script("R r ssssssss r sssss r ss R"))
        // Cheap: the rollup every tick, regions on the first, the cadence and the last tick.
        #expect(details[1] == CaptureDetail.script("R rrrrrrrrr R rrrrrrrr R"))
        #expect(details[0].filter { $0 == .status }.count == 15)
    }

    // MARK: The rollup and the regions share the budget without starving each other

    @Test func anOwedRegionReadDoesNotStopACheapRollup() {
        // Many small mappings: regions cost 60 ms, the rollup 2 ms; 10 ms earned a tick, 5 ms
        // of it to the reserve until it holds 60 ms, the rest to the credit.
        let target = SteppedTarget(budget: 0.01, rollupNs: 2 * Self.ms, regionsNs: 60 * Self.ms)
        let details = Self.run([target], ticks: 40, options: Self.options())
        // The first read's 60 ms are the reserve's debt, so the credit pays a rollup on every
        // tick from tick 1. (With one bucket the owed regions stopped the rollups, and the
        // first read's debt silenced ticks 1 to 5: "R sssss rrrr sss R rrrrrr R rrrrrrrrr R
        // rrrrrrrrr".) The reserve is out of debt at 12; the regions due at 10 are paid at 15
        // (15 + 47 ms), those due at 20 at 22 (35 + 25 ms), those at 30 at once.
        #expect(details[0] == CaptureDetail.script("R rrrrrrrrr rrrrr R rrrrrr R rrrrrrr R rrrrrrrrr"))
    }

    @Test func aGrowingTargetWithExpensiveRegionsReadsTheRollupWhileTheyAreOwed() {
        // The same costs, 10 MiB growing 2 MiB a tick: regions are owed from the second tick
        // after each region read on.
        let growing = SteppedTarget(budget: 0.01, rollupNs: 2 * Self.ms, regionsNs: 60 * Self.ms) {
            (10 + 2 * $0) << 20
        }
        let details = Self.run([growing], ticks: 40, options: Self.options())
        // With one bucket: "R sssssssss ss R r sssss R sssss R rr ss s R rr sss R rr", PSS on
        // 13 ticks of 40. Now on every tick (40 of 40); the regions owed from 2 are paid at 15,
        // then each time about 7 ticks after the last (22, 30, 37).
        #expect(details[0] == CaptureDetail.script("R rrrrrrrrr rrrrr R rrrrrr R rrrrrrr R rrrrrr R rr"))
    }

    @Test func overAnHourACheapRollupIsReadEveryTickAndOwedRegionsWaitABoundedTime() {
        let target = SteppedTarget(budget: 0.01, rollupNs: 2 * Self.ms, regionsNs: 60 * Self.ms)
        let details = Self.run([target], ticks: 3_600, options: Self.options())
        // The first read's cost is the reserve's debt: the rollup on every tick.
        #expect(details[0][1...].allSatisfy { $0 >= .rollup })
        // The reserve takes 5 ms a tick and no rollup touches it: once out of the first read's
        // debt (tick 12), regions that fall due are read within 60 ÷ 5 = 12 ticks.
        var delays: [Int] = []
        for due in stride(from: 10, to: 3_590, by: 10) {
            let read = details[0][due...].firstIndex(of: .regions)
            delays.append((read ?? 3_600) - due)
        }
        #expect(delays.prefix(3) == [5, 2, 0])
        #expect(delays.allSatisfy { $0 <= 12 })
        #expect(delays.dropFirst(2).allSatisfy { $0 == 0 })
        // The walking stays within 1% of the 3,599 s, plus the first sample's forced regions.
        let walked = details[0].reduce(0) { $0 + ($1 == .regions ? 60 * Self.ms : 2 * Self.ms) }
        #expect(walked <= 35_990 * Self.ms + 60 * Self.ms)
    }

    @Test func aRollupDearerThanTheCreditEarnsIsReadOnlyBetweenStatusTicks() {
        // A rollup of 20 ms: more than the credit's 5 ms a tick while the reserve fills.
        let target = SteppedTarget(budget: 0.01, rollupNs: 20 * Self.ms, regionsNs: 60 * Self.ms)
        let details = Self.run([target], ticks: 30, lastTick: 29, options: Self.options())
        // The first rollup, its cost unknown, is tried at once and paid back by tick 3; then
        // the credit gets 5 ms a tick while the reserve fills from the first read's 60 ms debt,
        // and reads a rollup whenever it holds 20 ms (every 4 ticks). The regions due at 10
        // wait for the reserve to be out of debt and, with the credit, to hold 60 ms: at 22;
        // the last tick reads regions.
        #expect(details[0] == CaptureDetail.script("R r sssss r sss r sss r sss r ss R sss r ss R"))
        // With one bucket it was "R sssss r sss ssss R s r s r s ssss R s r s r R": a page
        // walk on 9 ticks; now on 9, and 6 of them carry the totals after the first.
        #expect(details[0].filter { $0 == .status }.count == 21)
    }

    @Test func eachTargetIsPlannedOnItsOwn() {
        let expensive = SteppedTarget(budget: 0.01, rollupNs: 30 * Self.ms, regionsNs: 60 * Self.ms)
        let cheap = SteppedTarget(budget: 0.01, rollupNs: 100_000, regionsNs: 300_000)
        let growing = SteppedTarget(budget: 0.01, rollupNs: Self.ms, regionsNs: 2 * Self.ms) { (100 + 3 * $0) << 20 }
        let options = Self.options()
        let together = Self.run([expensive, cheap, growing], ticks: 20, lastTick: 19, options: options)
        let alone = [expensive, cheap, growing].map { Self.run([$0], ticks: 20, lastTick: 19, options: options)[0] }
        #expect(together == alone)
        // One plan call: each budget comes back as planning it alone leaves it.
        let targets = [expensive.target, cheap.target, growing.target]
        let plan = TickPlanner.plan(targets, tick: 0, isLastTick: false, elapsedNs: Self.second, options: options)
        for (index, target) in targets.enumerated() {
            let single = TickPlanner.plan(
                [target], tick: 0, isLastTick: false, elapsedNs: Self.second, options: options)
            #expect(plan[index].detail == single[0].detail)
            #expect(plan[index].budget == single[0].budget)
        }
    }

    @Test func creditEarnedInAQuietSpellIsCappedAtAMinutesWorth() {
        // An hour at 1% would earn 36 s; the cap is 60 s × 1% = 600 ms: six 100 ms rollups.
        var budget = PageWalkBudget(fraction: 0.01)
        budget.earn(elapsedNs: 3_600 * Self.second)
        var details: [CaptureDetail] = []
        for _ in 0..<7 {
            let detail = budget.plan(regionsDue: false, regionsForced: false)
            budget.spend(100 * Self.ms, at: detail)
            details.append(detail)
        }
        #expect(details == CaptureDetail.script("rrrrrr s"))
    }

    @Test func aRegionReadDearerThanTheCapCanStillBePaidFor() {
        // Regions cost 1 s, more than the 600 ms cap: the cap grows to two region reads.
        var budget = PageWalkBudget(fraction: 0.01)
        budget.spend(Self.second, at: .regions)
        budget.earn(elapsedNs: 3_600 * Self.second)
        #expect(budget.plan(regionsDue: true, regionsForced: false) == .regions)
        budget.spend(Self.second, at: .regions)
        #expect(budget.plan(regionsDue: true, regionsForced: false) == .regions)
        budget.spend(Self.second, at: .regions)
        // Two reads spent the 2 s; the third is owed. No rollup has been measured: one is
        // tried, as the credit is not in debt.
        #expect(budget.plan(regionsDue: true, regionsForced: false) == .rollup)
        #expect(budget.regionsOwed)
    }

    @Test func readsArePlannedFromTheMovingAverageOfTheirCost() {
        // Rollups of 100 ms then 200 ms average to 0.7 × 100 + 0.3 × 200 = 130 ms, and leave
        // 300 ms of debt: 43.1 s at 1% (431 ms) pays the debt and one more; 42.9 s does not.
        var budget = PageWalkBudget(fraction: 0.01)
        budget.spend(100 * Self.ms, at: .rollup)
        budget.spend(200 * Self.ms, at: .rollup)
        var short = budget
        short.earn(elapsedNs: 42_900 * Self.ms)
        #expect(short.plan(regionsDue: false, regionsForced: false) == .status)
        budget.earn(elapsedNs: 43_100 * Self.ms)
        #expect(budget.plan(regionsDue: false, regionsForced: false) == .rollup)
    }

    @Test func aStatusReadCostsNothingAndOnlyARegionReadPaysWhatIsOwed() {
        var budget = PageWalkBudget(fraction: 0.01)
        // A forced region read of 50 ms: the reserve's debt. The credit is untouched.
        budget.spend(50 * Self.ms, at: .regions)
        let before = budget
        budget.spend(5 * Self.second, at: .status)
        #expect(budget == before)
        // Regions fall due and are owed; the credit still tries a rollup (its cost unknown).
        #expect(budget.plan(regionsDue: true, regionsForced: false) == .rollup)
        #expect(budget.regionsOwed)
        // Still owed on a tick that is not due, and a rollup's cost does not pay it.
        budget.earn(elapsedNs: 3 * Self.second)
        #expect(budget.plan(regionsDue: false, regionsForced: false) == .rollup)
        budget.spend(Self.ms, at: .rollup)
        #expect(budget.regionsOwed)
        // Reserve -50 + 15 + 40 = 5 ms, credit 15 - 1 + 40 = 54 ms: together they hold 50 ms,
        // and the regions are read though they are not due.
        budget.earn(elapsedNs: 8 * Self.second)
        #expect(budget.plan(regionsDue: false, regionsForced: false) == .regions)
        budget.spend(50 * Self.ms, at: .regions)
        #expect(!budget.regionsOwed)
    }

    @Test func aForcedRegionReadDelaysTheNextRegionReadNotTheRollup() {
        // A first sample's region read of 2 s: at 1% that is 200 s of earnings, all of it the
        // reserve's debt. The rollup goes on from the next tick; the regions wait.
        var budget = PageWalkBudget(fraction: 0.01)
        #expect(budget.plan(regionsDue: true, regionsForced: true) == .regions)
        budget.spend(2 * Self.second, at: .regions)
        for _ in 0..<10 {
            budget.earn(elapsedNs: Self.second)
            #expect(budget.plan(regionsDue: true, regionsForced: false) == .rollup)
            budget.spend(Self.ms, at: .rollup)
        }
        #expect(budget.regionsOwed)
        // Half of each tick's earnings repays the reserve: out of debt after 400 s, and the next
        // 2 s read is paid by reserve and credit together well before 800 s.
        var ticks = 10
        while budget.plan(regionsDue: false, regionsForced: false) != .regions, ticks < 2_000 {
            budget.spend(Self.ms, at: .rollup)
            budget.earn(elapsedNs: Self.second)
            ticks += 1
        }
        #expect((400...800).contains(ticks))
    }

    @Test func withoutABudgetNothingIsOwedOrRefused() {
        var budget = PageWalkBudget(fraction: nil)
        budget.spend(60 * Self.second, at: .regions)
        #expect(budget.plan(regionsDue: false, regionsForced: false) == .rollup)
        #expect(budget.plan(regionsDue: true, regionsForced: false) == .regions)
        #expect(!budget.regionsOwed)
    }
}
