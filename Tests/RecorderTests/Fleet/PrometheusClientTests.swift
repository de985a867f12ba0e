import Foundation
import Testing

@testable import Recorder

/// A stand-in for Prometheus's HTTP API (python3's http.server, on 127.0.0.1 at a free port, over
/// TLS when given a certificate): it answers a range query with the fleet fixture when the
/// `Authorization` header is right, 401 otherwise, and logs each request's path.
final class StubPrometheus {
    let process: Process
    let port: Int
    let log: String

    static let script = """
        import http.server, ssl, sys
        fixture = open(sys.argv[1], 'rb').read()
        authorization, log = sys.argv[2], sys.argv[3]
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                with open(log, 'a') as f:
                    f.write(self.path + '\\n')
                if self.headers.get('Authorization') != authorization:
                    code, body = 401, b'{"status":"error","errorType":"unauthorized","error":"wrong token"}'
                elif self.path.startswith('/api/v1/query_range?'):
                    code, body = 200, fixture
                else:
                    code, body = 404, b'404 page not found'
                self.send_response(code)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        server = http.server.HTTPServer(('127.0.0.1', 0), Handler)
        if len(sys.argv) > 5:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[4], sys.argv[5])
            server.socket = context.wrap_socket(server.socket, server_side=True)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    /// The scheme the stand-in speaks.
    let scheme: String

    /// A stand-in that wants `Bearer <token>`.
    convenience init(token: String, in directory: URL) throws {
        try self.init(authorization: "Bearer " + token, in: directory)
    }

    /// A stand-in that wants the header `Authorization: <authorization>`, over TLS with the PEM
    /// certificate and key `tls` when given.
    init(authorization: String, in directory: URL, tls: (certificate: String, key: String)? = nil) throws {
        let fixture = try #require(
            Bundle.module.url(
                forResource: "query_range_fleet.json", withExtension: nil, subdirectory: "Fixtures/prometheus"))
        let scriptPath = directory.appendingPathComponent("stub.py").path
        try Self.script.write(toFile: scriptPath, atomically: false, encoding: .utf8)
        log = directory.appendingPathComponent("requests.log").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", scriptPath, fixture.path, authorization, log] + (tls.map { [$0.certificate, $0.key] } ?? [])
        scheme = tls == nil ? "http" : "https"
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let piece = out.fileHandleForReading.availableData
            if piece.isEmpty { break }
            line += piece
        }
        port = try #require(Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    var url: String { "\(scheme)://127.0.0.1:\(port)" }

    var requests: [String] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

@Suite("PrometheusClient: URLs, and requests through libcurl to a local stand-in")
struct PrometheusClientTests {
    @Test(arguments: [
        "ftp://x", "prometheus:9090", "http://", "http://user:pw@x:9090", "http://x/?query=up", "http://x y",
        "http://x/\u{1B}",
    ])
    func aURLThatIsNotAServersIsRefused(url: String) {
        #expect(throws: PrometheusError.self) { try PrometheusClient(url: url) }
    }

    @Test func theBaseURLKeepsItsPathWithoutTrailingSlash() throws {
        let client = try PrometheusClient(url: "HTTPS://example.com:8443/prometheus/")
        #expect(client.baseURL == "HTTPS://example.com:8443/prometheus")
        #expect(client.authority == "example.com:8443")
    }

    @Test func parametersArePercentEncoded() {
        #expect(
            PrometheusClient.percentEncoded(#"rate(x{job="a b"}[5m]) + 1"#)
                == "rate%28x%7Bjob%3D%22a%20b%22%7D%5B5m%5D%29%20%2B%201")
        #expect(PrometheusClient.percentEncoded("é") == "%C3%A9")
    }

    @Test func aRangeQueryReachesTheServerWithTheTokenAndIsChunked() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let stub = try StubPrometheus(token: "s3cret", in: directory)
        defer { stub.stop() }
        var client = try PrometheusClient(url: stub.url + "/")
        client.useBearerToken("s3cret")
        // 15,000 points at 1 s: two requests, the stand-in answering the same series to each.
        let range = PrometheusRange(startMs: 1_700_000_000_000, endMs: 1_700_014_999_000, stepMs: 1_000)
        let series = try client.queryRange(#"process_resident_memory_bytes{job="api"}"#, over: range)
        #expect(series.count == 4)
        #expect(series[0].timesMs.count == 2 * 181)
        let requests = stub.requests
        #expect(requests.count == 2)
        #expect(
            requests.first
                == "/api/v1/query_range?query=process_resident_memory_bytes%7Bjob%3D%22api%22%7D"
                + "&start=1700000000&end=1700009999&step=1")
        #expect(requests.last?.contains("&start=1700010000&end=1700014999&step=1") == true)
    }

    @Test func basicAuthAndTLSWithACAFileOrVerificationSkipped() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A self-signed certificate for 127.0.0.1, which is its own CA.
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let made = try TestSupport.run(
            "/usr/bin/env",
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            ])
        try #require(made.status == 0, "openssl: \(made.stderr)")
        // "api:pa ss:wörd" in base64, as RFC 7617 has it.
        let stub = try StubPrometheus(
            authorization: "Basic " + Data("api:pa ss:wörd".utf8).base64EncodedString(), in: directory,
            tls: (certificate, key))
        defer { stub.stop() }
        #expect(stub.url.hasPrefix("https://"))
        let range = PrometheusRange(startMs: 1_700_000_000_000, endMs: 1_700_000_180_000, stepMs: 1_000)
        var client = try PrometheusClient(url: stub.url)
        client.useBasicAuth(user: "api", password: "pa ss:wörd")
        // Not trusted: the certificate is no CA the system knows.
        #expect(throws: PrometheusError.self) { try client.queryRange("up", over: range) }
        client.caFile = certificate
        #expect(try client.queryRange("up", over: range).count == 4)
        client.caFile = nil
        client.insecureSkipVerify = true
        #expect(try client.queryRange("up", over: range).count == 4)
        client.useBasicAuth(user: "api", password: "wrong")
        #expect(throws: PrometheusError.queryFailed(status: 401, errorType: "unauthorized", error: "wrong token")) {
            try client.queryRange("up", over: range)
        }
    }

    @Test func aWrongTokenIsAnHTTPErrorThatDoesNotShowIt() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let stub = try StubPrometheus(token: "s3cret", in: directory)
        defer { stub.stop() }
        var client = try PrometheusClient(url: stub.url)
        client.useBearerToken("wrong-token")
        let range = PrometheusRange(startMs: 0, endMs: 60_000, stepMs: 30_000)
        #expect(throws: PrometheusError.queryFailed(status: 401, errorType: "unauthorized", error: "wrong token")) {
            try client.queryRange("up", over: range)
        }
    }

    @Test func aClosedPortIsATransferError() throws {
        let client = try PrometheusClient(url: "http://127.0.0.1:1")
        do {
            _ = try client.get("/api/v1/query_range", parameters: [])
            Issue.record("a closed port answered")
        } catch let error as PrometheusError {
            guard case .transferFailed = error else {
                Issue.record("unexpected \(error)")
                return
            }
        }
    }

    /// The whole path through the binary: options, token file, libcurl, analysis and writers.
    @Test func reportAndExportOverTheStandIn() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let stub = try StubPrometheus(token: "s3cret", in: directory)
        defer { stub.stop() }
        let tokenFile = directory.appendingPathComponent("token").path
        try "s3cret\n".write(toFile: tokenFile, atomically: false, encoding: .utf8)
        let common = [
            "--prometheus", stub.url, "--query", #"process_resident_memory_bytes{job="api"}"#, "--since", "-3h",
            "--bearer-token-file", tokenFile,
        ]
        let table = try TestSupport.memhist(["report"] + common)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("Metric: PromQL value"))
        #expect(!table.stdout.unicodeScalars.contains("\u{1B}"))
        let json = try TestSupport.memhist(["report", "--format", "json"] + common)
        let processes = try #require(try TestSupport.jsonObject(json.stdout)["processes"] as? [[String: Any]])
        #expect(processes.count == 4)
        let growing = processes.filter { $0["verdict"] as? String == "growing" }
        #expect(growing.count == 1)
        #expect((growing.first?["labels"] as? [String: String])?["instance"] == "api-2.prod:9100")
        let gate = try TestSupport.memhist(["report", "--fail-on", "growing"] + common)
        #expect(gate.status != 0)
        let html = try TestSupport.memhist(["export", "--format", "html"] + common)
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.contains("api-2.prod:9100"))
        let refused = try TestSupport.memhist(["report", "--session", "2"] + common)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--session is for a memhist database"))
        let wrong = directory.appendingPathComponent("wrong").path
        try "nope\n".write(toFile: wrong, atomically: false, encoding: .utf8)
        let denied = try TestSupport.memhist(
            ["report", "--prometheus", stub.url, "--query", "up", "--bearer-token-file", wrong])
        #expect(denied.status == 1)
        #expect(denied.stderr.contains("HTTP 401"))
        #expect(!denied.stderr.contains("nope"))
    }
}
