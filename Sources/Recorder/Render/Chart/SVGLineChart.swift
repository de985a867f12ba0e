/// A line chart of memory over time as one self-contained `<svg>` element: no script, no link,
/// no font to fetch. Several series share the time axis (local clock time) and the value axis
/// (bytes in powers of 1024); a dashed trend line and a peak marker may be drawn over them.
///
/// Long series are reduced to one lowest and one highest point per pixel column
/// (``ChartDownsampler``), so the file stays small and the peaks stay. The same input gives the
/// same text on every run.
public struct SVGLineChart: Sendable {
    /// What the chart shows, for its `<title>`: any text, escaped when drawn.
    public var title: String
    /// The lines, drawn in this order and listed in this order in the legend.
    public var series: [ChartSeries]
    /// A straight dashed line over the series, or `nil`.
    public var trend: TrendLine?
    /// A marked point with its label, or `nil`.
    public var peak: Peak?
    /// Moments drawn as dotted vertical lines with their labels (a session's marks); those outside the
    /// time axis are left out.
    public var markers: [Marker] = []
    /// The width and height of the drawing in SVG units; the legend adds rows below. The
    /// drawing scales to its container, keeping its proportions.
    public var width: Int
    public var height: Int
    /// The time zone of the time axis.
    public var timeZone: ClockZone

    /// Creates a chart; ``render()`` draws it.
    public init(
        title: String, series: [ChartSeries], trend: TrendLine? = nil, peak: Peak? = nil, width: Int = 720,
        height: Int = 320, timeZone: ClockZone = .system
    ) {
        self.title = title
        self.series = series
        self.trend = trend
        self.peak = peak
        self.width = width
        self.height = height
        self.timeZone = timeZone
    }

    /// The chart as an `<svg>` element, ending in a newline.
    public func render() -> String {
        var times: ClosedRange<Int64>?
        var (low, high) = (0.0, 0.0)
        func include(_ ms: Int64, _ value: Double) {
            guard value.isFinite else { return }
            times = times.map { min($0.lowerBound, ms)...max($0.upperBound, ms) } ?? ms...ms
            (low, high) = (min(low, value), max(high, value))
        }
        for line in series {
            for index in 0..<line.count { include(line.timesMs[index], line.values[index]) }
        }
        for (ms, value) in overlayPoints { include(ms, value) }
        let frame = ChartFrame(
            width: width, height: height, times: times, low: low, high: high, timeZone: timeZone)

        var body: [String] = []
        var legend: [ChartFrame.LegendEntry] = []
        for (place, line) in series.enumerated() {
            let color = (line.color ?? .palette(place)).cssValue
            if let element = polyline(line, color: color, frame: frame) { body.append(element) }
            legend.append(.init(name: line.name, color: color, swatch: line.dashed ? .dashedLine : .line))
        }
        body += overlayElements(frame: frame, legend: &legend)
        let names = series.map(\.name).joined(separator: ", ")
        return frame.document(title: title, description: "Lines: \(names)", legend: legend, body: body)
    }

    /// One series as a polyline, a dot when it has one point to show, or `nil` when it has none.
    private func polyline(_ line: ChartSeries, color: String, frame: ChartFrame) -> String? {
        let shown = ChartDownsampler.reduce(line, range: frame.times, columns: frame.columns)
        if shown.count == 0 { return nil }
        if shown.count == 1 {
            let (x, y) = (frame.x(shown.timesMs[0]), frame.y(shown.values[0]))
            return "<circle cx=\"\(SVGNumber.text(x))\" cy=\"\(SVGNumber.text(y))\" r=\"2.5\" fill=\"\(color)\"/>"
        }
        let points = (0..<shown.count).map { frame.point(shown.timesMs[$0], shown.values[$0]) }
        let dash = line.dashed ? " stroke-dasharray=\"5 3\"" : ""
        return "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\""
            + " stroke-width=\"1.5\" stroke-linejoin=\"round\"\(dash)/>"
    }
}
