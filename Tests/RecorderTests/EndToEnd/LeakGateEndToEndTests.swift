import Foundation
import Testing

@testable import Recorder

/// `--fail-on growing`: a leak fails the pipeline with exit status 3, a steady program does not.
@Suite("end to end: the leak gate for CI", .serialized)
struct LeakGateEndToEndTests {
    @Test func aLeakTripsTheGateAndASteadyProgramPassesIt() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("gate.db").path
        // memhist records a command until it exits: the leak runs 6 s (30 samples at 200 ms; a
        // loaded machine may take fewer, and 8 MiB/s stays a leak).
        let leak = try TestSupport.memhist([
            "record", "--db", db, "--interval", "200ms", "--budget", "off", "--quiet", "--metric", "uss",
            "--fail-on", "growing", "--", TestSupport.memhistPath, "workload", "leak", "--rate", "8MiB", "--duration",
            "6s",
        ])
        #expect(leak.status == LeakGate.exitStatus, "\(leak.stderr)")
        let lines = leak.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(leak.stderr)")
        #expect(lines.first?.hasPrefix("memhist: leak gate: pid ") == true)
        #expect(lines.first?.contains("workload leak --rate 8MiB --duration 6s is growing") == true, "\(leak.stderr)")

        // The same verdict from report, and a filter that leaves the leak out passes.
        let report = try TestSupport.memhist(["report", "--db", db, "--metric", "uss", "--fail-on", "growing"])
        #expect(report.status == LeakGate.exitStatus, "\(report.stderr)")
        #expect(report.stdout.contains("growing"))
        let filtered = try TestSupport.memhist([
            "report", "--db", db, "--metric", "uss", "--fail-on", "growing", "--verdict", "stable",
        ])
        #expect(filtered.status == 0, "\(filtered.stderr)")

        let steadyDB = directory.appendingPathComponent("steady.db").path
        let steady = try TestSupport.memhist([
            "record", "--db", steadyDB, "--interval", "200ms", "--quiet", "--metric", "uss", "--fail-on", "growing",
            "--", "/bin/sleep", "3",
        ])
        #expect(steady.status == 0, "\(steady.stderr)")
        #expect(steady.stderr.isEmpty, "\(steady.stderr)")
    }

    @Test func theCommandsOwnFailureComesFirst() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try TestSupport.memhist([
            "record", "--db", directory.appendingPathComponent("fail.db").path, "--interval", "100ms", "--quiet",
            "--fail-on", "growing", "--", "/bin/sh", "-c", "sleep 0.5; exit 7",
        ])
        #expect(run.status == 7, "\(run.stderr)")
    }
}
