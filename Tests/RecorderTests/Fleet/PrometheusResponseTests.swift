import Foundation
import Testing

@testable import Recorder

@Suite("Prometheus range query answers")
struct PrometheusResponseTests {
    static func body(_ name: String) throws -> [UInt8] {
        Array(try TestSupport.fixture("prometheus", name).utf8)
    }

    @Test func readsEverySeriesWithItsLabelsAndSkipsNaNAndInfinity() throws {
        let series = try PrometheusResponse.series(status: 200, body: try Self.body("query_range_fleet.json"))
        #expect(series.count == 4)
        #expect(
            series[0].labels == [
                "__name__": "process_resident_memory_bytes", "instance": "api-1.prod:9100", "job": "api",
            ])
        #expect(series[0].timesMs.count == 181)
        #expect(series[0].timesMs.first == 1_764_230_400_000)
        #expect(series[0].timesMs[1] - series[0].timesMs[0] == 60_000)
        // api-3 has one NaN and one +Inf point, left out.
        #expect(series[2].timesMs.count == 179)
        #expect(series[2].values.allSatisfy { $0 > 100 << 20 })
        #expect(series[3].labels["instance"] == "evil\u{1B}[2J\nhost:9100")
    }

    @Test func anAPIErrorSaysTheStatusTypeAndText() throws {
        #expect(
            throws: PrometheusError.queryFailed(
                status: 400, errorType: "bad_data", error: "1:5: parse error: unclosed left parenthesis")
        ) { try PrometheusResponse.series(status: 400, body: try Self.body("query_range_error.json")) }
        let error = PrometheusError.queryFailed(
            status: 400, errorType: "bad_data", error: "exceeded maximum resolution\n\u{1B}[31m")
        #expect(error.description == "Prometheus answered HTTP 400 (bad_data): exceeded maximum resolution\\n\\e[31m")
    }

    @Test func aProxyPageIsAnHTTPErrorWithItsStart() throws {
        let page = Array("<html><body>502 Bad Gateway</body></html>\n".utf8)
        #expect(
            throws: PrometheusError.queryFailed(
                status: 502, errorType: nil, error: "<html><body>502 Bad Gateway</body></html>")
        ) { try PrometheusResponse.series(status: 502, body: page) }
        #expect(throws: PrometheusError.self) { try PrometheusResponse.series(status: 200, body: page) }
    }

    @Test func anInstantQueryAnswerIsRefused() throws {
        let vector = Array(#"{"status":"success","data":{"resultType":"vector","result":[]}}"#.utf8)
        #expect(throws: PrometheusError.self) { try PrometheusResponse.series(status: 200, body: vector) }
    }

    @Test(
        arguments: [
            ("1", 1), ("1.5e+08", 150_000_000), ("-3", -3), ("NaN", nil), ("+Inf", nil), ("-Inf", nil), ("x", nil),
            ("1e30", nil), ("9223372036854775807", nil),
        ] as [(String, Int?)])
    func valuesBecomeWholeBytesOrAreLeftOut(text: String, expected: Int?) {
        var series = PrometheusSeries(labels: [:])
        let kept = series.append(seconds: 1_700_000_000.5, value: text)
        #expect(kept == (expected != nil))
        #expect(series.values == (expected.map { [$0] } ?? []))
        if expected != nil { #expect(series.timesMs == [1_700_000_000_500]) }
    }

    @Test func labelTextIsPrometheusNotationWithQuotedValues() {
        let series = PrometheusSeries(labels: [
            "__name__": "up", "job": "a\"b\\c\nd", "instance": "h:1",
        ])
        #expect(series.labelText == #"up{instance="h:1", job="a\"b\\c\nd"}"#)
        #expect(PrometheusSeries(labels: ["__name__": "up"]).labelText == "up")
        #expect(PrometheusSeries(labels: [:]).labelText == "{}")
        #expect(PrometheusSeries(labels: ["job": "x"]).labelText == #"{job="x"}"#)
    }
}
