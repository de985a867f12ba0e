/// Stacked areas over time as one self-contained `<svg>` element: what each of a process's
/// largest regions held at each region capture, one on top of the other, with the remainder
/// on top, so the height of the stack is the whole. Same axes, legend and escaping as
/// ``SVGLineChart``.
public struct SVGStackedAreaChart: Sendable {
    /// One area: a label (any text, escaped when drawn) and its values in bytes at the chart's
    /// times. A region absent at a capture has 0 there; a missing, negative or non-finite value
    /// counts as 0.
    public struct Layer: Sendable, Hashable {
        public var label: String
        public var values: [Double]
        /// The colour; `nil` takes the palette colour at the layer's place.
        public var color: ChartColor?

        /// Creates a layer.
        public init(label: String, values: [Double], color: ChartColor? = nil) {
            self.label = label
            self.values = values
            self.color = color
        }
    }

    /// What the chart shows, for its `<title>`.
    public var title: String
    /// The capture times, in Unix milliseconds; need not be sorted.
    public var timesMs: [Int64]
    /// The areas from the bottom up, listed in this order in the legend.
    public var layers: [Layer]
    /// The remainder, drawn on top in grey unless it has a colour; `nil` for none.
    public var other: Layer?
    /// The width and height of the drawing in SVG units; the legend adds rows below.
    public var width: Int
    public var height: Int
    /// The time zone of the time axis.
    public var timeZone: ClockZone

    /// Creates a chart; ``render()`` draws it.
    public init(
        title: String, timesMs: [Int64], layers: [Layer], other: Layer? = nil, width: Int = 720, height: Int = 320,
        timeZone: ClockZone = .system
    ) {
        self.title = title
        self.timesMs = timesMs
        self.layers = layers
        self.other = other
        self.width = width
        self.height = height
        self.timeZone = timeZone
    }

    /// The chart as an `<svg>` element, ending in a newline.
    public func render() -> String {
        var all = layers.enumerated().map { ($1, ($1.color ?? .palette($0)).cssValue) }
        if let other { all.append((other, other.color?.cssValue ?? ChartColor.remainder)) }
        let count = timesMs.count
        let heights = all.map { layer, _ in
            (0..<count).map { index in
                let value = index < layer.values.count ? layer.values[index] : 0
                return value.isFinite ? max(0, value) : 0
            }
        }
        let totals = (0..<count).map { index in heights.reduce(0) { $0 + $1[index] } }
        let times = timesMs.min().flatMap { low in timesMs.max().map { low...$0 } }
        let frame = ChartFrame(
            width: width, height: height, times: times, low: 0, high: totals.max() ?? 0, timeZone: timeZone)
        // The same captures for every layer, so the stack stays whole: those that keep the
        // lowest and highest total of each pixel column.
        let shown = ChartDownsampler.indices(
            timesMs: timesMs, values: totals, range: times ?? 0...0, columns: frame.columns)

        var body: [String] = []
        var below = [Double](repeating: 0, count: shown.count)
        for ((_, color), values) in zip(all, heights) {
            let above = shown.indices.map { below[$0] + values[shown[$0]] }
            if above != below { body.append(area(shown, below, above, color, frame)) }
            below = above
        }
        let legend = all.map { ChartFrame.LegendEntry(name: $0.label, color: $1, swatch: .area) }
        let names = all.map(\.0.label).joined(separator: ", ")
        return frame.document(title: title, description: "Stacked areas: \(names)", legend: legend, body: body)
    }

    /// The band between `below` and `above`; a bar 8 units wide when there is one capture.
    private func area(_ shown: [Int], _ below: [Double], _ above: [Double], _ color: String, _ frame: ChartFrame)
        -> String
    {
        if shown.count == 1 {
            let (x, top, bottom) = (frame.x(timesMs[shown[0]]), frame.y(above[0]), frame.y(below[0]))
            return "<rect x=\"\(SVGNumber.text(x - 4))\" y=\"\(SVGNumber.text(top))\" width=\"8\""
                + " height=\"\(SVGNumber.text(bottom - top))\" fill=\"\(color)\"/>"
        }
        let upper = shown.indices.map { frame.point(timesMs[shown[$0]], above[$0]) }
        let lower = shown.indices.reversed().map { frame.point(timesMs[shown[$0]], below[$0]) }
        return "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(color)\""
            + " stroke=\"#fff\" stroke-width=\"0.5\"/>"
    }
}
