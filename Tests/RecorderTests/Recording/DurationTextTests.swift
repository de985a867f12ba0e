import Testing

@testable import Recorder

@Suite("durations and sizes as typed")
struct DurationTextTests {
    @Test(
        "durations",
        arguments: [
            ("250ms", 250), ("2s", 2000), ("5m", 300_000), ("5min", 300_000), ("1h", 3_600_000), ("0.5", 500),
            ("3", 3000), ("1.5s", 1500), ("1d", 86_400_000), (" 2S ", 2000),
        ] as [(String, Int64)])
    func durations(text: String, ms: Int64) {
        #expect(DurationText.milliseconds(text) == ms)
    }

    @Test("bad durations", arguments: ["", "s", "fast", "-1s", "1x", "nan", "inf", "1e300h"])
    func badDurations(text: String) {
        #expect(DurationText.milliseconds(text) == nil)
    }

    @Test(
        "sizes",
        arguments: [
            ("4096", 4096), ("4K", 4096), ("4KiB", 4096), ("1.5M", 1_572_864), ("10MiB", 10_485_760),
            ("1G", 1_073_741_824),
            ("2mb/s", 2_097_152),
        ])
    func sizes(text: String, bytes: Int) {
        #expect(DurationText.bytes(text) == bytes)
    }

    @Test func badSizes() {
        #expect(DurationText.bytes("lots") == nil)
        #expect(DurationText.bytes("-1M") == nil)
    }
}

@Suite("page-walk budget")
struct PageWalkBudgetTests {
    @Test func aCheapProcessIsReadInFullEveryTick() {
        var budget = PageWalkBudget(fraction: 0.01)
        var details: [CaptureDetail] = []
        for tick in 0..<100 {
            budget.earn(elapsedNs: 1_000_000_000)
            let detail = budget.plan(regionsDue: tick % 10 == 0, regionsForced: tick == 0)
            budget.spend(detail == .regions ? 300_000 : (detail == .rollup ? 100_000 : 0), at: detail)
            details.append(detail)
        }
        #expect(details.filter { $0 == .status }.isEmpty)
        #expect(details.filter { $0 == .regions }.count == 10)
    }

    @Test func anExpensiveProcessIsReadLessOftenWithinTheBudget() {
        // Rollup 20 ms and smaps 40 ms (a few GiB resident), 1 s ticks, 1% budget: 10 ms a second.
        var budget = PageWalkBudget(fraction: 0.01)
        var walked: UInt64 = 0
        var counts: [CaptureDetail: Int] = [:]
        for tick in 0..<3600 {
            budget.earn(elapsedNs: 1_000_000_000)
            let detail = budget.plan(regionsDue: tick % 10 == 0, regionsForced: tick == 0)
            let cost: UInt64 = detail == .regions ? 40_000_000 : (detail == .rollup ? 20_000_000 : 0)
            budget.spend(cost, at: detail)
            walked += cost
            counts[detail, default: 0] += 1
        }
        // An hour of 1 s ticks: at most 36 s of walking (plus the forced first capture).
        #expect(Double(walked) <= 0.01 * 3600e9 + 40e6)
        #expect(Double(walked) >= 0.008 * 3600e9)
        #expect((counts[.status] ?? 0) > 0)
        #expect((counts[.regions] ?? 0) >= 300)
    }

    @Test func offReadsEverythingAsScheduled() {
        var budget = PageWalkBudget(fraction: nil)
        budget.earn(elapsedNs: 1)
        #expect(budget.plan(regionsDue: false, regionsForced: false) == .rollup)
        #expect(budget.plan(regionsDue: true, regionsForced: false) == .regions)
        budget.spend(1_000_000_000, at: .regions)
        #expect(budget.plan(regionsDue: false, regionsForced: false) == .rollup)
    }
}
