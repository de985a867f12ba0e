/// A multiset of values drawn from a universe known up front, answering "the k-th smallest" in O(log N).
///
/// The universe is sorted once; each value is then a position in that order, and a Fenwick (binary indexed)
/// tree over the positions counts which are present. ``TrendAnalyzer`` uses it to keep the median and Sen's
/// interval of a growing set of pairwise slopes without sorting the set again for every prefix or suffix.
struct OrderStatisticSet {
    /// The universe, ascending.
    private let sorted: [Double]
    /// Fenwick tree, 1-based: `tree[i]` counts the present positions in `(i - lowbit(i), i]`.
    private var tree: [Int]
    /// The highest power of two not above the universe's size, for the descent in ``element(rank:)``.
    private let topBit: Int
    /// How many values are present.
    private(set) var count = 0

    /// A set over `universe`, empty. Positions are indices into the universe sorted ascending, as
    /// returned by ``positions(of:)``.
    init(universe: [Double]) {
        sorted = universe.sorted()
        tree = [Int](repeating: 0, count: universe.count + 1)
        var bit = 1
        while bit * 2 <= universe.count { bit *= 2 }
        topBit = universe.isEmpty ? 0 : bit
    }

    /// For each value of `universe` (in the order given), its position in ascending order; equal values get
    /// distinct positions. O(N log N).
    static func positions(of universe: [Double]) -> [Int] {
        let order = universe.indices.sorted { (universe[$0], $0) < (universe[$1], $1) }
        var positions = [Int](repeating: 0, count: universe.count)
        for (position, index) in order.enumerated() { positions[index] = position }
        return positions
    }

    /// Adds the value at `position` (each position at most once).
    mutating func insert(position: Int) {
        count += 1
        var index = position + 1
        while index < tree.count {
            tree[index] += 1
            index += index & -index
        }
    }

    /// The `rank`-th smallest present value, 1-based; `rank` is clamped to `1...count`. The set must not be
    /// empty.
    func element(rank: Int) -> Double {
        var remaining = min(max(rank, 1), count)
        var index = 0
        var bit = topBit
        while bit > 0 {
            let next = index + bit
            if next < tree.count, tree[next] < remaining {
                index = next
                remaining -= tree[next]
            }
            bit /= 2
        }
        return sorted[index]
    }

    /// The median of the present values; 0 when empty.
    var median: Double {
        guard count > 0 else { return 0 }
        if count % 2 == 1 { return element(rank: count / 2 + 1) }
        return (element(rank: count / 2) + element(rank: count / 2 + 1)) / 2
    }
}
