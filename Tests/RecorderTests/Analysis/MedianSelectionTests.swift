import Testing

@testable import Recorder

/// `RobustStatistics.median` finds the middle by selection; it must agree with sorting.
@Suite("median by selection")
struct MedianSelectionTests {
    /// A small deterministic generator (the tests must not depend on a seed they cannot see).
    struct Lcg {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test func agreesWithTheSortedMiddleOnEveryShape() {
        var random = Lcg(state: 42)
        var shapes: [[Double]] = [[], [7], [3, 1], [5, 5, 5, 5], Array(repeating: 2, count: 1001)]
        shapes.append((0..<1000).map(Double.init))
        shapes.append((0..<1000).reversed().map(Double.init))
        for count in [2, 3, 10, 11, 100, 101, 4096, 86_400] {
            // Few distinct values (a steady process), many (a noisy one), and a step.
            shapes.append((0..<count).map { _ in Double(random.next(3)) })
            shapes.append((0..<count).map { _ in Double(random.next(1_000_000)) * 4096 })
            shapes.append((0..<count).map { $0 < count / 3 ? 100 : 200 + Double(random.next(5)) })
        }
        for values in shapes {
            #expect(
                RobustStatistics.median(values) == RobustStatistics.median(sorted: values.sorted()), "\(values.count)")
        }
    }

    @Test func selectPutsTheRankInPlaceWithSmallerBeforeAndLargerAfter() {
        var random = Lcg(state: 7)
        for _ in 0..<200 {
            let count = 1 + random.next(300)
            var values = (0..<count).map { _ in Double(random.next(20)) }
            let sorted = values.sorted()
            let rank = random.next(count)
            let found = RobustStatistics.select(&values, rank: rank)
            #expect(found == sorted[rank])
            #expect(values[rank] == found)
            #expect(values[..<rank].allSatisfy { $0 <= found })
            #expect(values[(rank + 1)...].allSatisfy { $0 >= found })
            #expect(values.sorted() == sorted)
        }
    }
}
