/// A process's series as a Mermaid `xychart-beta` block, which the common code hosts render in
/// Markdown: time on a category axis cut into equal slices, each measure a line at the largest
/// value of its slice (so peaks survive), in MiB.
enum MermaidChart {
    /// Slices of time on the x axis.
    static let slices = 40

    /// The block, or "" when the process has fewer than two samples.
    static func block(_ samples: ProcessSamples, timeZone: ClockZone = .system) -> String {
        guard samples.count >= 2, let start = samples.timesMs.first, let end = samples.timesMs.last, end > start
        else { return "" }
        var lines: [(String, [Double])] = []
        for measure in ProcessSamples.chartedMeasures {
            let points = samples.points(measure.values)
            guard !points.values.isEmpty else { continue }
            lines.append((measure.name, sliceMaxima(points.timesMs, points.values, start: start, end: end)))
        }
        guard !lines.isEmpty else { return "" }
        let top = lines.flatMap(\.1).max() ?? 0
        let label: (ClockZone.LocalTime) -> String =
            end - start >= 86_400_000
            ? { $0.numericMonthAndDay + " " + $0.hourMinute }
            : (end - start >= 600_000 ? { $0.hourMinute } : { $0.hourMinuteSecond })
        let labels = (0..<slices).map { slice -> String in
            let time = start + (end - start) * Int64(slice) / Int64(slices)
            return "\"" + label(timeZone.localTime(time)) + "\""
        }
        var out = "\n```mermaid\nxychart-beta\n"
        out += "    x-axis [\(labels.joined(separator: ", "))]\n"
        out += "    y-axis \"MiB\" 0 --> \(CFormat.fixed((top / 1_048_576 * 1.05).rounded(.up), digits: 1))\n"
        for (_, values) in lines {
            out +=
                "    line [" + values.map { CFormat.fixed($0 / 1_048_576, digits: 1) }.joined(separator: ", ") + "]\n"
        }
        out += "```\n\n"
        out += "Lines, in order: \(lines.map(\.0).joined(separator: ", ")) (MiB, each slice's largest value).\n\n"
        return out
    }

    /// The largest value in each of ``slices`` equal slices of `[start, end]`; an empty slice
    /// carries the value before it (the first ones the first value).
    static func sliceMaxima(_ times: [Int64], _ values: [Double], start: Int64, end: Int64) -> [Double] {
        var maxima = [Double?](repeating: nil, count: slices)
        let span = Double(max(1, end - start))
        for (time, value) in zip(times, values) where value.isFinite {
            let slice = min(slices - 1, max(0, Int(Double(time - start) / span * Double(slices))))
            maxima[slice] = max(maxima[slice] ?? value, value)
        }
        var last = values.first { $0.isFinite } ?? 0
        return maxima.map { value in
            if let value { last = value }
            return last
        }
    }
}
