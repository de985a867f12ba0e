import Foundation
import Testing

@testable import Recorder

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("charts: downsampling, axes, escaping, SVG")
struct ChartTests {
    static let mib = 1024.0 * 1024
    static let utc = TimeZone(identifier: "UTC")!
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
}
