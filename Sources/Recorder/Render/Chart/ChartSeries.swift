/// One line of a chart: a name, a colour, and points in time as two parallel arrays.
public struct ChartSeries: Sendable, Hashable {
    /// The name shown in the legend and the chart's description; any text, escaped when drawn.
    public var name: String
    /// The colour; `nil` takes the palette colour at the series' place in the chart.
    public var color: ChartColor?
    /// Unix times in milliseconds, one for each value.
    public var timesMs: [Int64]
    /// Values in bytes; a value that is not finite is left out when drawn.
    public var values: [Double]
    /// Whether the line is drawn dashed.
    public var dashed: Bool

    /// Creates a series. Only the first `min(timesMs.count, values.count)` points are drawn.
    public init(name: String, color: ChartColor? = nil, timesMs: [Int64], values: [Double], dashed: Bool = false) {
        self.name = name
        self.color = color
        self.timesMs = timesMs
        self.values = values
        self.dashed = dashed
    }

    /// The number of points: the shorter of the two arrays.
    public var count: Int { min(timesMs.count, values.count) }
}
