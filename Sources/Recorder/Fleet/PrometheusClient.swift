import CHTTPClient

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Queries a Prometheus server's HTTP API (or anything that speaks it: Thanos, Mimir,
/// VictoriaMetrics), over libcurl loaded at the first request (`CHTTPClient`), so that memhist's
/// other commands never load it.
///
/// Authentication and TLS are those of Prometheus's own HTTP clients: a bearer token or basic
/// auth (each read from a file, never typed on the command line), a CA file, and skipping
/// verification. Redirects are not followed.
public struct PrometheusClient: Sendable {
    /// The server's URL as given, without a trailing slash: `http://prometheus:9090`, or with a
    /// path prefix (`https://example.com/prometheus`).
    public let baseURL: String
    /// The URL's host and port, for the report's session.
    public let authority: String
    /// A PEM file of certificate authorities to trust instead of the system's.
    public var caFile: String?
    /// Skips verifying the server's certificate and name (`--insecure-skip-verify`).
    public var insecureSkipVerify = false
    /// The limit of each request, ms.
    public var timeoutMs = 60_000
    /// The largest response accepted.
    public var maximumResponseBytes = 256 << 20
    /// `Authorization: …` when set; kept out of every description.
    private var authorization: String?

    /// A client of the server at `url`.
    ///
    /// - Throws: ``PrometheusError/invalidURL(url:reason:)`` unless `url` is `http://` or
    ///   `https://` with a host, and without a user name or password in it, a query or a fragment.
    public init(url: String) throws {
        func invalid(_ reason: String) -> PrometheusError { .invalidURL(url: url, reason: reason) }
        guard url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw invalid("holds spaces, control characters or non-ASCII text: percent-encode them")
        }
        let lower = url.lowercased()
        guard let scheme = ["http://", "https://"].first(where: { lower.hasPrefix($0) }) else {
            throw invalid("is not an http:// or https:// URL")
        }
        guard !url.contains("?"), !url.contains("#") else {
            throw invalid("has a query or fragment: give the server's URL, like http://prometheus:9090")
        }
        let rest = url.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" }
        guard !authority.isEmpty else { throw invalid("has no host") }
        guard !authority.contains("@") else {
            throw invalid("holds a user name or password: use --basic-auth-user and --basic-auth-password-file")
        }
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.authority = String(authority)
    }

    /// Sends `Authorization: Bearer TOKEN`.
    public mutating func useBearerToken(_ token: String) {
        authorization = "Bearer " + token
    }

    /// Sends basic auth (RFC 7617).
    public mutating func useBasicAuth(user: String, password: String) {
        authorization = "Basic " + Data((user + ":" + password).utf8).base64EncodedString()
    }

    /// The series of `query` over `range`, one request per chunk of the range
    /// (``PrometheusRange/chunks(maximumPoints:)``), joined: a series is the same across chunks
    /// when its labels are.
    ///
    /// - Throws: ``PrometheusError``; ``PrometheusError/tooManyPoints(points:stepMs:)`` before any
    ///   request when the range holds more than ``PrometheusRange/maximumPoints``.
    public func queryRange(_ query: String, over range: PrometheusRange) throws -> [PrometheusSeries] {
        guard range.points <= PrometheusRange.maximumPoints else {
            throw PrometheusError.tooManyPoints(points: range.points, stepMs: range.stepMs)
        }
        var merged: [PrometheusSeries] = []
        var index: [[String: String]: Int] = [:]
        for chunk in range.chunks() {
            let answer = try get(
                "/api/v1/query_range",
                parameters: [
                    ("query", query), ("start", PrometheusRange.seconds(chunk.startMs)),
                    ("end", PrometheusRange.seconds(chunk.endMs)), ("step", PrometheusRange.seconds(chunk.stepMs)),
                ])
            for series in try PrometheusResponse.series(status: answer.status, body: answer.body) {
                if let at = index[series.labels] {
                    merged[at].timesMs += series.timesMs
                    merged[at].values += series.values
                } else {
                    index[series.labels] = merged.count
                    merged.append(series)
                }
            }
        }
        return merged
    }

    /// `GET` of `path` under the base URL with the parameters percent-encoded.
    ///
    /// - Returns: the HTTP status and the body, whatever the status.
    /// - Throws: ``PrometheusError/libcurlMissing(detail:)``,
    ///   ``PrometheusError/transferFailed(url:reason:)``, ``PrometheusError/responseTooLarge(url:limitBytes:)``.
    public func get(_ path: String, parameters: [(String, String)]) throws -> (status: Int, body: [UInt8]) {
        let query = parameters.map { Self.percentEncoded($0.0) + "=" + Self.percentEncoded($0.1) }
        let url = baseURL + path + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        let headers = ["Accept: application/json"] + (authorization.map { ["Authorization: " + $0] } ?? [])
        var result = withCStrings(headers) { lines in
            memhist_http_get(
                url, lines.baseAddress, Int32(lines.count), caFile, insecureSkipVerify ? 1 : 0, timeoutMs,
                maximumResponseBytes)
        }
        defer { memhist_http_result_free(&result) }
        let error = result.error.map { String(cString: $0) } ?? "unknown failure"
        switch result.outcome {
        case 0:
            let body =
                result.body.map {
                    Array(
                        UnsafeBufferPointer(
                            start: UnsafeRawPointer($0)
                                .assumingMemoryBound(to: UInt8.self), count: result.body_length))
                } ?? []
            return (Int(result.status), body)
        case 1: throw PrometheusError.libcurlMissing(detail: error)
        case 3: throw PrometheusError.responseTooLarge(url: baseURL, limitBytes: maximumResponseBytes)
        default: throw PrometheusError.transferFailed(url: baseURL, reason: error)
        }
    }

    /// RFC 3986 percent-encoding of everything but the unreserved characters.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    /// Calls `body` with the strings as C strings that live for the call.
    private func withCStrings<R>(_ strings: [String], _ body: (UnsafeBufferPointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { for copy in copies { free(copy) } }
        let pointers = copies.map { UnsafePointer($0) }
        return pointers.withUnsafeBufferPointer(body)
    }
}
