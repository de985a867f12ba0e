extension SVGLineChart {
    /// A straight line from (`startMs`, `startValue`) to (`endMs`, `endValue`), drawn dashed:
    /// a fitted trend, or its projection.
    public struct TrendLine: Sendable, Hashable {
        public var startMs: Int64
        public var startValue: Double
        public var endMs: Int64
        public var endValue: Double
        /// The legend's name for the line (`trend +12.3 MiB/h`), or `nil` to list nothing.
        public var label: String?

        /// Creates a line between two points; values in bytes.
        public init(startMs: Int64, startValue: Double, endMs: Int64, endValue: Double, label: String? = nil) {
            self.startMs = startMs
            self.startValue = startValue
            self.endMs = endMs
            self.endValue = endValue
            self.label = label
        }
    }

    /// A point marked with a circle and a label beside it.
    public struct Peak: Sendable, Hashable {
        public var timeMs: Int64
        public var value: Double
        /// The text beside the circle.
        public var label: String

        /// Creates a marker; the label defaults to `peak 67.8 MiB`.
        public init(timeMs: Int64, value: Double, label: String? = nil) {
            self.timeMs = timeMs
            self.value = value
            self.label = label ?? "peak \(ByteFormat.string(value))"
        }
    }

    /// A moment marked by a dotted vertical line, labelled at its top.
    public struct Marker: Sendable, Hashable {
        public var timeMs: Int64
        /// Any text: escaped when drawn, and cut to ``maximumLabelCharacters``.
        public var label: String

        /// The most characters of a label drawn.
        public static let maximumLabelCharacters = 40

        /// Creates a marker.
        public init(timeMs: Int64, label: String) {
            self.timeMs = timeMs
            self.label = label
        }
    }

    /// The points the axes must hold besides the series'.
    var overlayPoints: [(Int64, Double)] {
        var points: [(Int64, Double)] = []
        if let trend { points += [(trend.startMs, trend.startValue), (trend.endMs, trend.endValue)] }
        if let peak { points.append((peak.timeMs, peak.value)) }
        return points
    }

    /// The trend line and the peak marker, over the series.
    func overlayElements(frame: ChartFrame, legend: inout [ChartFrame.LegendEntry]) -> [String] {
        var lines: [String] = []
        let ink = "#444"
        if let trend, trend.startValue.isFinite, trend.endValue.isFinite {
            let (x1, y1) = (SVGNumber.text(frame.x(trend.startMs)), SVGNumber.text(frame.y(trend.startValue)))
            let (x2, y2) = (SVGNumber.text(frame.x(trend.endMs)), SVGNumber.text(frame.y(trend.endValue)))
            lines.append(
                "<line x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\" stroke=\"\(ink)\" stroke-width=\"1.5\""
                    + " stroke-dasharray=\"6 4\"/>")
            if let label = trend.label { legend.append(.init(name: label, color: ink, swatch: .dashedLine)) }
        }
        for (index, marker) in markers.enumerated() where frame.times.contains(marker.timeMs) {
            let x = SVGNumber.text(frame.x(marker.timeMs))
            let y = SVGNumber.text(frame.top + 10 + Double(index % 3) * 12)
            var label = String(marker.label.prefix(Self.Marker.maximumLabelCharacters))
            if label.count < marker.label.count { label += "…" }
            lines.append(
                "<line x1=\"\(x)\" y1=\"\(SVGNumber.text(frame.top))\" x2=\"\(x)\" y2=\"\(SVGNumber.text(frame.bottom))\""
                    + " stroke=\"#888\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/>")
            lines.append(
                "<text class=\"mark\" x=\"\(x)\" y=\"\(y)\" dx=\"3\">\(XMLText.escaped(label))</text>")
        }
        if let peak, peak.value.isFinite {
            let (x, y) = (frame.x(peak.timeMs), frame.y(peak.value))
            let (cx, cy) = (SVGNumber.text(x), SVGNumber.text(y))
            lines.append(
                "<circle cx=\"\(cx)\" cy=\"\(cy)\" r=\"4\" fill=\"none\" stroke=\"\(ink)\" stroke-width=\"1.5\"/>")
            // Beside the circle, away from the edges: above it, or below when it is at the top.
            let third = (frame.right - frame.left) / 3
            let anchor = x < frame.left + third ? "start" : x > frame.right - third ? "end" : "middle"
            let dx = anchor == "start" ? 6.0 : anchor == "end" ? -6.0 : 0
            let ty = y - 8 < frame.top + 10 ? y + 16 : y - 8
            lines.append(
                "<text x=\"\(SVGNumber.text(x + dx))\" y=\"\(SVGNumber.text(ty))\" text-anchor=\"\(anchor)\">"
                    + "\(XMLText.escaped(peak.label))</text>")
        }
        return lines
    }
}
