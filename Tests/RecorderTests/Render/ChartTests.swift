import Foundation
import Testing

@testable import Recorder

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("charts: downsampling, axes, escaping, SVG")
struct ChartTests {
    static let mib = 1024.0 * 1024
    static let utc = ClockZone(TimeZone(identifier: "UTC")!)
    /// 2026-11-25T09:00:00Z.
    static let nine: Int64 = 1_795_597_200_000
    static let evil = "<script>alert(1)</script> & \"x\" \u{1B}[31m"

    /// The document, parsed: the SVG must be well-formed XML with an `<svg>` root.
    @discardableResult
    static func parse(_ svg: String) throws -> XMLElement {
        let document = try XMLDocument(xmlString: svg, options: [])
        let root = try #require(document.rootElement())
        #expect(root.localName == "svg")
        return root
    }

    /// The text of the first element called `name` anywhere under `root`.
    static func text(of name: String, in root: XMLElement) throws -> String? {
        try root.nodes(forXPath: "//*[local-name()='\(name)']").first?.stringValue
    }

    static func expectFinite(_ svg: String) {
        let lower = svg.lowercased()
        #expect(!lower.contains("nan"))
        #expect(!lower.contains("inf"))
    }

    // MARK: Downsampling

    @Test func aMillionPointsKeepTheirShapeAndTheirSpike() {
        let count = 1_000_000
        let times = (0..<count).map { Int64($0) * 10 }
        var values = (0..<count).map { 50 * Self.mib + Double($0 % 1000) * 1000 }
        values[543_210] = 900 * Self.mib
        let kept = ChartDownsampler.indices(
            timesMs: times, values: values, range: times[0]...times[count - 1], columns: 600)
        #expect(kept.count <= 1202)
        #expect(kept.first == 0)
        #expect(kept.last == count - 1)
        #expect(kept.contains(543_210))
        let shown = kept.map { values[$0] }
        #expect(shown.min() == values.min())
        #expect(shown.max() == 900 * Self.mib)
        #expect(zip(kept, kept.dropFirst()).allSatisfy { times[$0] < times[$1] })
        // Every column still swings the whole sawtooth.
        #expect(shown.filter { $0 == 50 * Self.mib + 999_000 }.count >= 590)
    }

    @Test func fewPointsPassThroughAndEdgeCasesWork() {
        let times: [Int64] = (0..<10).map { $0 * 1000 }
        let values = (0..<10).map { Double($0 * $0) }
        #expect(
            ChartDownsampler.indices(timesMs: times, values: values, range: 0...9000, columns: 600) == Array(0..<10))
        #expect(ChartDownsampler.indices(timesMs: [], values: [], range: 0...0, columns: 600) == [])
        #expect(ChartDownsampler.indices(timesMs: [5], values: [1], range: 5...5, columns: 600) == [0])
        #expect(ChartDownsampler.indices(timesMs: [5], values: [1], range: 5...5, columns: 0) == [0])
        // Parallel arrays of different lengths: the shorter decides.
        #expect(ChartDownsampler.indices(timesMs: [1, 2, 3], values: [1], range: 0...9, columns: 4) == [0])
        let series = ChartSeries(name: "s", timesMs: times, values: values)
        #expect(ChartDownsampler.reduce(series, columns: 600) == series)
    }

    @Test func unsortedTimesAndNonFiniteValues() {
        let times: [Int64] = [30, 10, 20, 50, 40]
        let values = [3, .nan, 2, .infinity, 4.0]
        #expect(ChartDownsampler.indices(timesMs: times, values: values, range: 0...100, columns: 600) == [2, 0, 4])

        // Many points in a scrambled order: the same result as sorted, bar the order of indices.
        let count = 20_000
        let order = (0..<count).map { $0 * 7919 % count }  // 7919 is prime to 20,000: a permutation
        let sortedValues = (0..<count).map { sin(Double($0) / 300) * Self.mib + (($0 % 97 == 0) ? .nan : 0) }
        let scrambledTimes = order.map { Int64($0) }
        let scrambledValues = order.map { sortedValues[$0] }
        let kept = ChartDownsampler.indices(
            timesMs: scrambledTimes, values: scrambledValues, range: 0...Int64(count - 1), columns: 100)
        let sortedKept = ChartDownsampler.indices(
            timesMs: (0..<count).map { Int64($0) }, values: sortedValues, range: 0...Int64(count - 1), columns: 100)
        #expect(kept.map { scrambledTimes[$0] } == sortedKept.map { Int64($0) })
        #expect(kept.allSatisfy { scrambledValues[$0].isFinite })
    }

    // MARK: Escaping

    @Test func xmlTextEscapesMarkupAndControls() {
        #expect(XMLText.escaped("plain /tmp/x") == "plain /tmp/x")
        #expect(XMLText.escaped(Self.evil) == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; \\e[31m")
        #expect(XMLText.escaped("a'b\u{0}\u{FFFE}") == "a&#39;b\\x00\\u{FFFE}")
        #expect(XMLText.escaped("größe 名前") == "größe 名前")
    }

    @Test func cssColoursCannotReachOut() {
        #expect(ChartColor.css("#0072B2").cssValue == "#0072B2")
        #expect(ChartColor.css("rgb(0, 114, 178)").cssValue == "rgb(0, 114, 178)")
        #expect(ChartColor.css("url(http://x/y)").cssValue == ChartColor.palette[0])
        #expect(ChartColor.css("red\" onload=\"x").cssValue == ChartColor.palette[0])
        #expect(ChartColor.palette(-1).cssValue == ChartColor.palette.last)
    }

    @Test func outsideTextAppearsOnlyEscaped() throws {
        let chart = SVGLineChart(
            title: "pid 1: " + Self.evil,
            series: [ChartSeries(name: Self.evil, timesMs: [Self.nine, Self.nine + 60_000], values: [1, 2])],
            trend: .init(startMs: Self.nine, startValue: 1, endMs: Self.nine + 60_000, endValue: 2, label: Self.evil),
            peak: .init(timeMs: Self.nine, value: 2, label: Self.evil), timeZone: Self.utc)
        let svg = chart.render()
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("\u{1B}"))
        #expect(!svg.contains("\"x\""))
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; \\e[31m"))
        let root = try Self.parse(svg)
        #expect(try Self.text(of: "title", in: root) == "pid 1: " + VisibleText.escaped(Self.evil))
        #expect(try Self.text(of: "desc", in: root)?.contains(VisibleText.escaped(Self.evil)) == true)
        #expect(try root.nodes(forXPath: "//*[local-name()='script']").isEmpty)

        let stacked = SVGStackedAreaChart(
            title: Self.evil, timesMs: [Self.nine], layers: [.init(label: Self.evil, values: [1])],
            other: .init(label: "other", values: [1]), timeZone: Self.utc
        ).render()
        #expect(!stacked.contains("<script"))
        #expect(!stacked.contains("\u{1B}"))
        try Self.parse(stacked)
    }

    // MARK: Axes

    @Test func byteTicksAreRound() {
        let labels = { (low: Double, high: Double) in ChartByteAxis(low: low, high: high).ticks.map(\.label) }
        #expect(labels(0, 100 * Self.mib) == ["0", "20 MiB", "40 MiB", "60 MiB", "80 MiB", "100 MiB"])
        #expect(labels(3 * Self.mib, 67.8 * Self.mib) == ["0", "20 MiB", "40 MiB", "60 MiB", "80 MiB"])
        #expect(labels(0, 3 * 1024 * Self.mib) == ["0", "1 GiB", "2 GiB", "3 GiB"])
        #expect(labels(0, 700) == ["0", "200 B", "400 B", "600 B", "800 B"])
        #expect(labels(0, 0) == ["0", "200 B", "400 B", "600 B", "800 B", "1000 B"])
        #expect(labels(-10 * Self.mib, 10 * Self.mib) == ["-10 MiB", "-5 MiB", "0", "5 MiB", "10 MiB"])
        #expect(labels(.nan, .infinity) == labels(0, 0))
        let axis = ChartByteAxis(low: 0, high: 100 * Self.mib)
        #expect(axis.lower == 0 && axis.upper == 100 * Self.mib)
    }

    @Test func byteTicksInTheChart() throws {
        let svg = SVGLineChart(
            title: "t", series: [ChartSeries(name: "rss", timesMs: [0, 1000], values: [0, 100 * Self.mib])],
            timeZone: Self.utc
        ).render()
        let root = try Self.parse(svg)
        let texts = try root.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
        for label in ["0", "20 MiB", "40 MiB", "60 MiB", "80 MiB", "100 MiB"] { #expect(texts.contains(label)) }
    }

    @Test func timeTicksInUTC() {
        let hour = ChartTimeAxis(range: Self.nine...(Self.nine + 3_600_000), timeZone: Self.utc).ticks
        #expect(hour.map(\.label) == ["09:00", "09:10", "09:20", "09:30", "09:40", "09:50", "10:00"])
        #expect(hour.allSatisfy { $0.date == nil })
        #expect(hour.first?.ms == Self.nine)

        let short = ChartTimeAxis(range: (Self.nine + 1_500)...(Self.nine + 31_500), timeZone: Self.utc).ticks
        #expect(short.map(\.label) == ["09:00:05", "09:00:10", "09:00:15", "09:00:20", "09:00:25", "09:00:30"])

        let eleven = Self.nine + 14 * 3_600_000
        let night = ChartTimeAxis(range: eleven...(eleven + 2 * 3_600_000), timeZone: Self.utc).ticks
        #expect(night.map(\.label) == ["23:00", "23:20", "23:40", "00:00", "00:20", "00:40", "01:00"])
        #expect(night.map(\.date) == ["Nov 25", nil, nil, "Nov 26", nil, nil, nil])

        let week = ChartTimeAxis(range: Self.nine...(Self.nine + 6 * 86_400_000), timeZone: Self.utc).ticks
        #expect(week.map(\.label) == ["Nov 26", "Nov 27", "Nov 28", "Nov 29", "Nov 30", "Dec 1"])
    }

    @Test func timeTicksFollowTheGivenZone() throws {
        let india = ClockZone(try #require(TimeZone(secondsFromGMT: 5 * 3600 + 1800)))
        let ticks = ChartTimeAxis(range: Self.nine...(Self.nine + 3_600_000), timeZone: india).ticks
        #expect(ticks.map(\.label) == ["14:30", "14:40", "14:50", "15:00", "15:10", "15:20", "15:30"])

        // Summer time in Berlin: clocks go from 02:00 to 03:00 on 29 March 2026 (01:00 UTC) and
        // from 03:00 back to 02:00 on 25 October 2026 (01:00 UTC).
        let berlin = ClockZone(try #require(TimeZone(identifier: "Europe/Berlin")))
        let spring: Int64 = 1_774_742_400_000  // 2026-03-29T00:00:00Z
        let forward = ChartTimeAxis(range: spring...(spring + 7_200_000), timeZone: berlin).ticks
        #expect(forward.map(\.label) == ["01:00", "01:20", "01:40", "03:00", "03:20", "03:40", "04:00"])
        #expect(forward[3].ms == spring + 3_600_000)
        let autumn: Int64 = 1_792_886_400_000  // 2026-10-25T00:00:00Z
        let back = ChartTimeAxis(range: autumn...(autumn + 7_200_000), timeZone: berlin).ticks
        #expect(back.map(\.label) == ["02:00", "02:20", "02:40", "03:00"])
        #expect(back.last?.ms == autumn + 7_200_000)
    }

    // MARK: Whole charts

    @Test func onePointFlatAndEmptyChartsHaveNoNaN() throws {
        let charts = [
            SVGLineChart(title: "one", series: [ChartSeries(name: "a", timesMs: [Self.nine], values: [5 * Self.mib])]),
            SVGLineChart(
                title: "flat",
                series: [
                    ChartSeries(
                        name: "a", timesMs: [0, 1000, 2000], values: [7 * Self.mib, 7 * Self.mib, 7 * Self.mib])
                ],
                peak: .init(timeMs: 1000, value: 7 * Self.mib)),
            SVGLineChart(title: "zero", series: [ChartSeries(name: "a", timesMs: [0, 1000], values: [0, 0])]),
            SVGLineChart(title: "empty", series: []),
            SVGLineChart(
                title: "edge", series: [ChartSeries(name: "a", timesMs: [.max], values: [.greatestFiniteMagnitude])]),
            SVGLineChart(
                title: "ends", series: [ChartSeries(name: "a", timesMs: [.min, 0, .max], values: [-1, 0, 1e300])]),
            SVGLineChart(
                title: "not finite", series: [ChartSeries(name: "a", timesMs: [0, 1], values: [.nan, .infinity])]),
        ]
        for chart in charts {
            var chart = chart
            chart.timeZone = Self.utc
            let svg = chart.render()
            Self.expectFinite(svg)
            try Self.parse(svg)
        }
        let one = charts[0].render()
        #expect(one.contains("<circle"))
        #expect(charts[1].render().contains("peak 7.0 MiB"))
    }

    @Test func aMillionPointsMakeASmallDeterministicFile() throws {
        let count = 1_000_000
        let times = (0..<count).map { Self.nine + Int64($0) * 100 }
        let values = (0..<count).map { Double($0 % 5000) * 4096 + (($0 == 777_777) ? 500 * Self.mib : 0) }
        let chart = SVGLineChart(
            title: "rss",
            series: [ChartSeries(name: "rss", timesMs: times, values: values)],
            trend: .init(startMs: times[0], startValue: 0, endMs: times[count - 1], endValue: 10 * Self.mib),
            peak: .init(timeMs: times[777_777], value: values[777_777]), timeZone: Self.utc)
        let svg = chart.render()
        #expect(svg.utf8.count < 40_000)
        #expect(svg.contains("peak 510.8 MiB"))
        #expect(svg.contains("stroke-dasharray=\"6 4\""))
        #expect(svg == chart.render())
        try Self.parse(svg)
        Self.expectFinite(svg)
    }

    @Test func theSVGElementScalesAndNamesItself() throws {
        let svg = SVGLineChart(
            title: "memory", series: [ChartSeries(name: "rss", timesMs: [0, 1000], values: [1, 2])], width: 600,
            height: 300, timeZone: Self.utc
        ).render()
        let root = try Self.parse(svg)
        let attribute = { (name: String) in root.attributes?.first { $0.name == name }?.stringValue }
        #expect(attribute("role") == "img")
        #expect(attribute("viewBox")?.hasPrefix("0 0 600 ") == true)
        #expect(attribute("preserveAspectRatio") == "xMidYMid meet")
        #expect(try Self.text(of: "desc", in: root) == "Lines: rss")
        #expect(!svg.contains("<script") && !svg.contains("href") && !svg.contains("@import"))
    }

    @Test func stackedAreasHandleRegionsThatComeAndGo() throws {
        let times = (0..<6).map { Self.nine + Int64($0) * 60_000 }
        let chart = SVGStackedAreaChart(
            title: "regions",
            timesMs: times,
            layers: [
                .init(label: "[heap]", values: [10, 20, 30, 40, 50, 60].map { $0 * Self.mib }),
                .init(label: "/memfd:cache (deleted)", values: [0, 0, 5, 10, 0, 0].map { $0 * Self.mib }),
                .init(label: "[anon]", values: [1, 2, .nan].map { $0 * Self.mib }),
                .init(label: "gone", values: [0, 0, 0, 0, 0, 0]),
            ],
            other: .init(label: "other", values: [4, 4, 4, 4, 4, 4].map { $0 * Self.mib }), timeZone: Self.utc)
        let svg = chart.render()
        Self.expectFinite(svg)
        let root = try Self.parse(svg)
        // Four areas with something in them; every layer in the legend.
        #expect(try root.nodes(forXPath: "//*[local-name()='polygon']").count == 4)
        let texts = try root.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
        for label in ["[heap]", "/memfd:cache (deleted)", "[anon]", "gone", "other"] { #expect(texts.contains(label)) }
        #expect(svg.contains(ChartColor.remainder))
        // The stack's top is the largest total: 60 + 4 MiB, under an 80 MiB axis.
        #expect(texts.contains("80 MiB") && !texts.contains("100 MiB"))
        #expect(
            try Self.text(of: "desc", in: root) == "Stacked areas: [heap], /memfd:cache (deleted), [anon], gone, other")

        let empty = SVGStackedAreaChart(title: "none", timesMs: [], layers: [], timeZone: Self.utc).render()
        Self.expectFinite(empty)
        try Self.parse(empty)
    }
}
