import Foundation
import Testing

/// The alert rules in share/prometheus, which the README shows: valid for Prometheus, and firing on
/// what they say (`promtool test rules` over made-up series).
@Suite("Prometheus alert rules")
struct PrometheusRulesTests {
    /// The repository's share/prometheus folder, found from this source file.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/prometheus")

    @Test func theRulesPassPromtoolsUnitTestsAndTheReadmeShowsThemAsTheyAre() throws {
        let promtool = try #require(
            TextfileEndToEndTests.promtool, "promtool is missing: scripts/bootstrap installs it")
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = Self.folder.appendingPathComponent("memhist.rules.yml")
        try FileManager.default.copyItem(at: rules, to: directory.appendingPathComponent("memhist.rules.yml"))
        let tests = directory.appendingPathComponent("memhist.rules.test.yml")
        try TestSupport.fixture("prometheus", "memhist.rules.test.yml").write(
            to: tests, atomically: true, encoding: .utf8)
        let run = try TestSupport.run(promtool, ["test", "rules", tests.path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let config = try TestSupport.run(
            promtool, ["check", "config", Self.folder.appendingPathComponent("prometheus.yml").path])
        #expect(config.status == 0, "\(config.stdout)\(config.stderr)")

        let readme = try String(
            contentsOf: Self.folder.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "README.md"), encoding: .utf8)
        for file in ["memhist.rules.yml", "prometheus.yml"] {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
            #expect(readme.contains(text), "README.md does not show share/prometheus/\(file) as it is")
        }
    }
}
