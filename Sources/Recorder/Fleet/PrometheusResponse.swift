#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The JSON envelope of Prometheus's HTTP API, as far as a range query needs it:
/// `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{…},"values":[[t,"v"],…]}]}}`
/// or `{"status":"error","errorType":"bad_data","error":"…"}`.
/// See https://prometheus.io/docs/prometheus/latest/querying/api/#format-overview
struct PrometheusResponse: Decodable {
    var status: String
    var data: ResultData?
    var errorType: String?
    var error: String?

    struct ResultData: Decodable {
        var resultType: String
        var result: [ResultSeries]
    }

    struct ResultSeries: Decodable {
        var metric: [String: String]
        /// Absent for a series of native histograms (`histograms`), which memhist does not read.
        var values: [Point]?
    }

    /// `[1700000000.123, "1048576"]`.
    struct Point: Decodable {
        var seconds: Double
        var value: String

        init(from decoder: Decoder) throws {
            var container = try decoder.unkeyedContainer()
            seconds = try container.decode(Double.self)
            value = try container.decode(String.self)
        }
    }

    /// The series of a range query's answer, given its HTTP status and body.
    ///
    /// - Throws: ``PrometheusError/queryFailed(status:errorType:error:)`` for an error answer (an
    ///   API error in the body, or a status other than 2xx), and
    ///   ``PrometheusError/malformedResponse(reason:)`` for a 2xx body that is not a matrix.
    static func series(status: Int, body: [UInt8]) throws -> [PrometheusSeries] {
        let decoded = Result { try JSONDecoder().decode(PrometheusResponse.self, from: Data(body)) }
        let ok = (200..<300).contains(status)
        if case .success(let response) = decoded, response.status == "error" || !ok {
            throw PrometheusError.queryFailed(
                status: status, errorType: response.errorType, error: response.error ?? "status \(response.status)")
        }
        guard ok else { throw PrometheusError.queryFailed(status: status, errorType: nil, error: bodyExcerpt(body)) }
        let response: PrometheusResponse
        switch decoded {
        case .success(let value): response = value
        case .failure(let error as DecodingError):
            throw PrometheusError.malformedResponse(reason: describe(error, body: body))
        case .failure: throw PrometheusError.malformedResponse(reason: "unreadable JSON")
        }
        guard response.status == "success", let data = response.data else {
            throw PrometheusError.malformedResponse(reason: "status \(response.status) without data")
        }
        guard data.resultType == "matrix" else {
            throw PrometheusError.malformedResponse(
                reason: "result type \(data.resultType), not matrix (is the URL Prometheus's, and the path "
                    + "/api/v1/query_range?)")
        }
        return data.result.map { result in
            var series = PrometheusSeries(labels: result.metric)
            for point in result.values ?? [] { series.append(seconds: point.seconds, value: point.value) }
            return series
        }
    }

    /// The start of a body that is not an API answer (a proxy's error page), on one line.
    private static func bodyExcerpt(_ body: [UInt8]) -> String? {
        let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingWhitespaceAndNewlines
        return text.isEmpty
            ? nil
            : PrometheusError.shortened(
                String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\n" ? " " : $0 })))
    }

    private static func describe(_ error: DecodingError, body: [UInt8]) -> String {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            let start = bodyExcerpt(body).map { ", it starts with \"\(PrometheusError.shortened($0))\"" } ?? ""
            return "it is not JSON\(start)"
        case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context),
            .valueNotFound(_, let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return "\(path.isEmpty ? "the body" : path): \(context.debugDescription)"
        @unknown default:
            return "unreadable JSON"
        }
    }
}
