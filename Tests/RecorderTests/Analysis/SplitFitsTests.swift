import Foundation
import Testing

@testable import Recorder

/// The incremental prefix and suffix fits must equal fitting each segment afresh, ties and equal times included.
@Suite struct SplitFitsTests {
    typealias Point = TrendAnalyzer.Point

    /// Series with the shapes the analyzer meets: noise, a rise that ends, steps, many equal values, and
    /// repeated times (bucket times can coincide only in hand-made input, but the fits must not care).
    static func series(seed: UInt64, count: Int) -> [[Point]] {
        var random = SeededGenerator(seed: seed)
        let noisy = (0..<count).map { Point(time: Double($0) * 1000, value: 1e6 + random.gaussian(sigma: 5e4)) }
        let riseThenFlat = (0..<count).map {
            Point(time: Double($0) * 997 + random.unit() * 100, value: 1e6 * min(Double($0), 30) + random.uniform(1e4))
        }
        let quantised = (0..<count).map { Point(time: Double($0) * 1000, value: Double(Int(random.unit() * 4)) * 4096) }
        let repeatedTimes = (0..<count).map { Point(time: Double($0 / 3) * 1000, value: Double($0 % 7) * 1e5) }
        let steps = (0..<count).map { Point(time: Double($0) * 1000, value: $0 < count / 2 ? 5e6 : 9e6) }
        return [noisy, riseThenFlat, quantised, repeatedTimes, steps]
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func everyPrefixAndSuffixEqualsAFreshFit(seed: UInt64) {
        for points in Self.series(seed: seed, count: 37) {
            let fits = TrendAnalyzer.SplitFits(points)
            for index in 0...points.count {
                let before = TrendAnalyzer.fit(Array(points[..<index]))
                let after = TrendAnalyzer.fit(Array(points[index...]))
                #expect(fits.before[index]?.line == before?.line, "prefix \(index)")
                #expect(fits.before[index]?.test == before?.test, "prefix \(index)")
                #expect(fits.after[index]?.line == after?.line, "suffix \(index)")
                #expect(fits.after[index]?.test == after?.test, "suffix \(index)")
            }
        }
    }

    @Test(arguments: [UInt64(4), 5])
    func bestSplitMinimisesTheTwoLineDeviation(seed: UInt64) throws {
        for points in Self.series(seed: seed, count: 41) {
            let fits = TrendAnalyzer.SplitFits(points)
            let split = try #require(fits.bestSplit(minimumBefore: 3, minimumAfter: 5))
            // Brute force: every allowed split, each side fitted afresh.
            func cost(_ index: Int) -> Double {
                [Array(points[..<index]), Array(points[index...])].reduce(0) { total, side in
                    let line = TrendAnalyzer.fit(side)?.line
                    let slope = line?.slope ?? 0
                    let intercept = line?.intercept ?? RobustStatistics.median(side.map(\.value))
                    return total + side.reduce(0) { $0 + abs($1.value - slope * $1.time - intercept) }
                }
            }
            let costs = (3...(points.count - 5)).map { (index: $0, cost: cost($0)) }
            let minimum = try #require(costs.map(\.cost).min())
            #expect(split == costs.first { $0.cost == minimum }?.index)
        }
    }

    @Test func aStepIsSplitWhereItHappens() throws {
        let points = (0..<40).map { Point(time: Double($0) * 1000, value: $0 < 25 ? 1e6 : 3e6) }
        #expect(TrendAnalyzer.SplitFits(points).bestSplit(minimumBefore: 3, minimumAfter: 5) == 25)
        #expect(TrendAnalyzer.SplitFits(Array(points.prefix(7))).bestSplit(minimumBefore: 3, minimumAfter: 5) == nil)
    }

    @Test func orderStatisticsMatchSorting() {
        var random = SeededGenerator(seed: 9)
        let universe = (0..<200).map { _ in Double(Int(random.unit() * 50)) }
        let positions = OrderStatisticSet.positions(of: universe)
        var set = OrderStatisticSet(universe: universe)
        var present: [Double] = []
        for index in stride(from: 0, to: universe.count, by: 3) {
            set.insert(position: positions[index])
            present.append(universe[index])
            let sorted = present.sorted()
            #expect(set.median == RobustStatistics.median(sorted: sorted))
            #expect(set.element(rank: 1) == sorted[0])
            #expect(set.element(rank: sorted.count) == sorted[sorted.count - 1])
            #expect(set.element(rank: (sorted.count + 2) / 3) == sorted[(sorted.count + 2) / 3 - 1])
        }
    }
}
