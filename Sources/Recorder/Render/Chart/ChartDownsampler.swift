/// Reduces a series to what a chart of a given width can show: in each pixel column, the
/// lowest and the highest point, so the line keeps its shape and its peaks from 10 points to
/// millions.
public enum ChartDownsampler {
    /// The indices of the points to draw, in time order (ties in index order).
    ///
    /// Points outside `range` and values that are not finite are left out. When what is left
    /// fits in `2 × columns + 2` points it is kept whole; otherwise each column of `range` keeps
    /// its lowest and its highest point, and the earliest and latest points are kept as well.
    /// Times need not be sorted.
    ///
    /// - Complexity: O(n) for n points, plus O(c) memory for c columns.
    public static func indices(
        timesMs: [Int64], values: [Double], range: ClosedRange<Int64>, columns: Int
    ) -> [Int] {
        let count = min(timesMs.count, values.count)
        let columns = max(1, columns)
        var kept: [Int] = []
        var sorted = true
        for index in 0..<count where values[index].isFinite && range.contains(timesMs[index]) {
            if let previous = kept.last, timesMs[previous] > timesMs[index] { sorted = false }
            kept.append(index)
        }
        guard kept.count > 2 * columns + 2 else {
            return sorted ? kept : kept.sorted { (timesMs[$0], $0) < (timesMs[$1], $1) }
        }
        // Lowest and highest point of each column; the earliest and latest point overall, the
        // smallest and the largest in (time, index) order.
        var low = [Int](repeating: -1, count: columns)
        var high = [Int](repeating: -1, count: columns)
        var earliest = kept[0]
        var latest = kept[0]
        let start = Double(range.lowerBound)
        let scale = Double(columns) / max(1, Double(range.upperBound) - start)
        for index in kept {
            let time = timesMs[index]
            let column = min(columns - 1, Int((Double(time) - start) * scale))
            let value = values[index]
            if low[column] < 0 || value < values[low[column]] { low[column] = index }
            if high[column] < 0 || value > values[high[column]] { high[column] = index }
            if time < timesMs[earliest] { earliest = index }
            if time >= timesMs[latest] { latest = index }
        }
        var out = [earliest]
        out.reserveCapacity(2 * columns + 2)
        for column in 0..<columns where low[column] >= 0 {
            let (a, b) = (low[column], high[column])
            let inOrder = (timesMs[a], a) <= (timesMs[b], b)
            for index in inOrder ? [a, b] : [b, a] where out.last != index { out.append(index) }
        }
        if out.last != latest { out.append(latest) }
        return out
    }

    /// `series` reduced as ``indices(timesMs:values:range:columns:)`` says, over `range`
    /// (all of its points when `nil`).
    ///
    /// - Complexity: O(n) for n points.
    public static func reduce(_ series: ChartSeries, range: ClosedRange<Int64>? = nil, columns: Int) -> ChartSeries {
        let count = series.count
        let times = series.timesMs[..<count]
        let range = range ?? ((times.min() ?? 0)...(times.max() ?? 0))
        let kept = indices(timesMs: series.timesMs, values: series.values, range: range, columns: columns)
        var out = series
        out.timesMs = kept.map { series.timesMs[$0] }
        out.values = kept.map { series.values[$0] }
        return out
    }
}
