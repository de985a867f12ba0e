import ArgumentParser
import Recorder

/// `--prometheus URL --query PROMQL` and the options of the request, shared by `report` and
/// `export`: the series of a PromQL range query stand in for a database's processes.
///
/// The window is `--since` (default -6h) to `--until` (default now), both back from now; the
/// step is `--step`, or 30 s and longer so a series has at most 2,000 points. Secrets come from
/// files only (`--bearer-token-file`, `--basic-auth-password-file`), never the command line.
struct PrometheusSourceOptions: ParsableArguments {
    @Option(
        name: .customLong("prometheus"),
        help: ArgumentHelp(
            "Judge the series of a PromQL range query on this Prometheus server instead of a database "
                + "(http:// or https://; with --query).", valueName: "url"))
    var url: String?

    @Option(help: ArgumentHelp("With --prometheus: the PromQL query whose series to judge.", valueName: "promql"))
    var query: String?

    @Option(
        help: ArgumentHelp(
            "With --prometheus: the query's resolution (default 30s, longer so a series has at most 2000 points).",
            valueName: "duration"))
    var step: String?

    @Option(
        help: ArgumentHelp(
            "With --prometheus: the limit of each request.", valueName: "duration"))
    var timeout: String = "60s"

    @Option(
        help: ArgumentHelp(
            "With --prometheus: send the token in this file as `Authorization: Bearer` (a symbolic link is refused).",
            valueName: "file"), completion: .file())
    var bearerTokenFile: String?

    @Option(help: ArgumentHelp("With --prometheus: the basic auth user name.", valueName: "name"))
    var basicAuthUser: String?

    @Option(
        help: ArgumentHelp(
            "With --prometheus: the basic auth password, read from this file (a symbolic link is refused).",
            valueName: "file"), completion: .file())
    var basicAuthPasswordFile: String?

    @Option(
        help: ArgumentHelp("With --prometheus: trust the certificate authorities in this PEM file.", valueName: "file"),
        completion: .file())
    var caFile: String?

    @Flag(help: "With --prometheus: do not verify the server's certificate (testing only).")
    var insecureSkipVerify = false

    /// The default window's start: six hours back, long enough for a slow leak to show.
    static let defaultSince = "-6h"

    /// Whether the report reads Prometheus.
    var isUsed: Bool { url != nil }

    func validate() throws {
        guard let url else {
            let given: [(String, Bool)] = [
                ("--query", query != nil), ("--step", step != nil), ("--timeout", timeout != "60s"),
                ("--bearer-token-file", bearerTokenFile != nil), ("--basic-auth-user", basicAuthUser != nil),
                ("--basic-auth-password-file", basicAuthPasswordFile != nil), ("--ca-file", caFile != nil),
                ("--insecure-skip-verify", insecureSkipVerify),
            ]
            if let option = given.first(where: \.1)?.0 { throw ValidationError("\(option) needs --prometheus URL") }
            return
        }
        do { _ = try PrometheusClient(url: url) } catch { throw ValidationError(String(describing: error)) }
        guard let query, !query.trimmingWhitespace.isEmpty else {
            throw ValidationError("--prometheus needs --query PROMQL, e.g. --query 'process_resident_memory_bytes'")
        }
        if let step, (DurationText.milliseconds(step) ?? 0) < 1 {
            throw ValidationError("--step '\(step)' is not a duration like 30s or 5m")
        }
        if (DurationText.milliseconds(timeout) ?? 0) < 1 {
            throw ValidationError("--timeout '\(timeout)' is not a duration like 60s")
        }
        if (basicAuthUser == nil) != (basicAuthPasswordFile == nil) {
            throw ValidationError("--basic-auth-user and --basic-auth-password-file go together")
        }
        if bearerTokenFile != nil && basicAuthUser != nil {
            throw ValidationError("--bearer-token-file and --basic-auth-user exclude each other")
        }
        if let basicAuthUser, basicAuthUser.contains(":") || !VisibleText.isPlain(basicAuthUser) {
            throw ValidationError("--basic-auth-user must not hold ':' or control characters")
        }
    }

    /// Throws when a database option was given beside `--prometheus`: they name another source.
    func rejectDatabaseOptions(_ options: [(name: String, given: Bool)]) throws {
        guard isUsed, let option = options.first(where: \.given)?.name else { return }
        throw ValidationError("\(option) is for a memhist database, not --prometheus")
    }

    /// The range query's window and step: `--since` and `--until` (ISO-8601, or back from now).
    func range(since: String?, until: String?, nowMs: Int64) throws -> PrometheusRange {
        let end = until.flatMap(TimeBound.init)?.resolve(endMs: nowMs) ?? nowMs
        let start = TimeBound(since ?? Self.defaultSince)?.resolve(endMs: nowMs) ?? nowMs
        guard start < end else {
            throw ValidationError(
                "--since must be before --until (the window is \(TimeFormat.iso(start)) to "
                    + "\(TimeFormat.iso(end)))")
        }
        let stepMs =
            step.flatMap(DurationText.milliseconds) ?? PrometheusRange.defaultStepMs(startMs: start, endMs: end)
        return PrometheusRange(startMs: start, endMs: end, stepMs: stepMs)
    }

    /// Queries the server.
    func reader(since: String?, until: String?) throws -> PrometheusHistoryReader {
        guard let url, let query else { throw ValidationError("--prometheus needs --query") }
        var client = try PrometheusClient(url: url)
        client.caFile = caFile
        client.insecureSkipVerify = insecureSkipVerify
        client.timeoutMs = Int(DurationText.milliseconds(timeout) ?? 60_000)
        if let bearerTokenFile {
            client.useBearerToken(try PrometheusSecretFile.read(bearerTokenFile, option: "--bearer-token-file"))
        }
        if let basicAuthUser, let basicAuthPasswordFile {
            client.useBasicAuth(
                user: basicAuthUser,
                password: try PrometheusSecretFile.read(basicAuthPasswordFile, option: "--basic-auth-password-file"))
        }
        let range = try self.range(since: since, until: until, nowMs: SystemFacts.nowMs())
        return try PrometheusHistoryReader.query(query, over: range, client: client)
    }

    /// The report builder of `report` and `export`: over the series of the query when
    /// `--prometheus` is given (the window already applied by the query), else over the database.
    func builder(database: DatabaseOptions, analysis: AnalysisOptions, hosts: HostOptions) throws -> ReportBuilder {
        guard isUsed else {
            return analysis.builder(try HistoryStore(path: database.db, access: .readOnly), hosts: hosts)
        }
        var builder = analysis.builder(try reader(since: analysis.since, until: analysis.until))
        builder.metric = .promql
        builder.since = nil
        builder.until = nil
        return builder
    }
}
