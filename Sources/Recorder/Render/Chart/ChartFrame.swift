/// What both charts share: the canvas, the plot area with its value and time axes, the legend,
/// and the `<svg>` element around them.
struct ChartFrame {
    /// An entry of the legend: a name (any text), a CSS colour, and the swatch drawn before it.
    struct LegendEntry {
        enum Swatch { case line, dashedLine, area }
        var name: String
        var color: String
        var swatch: Swatch
    }

    let width: Double
    let height: Double
    let left: Double
    let top = 12.0
    let right: Double
    let bottom: Double
    let times: ClosedRange<Int64>
    let values: ChartByteAxis
    let timeTicks: [ChartTimeAxis.Tick]

    /// A frame `width` × `height` (at least 240 × 140) for `times` (no time ticks when `nil`)
    /// and values from `low` to `high`.
    init(width: Int, height: Int, times: ClosedRange<Int64>?, low: Double, high: Double, timeZone: ClockZone) {
        self.width = Double(max(240, width))
        self.height = Double(max(140, height))
        left = 64
        right = self.width - 24
        bottom = self.height - 36
        values = ChartByteAxis(low: low, high: high)
        guard let times else {
            self.times = 0...1
            timeTicks = []
            return
        }
        // One instant is drawn in the middle of a minute.
        let instant = times.lowerBound
        self.times =
            times.lowerBound < times.upperBound
            ? times : (max(.min + 30_000, instant) - 30_000)...(min(.max - 30_000, instant) + 30_000)
        timeTicks = ChartTimeAxis(range: self.times, timeZone: timeZone).ticks
    }

    /// The number of whole pixel columns of the plot area, for ``ChartDownsampler``.
    var columns: Int { Int(right - left) }

    /// The x coordinate of a time.
    func x(_ ms: Int64) -> Double {
        let span = Double(times.upperBound) - Double(times.lowerBound)
        return left + (Double(ms) - Double(times.lowerBound)) / span * (right - left)
    }

    /// The y coordinate of a value in bytes.
    func y(_ value: Double) -> Double {
        bottom - (value - values.lower) / (values.upper - values.lower) * (bottom - top)
    }

    /// `x,y` for a point, as in a `points` attribute.
    func point(_ ms: Int64, _ value: Double) -> String {
        SVGNumber.text(x(ms)) + "," + SVGNumber.text(y(value))
    }

    /// The whole `<svg>` element: `body` drawn over the grid and under the axes, then the legend.
    /// `title` and `description` are any text, escaped here.
    func document(title: String, description: String, legend: [LegendEntry], body: [String]) -> String {
        let (legendLines, legendHeight) = legendElements(legend)
        let fullHeight = height + legendHeight
        var lines = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(SVGNumber.text(width)) \(SVGNumber.text(fullHeight))\""
                + " width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\""
                + " font-family=\"sans-serif\" font-size=\"11\" fill=\"#333\">",
            "<title>\(XMLText.escaped(title))</title>",
            "<desc>\(XMLText.escaped(description))</desc>",
            "<rect width=\"\(SVGNumber.text(width))\" height=\"\(SVGNumber.text(fullHeight))\" fill=\"#fff\"/>",
        ]
        lines += grid()
        lines += body
        lines += axes()
        lines += legendLines
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    private func grid() -> [String] {
        var lines = ["<g stroke=\"#e6e6e6\" stroke-width=\"1\">"]
        for tick in values.ticks {
            let y = SVGNumber.text(y(tick.value))
            lines.append(
                "<line x1=\"\(SVGNumber.text(left))\" y1=\"\(y)\" x2=\"\(SVGNumber.text(right))\" y2=\"\(y)\"/>")
        }
        for tick in timeTicks {
            let x = SVGNumber.text(x(tick.ms))
            lines.append(
                "<line x1=\"\(x)\" y1=\"\(SVGNumber.text(top))\" x2=\"\(x)\" y2=\"\(SVGNumber.text(bottom))\"/>")
        }
        lines.append("</g>")
        return lines
    }

    private func axes() -> [String] {
        let (l, r, t, b) = (SVGNumber.text(left), SVGNumber.text(right), SVGNumber.text(top), SVGNumber.text(bottom))
        var lines = ["<path d=\"M\(l) \(t)V\(b)H\(r)\" fill=\"none\" stroke=\"#888\" stroke-width=\"1\"/>"]
        lines.append("<g text-anchor=\"end\">")
        for tick in values.ticks {
            let y = SVGNumber.text(y(tick.value) + 4)
            lines.append("<text x=\"\(SVGNumber.text(left - 6))\" y=\"\(y)\">\(XMLText.escaped(tick.label))</text>")
        }
        lines.append("</g>")
        lines.append("<g text-anchor=\"middle\">")
        for tick in timeTicks {
            let x = x(tick.ms)
            let anchor = x > right - 24 ? " text-anchor=\"end\"" : ""
            let (tx, ty) = (SVGNumber.text(x), SVGNumber.text(bottom + 14))
            lines.append("<text x=\"\(tx)\" y=\"\(ty)\"\(anchor)>\(XMLText.escaped(tick.label))</text>")
            if let date = tick.date {
                let dy = SVGNumber.text(bottom + 27)
                lines.append("<text x=\"\(tx)\" y=\"\(dy)\"\(anchor)>\(XMLText.escaped(date))</text>")
            }
        }
        lines.append("</g>")
        return lines
    }

    /// Legend entries left to right below the axes, wrapped into rows; names longer than 48
    /// characters are cut (the chart's description keeps them whole).
    private func legendElements(_ entries: [LegendEntry]) -> ([String], Double) {
        guard !entries.isEmpty else { return ([], 0) }
        var lines = ["<g>"]
        var (x, y) = (left, height + 10)
        for entry in entries {
            var name = VisibleText.escaped(entry.name)
            if name.count > 48 { name = String(name.prefix(47)) + "…" }
            let entryWidth = 20 + Double(name.count) * 6.5 + 16
            if x > left && x + entryWidth > right {
                (x, y) = (left, y + 16)
            }
            let (sx, sy) = (SVGNumber.text(x), SVGNumber.text(y))
            switch entry.swatch {
            case .area:
                lines.append(
                    "<rect x=\"\(sx)\" y=\"\(SVGNumber.text(y - 9))\" width=\"14\" height=\"10\" fill=\"\(entry.color)\"/>"
                )
            case .line, .dashedLine:
                let dash = entry.swatch == .dashedLine ? " stroke-dasharray=\"4 3\"" : ""
                lines.append(
                    "<line x1=\"\(sx)\" y1=\"\(SVGNumber.text(y - 4))\" x2=\"\(SVGNumber.text(x + 14))\""
                        + " y2=\"\(SVGNumber.text(y - 4))\" stroke=\"\(entry.color)\" stroke-width=\"2\"\(dash)/>")
            }
            lines.append("<text x=\"\(SVGNumber.text(x + 20))\" y=\"\(sy)\">\(XMLText.escaped(name))</text>")
            x += entryWidth
        }
        lines.append("</g>")
        return (lines, y - height + 8)
    }
}
