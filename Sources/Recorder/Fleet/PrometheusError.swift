/// Why a PromQL range query could not feed a report. Every description is one line; text that
/// came from the server (its `error`, a body) is escaped (``VisibleText``), and no secret (a
/// token, a password) is ever part of one.
public enum PrometheusError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is not an `http://` or `https://` URL of a server.
    case invalidURL(url: String, reason: String)
    /// libcurl could not be loaded (`detail` says which library).
    case libcurlMissing(detail: String)
    /// The request failed before an HTTP response: name resolution, connection, TLS, timeout.
    case transferFailed(url: String, reason: String)
    /// The response was larger than the cap.
    case responseTooLarge(url: String, limitBytes: Int)
    /// Prometheus (or something in front of it) answered with an error: the HTTP status and, when
    /// the body was an API error, its `errorType` and `error`.
    case queryFailed(status: Int, errorType: String?, error: String?)
    /// The body is not a range query's answer.
    case malformedResponse(reason: String)
    /// The query returned no series at all in the range.
    case noSeries(query: String, startMs: Int64, endMs: Int64)
    /// The range holds more points per series than memhist asks for (``PrometheusRange/maximumPoints``).
    case tooManyPoints(points: Int64, stepMs: Int64)
    /// A token or password file could not be used.
    case unusableSecretFile(option: String, path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidURL(let url, let reason):
            return "--prometheus '\(VisibleText.escaped(url))' \(reason)"
        case .libcurlMissing(let detail):
            return "report --prometheus needs libcurl (libcurl.so.4): apt-get install libcurl4 "
                + "(\(VisibleText.escaped(detail)))"
        case .transferFailed(let url, let reason):
            return "cannot query Prometheus at \(VisibleText.escaped(url)): \(VisibleText.escaped(reason))"
        case .responseTooLarge(let url, let limit):
            return "Prometheus at \(VisibleText.escaped(url)) sent more than \(ByteFormat.string(limit)); "
                + "narrow the query, or use a longer --step or a shorter --since"
        case .queryFailed(let status, let errorType, let error):
            let kind = errorType.map { " (\(VisibleText.escaped(Self.shortened($0))))" } ?? ""
            let text = error.map { ": \(VisibleText.escaped(Self.shortened($0)))" } ?? ""
            return "Prometheus answered HTTP \(status)\(kind)\(text)"
        case .malformedResponse(let reason):
            return "the answer is not a Prometheus range query result: \(VisibleText.escaped(reason))"
        case .noSeries(let query, let start, let end):
            return "the query \(VisibleText.escaped(Self.shortened(query))) returned no series from "
                + "\(TimeFormat.iso(start)) to \(TimeFormat.iso(end))"
        case .tooManyPoints(let points, let step):
            return "the window holds \(points) points per series at a step of \(TimeFormat.duration(ms: step)), more "
                + "than \(PrometheusRange.maximumPoints); use a longer --step or a shorter window"
        case .unusableSecretFile(let option, let path, let reason):
            return "\(option) '\(VisibleText.escaped(path))': \(reason)"
        }
    }

    /// At most 300 characters of `text`, so that one line stays one line.
    static func shortened(_ text: String) -> String {
        text.count > 300 ? String(text.prefix(297)) + "..." : text
    }
}
