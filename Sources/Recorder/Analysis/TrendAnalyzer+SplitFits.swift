// MARK: - Split fits: the fit of every prefix and every suffix at once

extension TrendAnalyzer {
    /// The Theil–Sen line and Mann–Kendall test of every prefix and every suffix of a point series.
    ///
    /// Fitting each of the k prefixes and k suffixes afresh would cost O(k³ log k); here each pairwise slope is
    /// sorted once, and the prefixes (then the suffixes) grow one point at a time: the new point's slopes go
    /// into an ``OrderStatisticSet`` that answers the median and Sen's interval in O(log k), and the
    /// Mann–Kendall statistic and its ties correction are updated by the new point's pairs. The fits equal
    /// ``fit(_:)`` of the same points exactly.
    ///
    /// - Complexity: O(k² log k) time, O(k²) memory.
    struct SplitFits {
        let points: [Point]
        /// `before[i]` fits `points[..<i]`, for i in 0...k; `nil` below 2 points or without distinct times.
        private(set) var before: [Fit?]
        /// `after[i]` fits `points[i...]`, for i in 0...k; `nil` below 2 points or without distinct times.
        private(set) var after: [Fit?]

        init(_ points: [Point]) {
            self.points = points
            let count = points.count
            // The slope of each pair i < j with distinct times, and its position in the sorted universe.
            var slopes: [Double] = []
            var pairSlot = [Int](repeating: -1, count: count * count)
            slopes.reserveCapacity(count * (count - 1) / 2)
            for i in 0..<count {
                for j in (i + 1)..<count where points[j].time != points[i].time {
                    pairSlot[i * count + j] = slopes.count
                    slopes.append((points[j].value - points[i].value) / (points[j].time - points[i].time))
                }
            }
            let positions = OrderStatisticSet.positions(of: slopes)
            let empty = OrderStatisticSet(universe: slopes)
            before = [Fit?](repeating: nil, count: count + 1)
            after = [Fit?](repeating: nil, count: count + 1)

            var growing = Growth(set: empty)
            for end in 0..<count {
                for i in 0..<end {
                    growing.addPair(
                        slot: pairSlot[i * count + end], positions: positions,
                        sign: Self.sign(points[end].value - points[i].value))
                }
                growing.addValue(points[end].value)
                before[end + 1] = growing.fit(points[...end])
            }
            growing = Growth(set: empty)
            for start in (0..<count).reversed() {
                for j in (start + 1)..<count {
                    growing.addPair(
                        slot: pairSlot[start * count + j], positions: positions,
                        sign: Self.sign(points[j].value - points[start].value))
                }
                growing.addValue(points[start].value)
                after[start] = growing.fit(points[start...])
            }
        }

        /// The split index (the first point after the split) minimising the sum of absolute deviations of the
        /// line before it and the line after it, each side holding at least the given number of points.
        func bestSplit(minimumBefore: Int, minimumAfter: Int) -> Int? {
            let count = points.count
            guard minimumBefore >= 1, minimumAfter >= 1, count >= minimumBefore + minimumAfter else { return nil }
            var best: (index: Int, cost: Double)?
            for index in minimumBefore...(count - minimumAfter) {
                let cost =
                    Self.absoluteDeviation(points[..<index], from: before[index])
                    + Self.absoluteDeviation(points[index...], from: after[index])
                if best == nil || cost < best!.cost { best = (index, cost) }
            }
            return best?.index
        }

        /// The sum of absolute deviations of the points from the fitted line (slope 0 and the median when there is
        /// no line).
        private static func absoluteDeviation(_ points: ArraySlice<Point>, from fit: Fit?) -> Double {
            let slope = fit?.slope ?? 0
            let intercept = fit?.line.intercept ?? RobustStatistics.median(points.map(\.value))
            return points.reduce(0) { $0 + abs($1.value - slope * $1.time - intercept) }
        }

        private static func sign(_ difference: Double) -> Int {
            difference > 0 ? 1 : (difference < 0 ? -1 : 0)
        }

        /// A segment growing one point at a time: its pairwise slopes, Mann–Kendall statistic and ties.
        private struct Growth {
            var set: OrderStatisticSet
            var s = 0
            var values = 0
            var tiesTerm = 0.0
            var valueCounts: [Double: Int] = [:]

            mutating func addPair(slot: Int, positions: [Int], sign: Int) {
                s += sign
                if slot >= 0 { set.insert(position: positions[slot]) }
            }

            mutating func addValue(_ value: Double) {
                let previous = valueCounts[value, default: 0]
                valueCounts[value] = previous + 1
                tiesTerm += RobustStatistics.tieTerm(previous + 1) - RobustStatistics.tieTerm(previous)
                values += 1
            }

            func fit(_ segment: ArraySlice<Point>) -> Fit? {
                guard values >= 2, set.count > 0 else { return nil }
                let test = RobustStatistics.mannKendall(s: s, count: values, tiesTerm: tiesTerm)
                let slope = set.median
                let intercept = RobustStatistics.median(segment.map { $0.value - slope * $0.time })
                let line = RobustStatistics.lineFit(
                    slope: slope, intercept: intercept, pairs: set.count, mannKendallVariance: test.variance
                ) { set.element(rank: $0) }
                return Fit(line: line, test: test)
            }
        }
    }
}
