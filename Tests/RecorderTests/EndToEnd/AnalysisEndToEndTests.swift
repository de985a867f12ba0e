import Foundation
import Testing

@testable import Recorder

/// Records real processes with known memory behaviour and checks every verdict and the
/// attribution that `memhist report --format json` gives.
@Suite("end to end: verdicts and attribution on real processes", .serialized)
struct AnalysisEndToEndTests {
    /// The workloads, each with the verdict its report must carry.
    static let workloads: [(arguments: [String], verdict: String)] = [
        (["leak", "--rate", "4MiB", "--duration", "20s"], "growing"),
        (["plateau", "--rate", "8MiB", "--duration", "15s"], "levelled_off"),
        (["sawtooth", "--rate", "64MiB", "--size", "24MiB", "--duration", "20s"], "stable"),
        (["memfd", "--rate", "4MiB", "--duration", "20s"], "growing"),
        (["steady", "--size", "24MiB", "--duration", "20s"], "stable"),
        (["shrink", "--size", "64MiB", "--rate", "4MiB", "--duration", "20s"], "shrinking"),
    ]

    @Test func everyBehaviourGetsItsVerdictAndTheMemfdLeakIsAttributedToItsMapping() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("behaviours.db").path
        let processes = try Self.workloads.map {
            try TestSupport.start(TestSupport.memhistPath, ["workload"] + $0.arguments)
        }
        defer { for process in processes { kill(process.processIdentifier, SIGKILL) } }
        // steady and shrink take their memory at start: begin once they hold it.
        #expect(
            TestSupport.waitUntil {
                RecordEndToEndTests.residentKilobytes(processes[4].processIdentifier) > 24 * 1024
                    && RecordEndToEndTests.residentKilobytes(processes[5].processIdentifier) > 64 * 1024
            })
        let record = try TestSupport.memhist(
            // --budget off: every tick reads smaps_rollup, so the verdicts see every sample even when
            // parallel tests slow the page walks down.
            ["record", "--db", db, "--interval", "100ms", "--duration", "12s", "--budget", "off"]
                + processes.flatMap { ["--pid", String($0.processIdentifier)] })
        #expect(record.status == 0, "\(record.stderr)")

        // USS: PSS would move with the other memhist processes that parallel tests start (shared libraries).
        let report = try TestSupport.memhist(["report", "--db", db, "--format", "json", "--metric", "uss"])
        #expect(report.status == 0, "\(report.stderr)")
        let reports = try RecordEndToEndTests.processes(try TestSupport.jsonObject(report.stdout))
        #expect(reports.count == Self.workloads.count, "\(report.stdout.prefix(500))")
        for (process, workload) in zip(processes, Self.workloads) {
            let entry = try #require(reports.first { $0["pid"] as? Int == Int(process.processIdentifier) })
            #expect(
                entry["verdict"] as? String == workload.verdict, "\(workload.arguments[0]): \(entry["reason"] ?? "")")
            #expect(entry["reason"] is String)
            #expect((entry["confidence"] as? Double ?? (entry["confidence"] as? Int).map(Double.init) ?? 0) > 0)
        }
        let leak = try #require(reports.first { $0["pid"] as? Int == Int(processes[0].processIdentifier) })
        let slope = try #require((leak["slope_bytes_per_hour"] as? NSNumber)?.doubleValue)
        #expect(abs(slope - 4.0 * 1_048_576 * 3600) / (4.0 * 1_048_576 * 3600) < 0.1, "slope \(slope)")
        #expect((leak["regions"] as? [[String: Any]])?.first?["label"] as? String == "[anon]")
        let dirty = try #require(leak["dirty_trend"] as? [String: Any])
        #expect(dirty["verdict"] as? String == "growing")
        let forecast = try #require(leak["forecast"] as? [String: Any])
        let host = try #require(forecast["host_available"] as? [String: Any])
        #expect(host["never"] as? Bool == false)
        #expect((host["hours"] as? NSNumber)?.doubleValue ?? 0 > 0)

        // The memfd leak is in one named mapping: that mapping ranks first with nearly all the growth.
        let memfd = try #require(reports.first { $0["pid"] as? Int == Int(processes[3].processIdentifier) })
        let regions = try #require(memfd["regions"] as? [[String: Any]])
        let top = try #require(regions.first)
        #expect((top["label"] as? String)?.hasPrefix("/memfd:memhist-workload") == true, "\(regions.prefix(3))")
        #expect((top["share"] as? NSNumber)?.doubleValue ?? 0 > 0.9)

        let steady = try #require(reports.first { $0["pid"] as? Int == Int(processes[4].processIdentifier) })
        let never = try #require((steady["forecast"] as? [String: Any])?["host_available"] as? [String: Any])
        #expect(never["never"] as? Bool == true)

        // A window: the last 4 s of the plateau are flat.
        let tail = try TestSupport.memhist([
            "report", "--db", db, "--format", "json", "--metric", "uss", "--since", "-4s",
        ])
        #expect(tail.status == 0, "\(tail.stderr)")
        let plateau = try #require(
            try RecordEndToEndTests.processes(try TestSupport.jsonObject(tail.stdout))
                .first { $0["pid"] as? Int == Int(processes[1].processIdentifier) })
        #expect(plateau["verdict"] as? String == "stable", "\(plateau["reason"] ?? "")")
        #expect((plateau["samples"] as? Int ?? 0) <= 42)
    }

    @Test func compareShowsTheSlopeChangeBetweenTwoRuns() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("runs.db").path
        for rate in ["2MiB", "8MiB"] {
            let run = try TestSupport.memhist([
                "record", "--db", db, "--interval", "100ms", "--budget", "off", "--", "/bin/sh", "-c",
                "exec \(TestSupport.memhistPath) workload leak --rate \(rate) --duration 3s",
            ])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let compare = try TestSupport.memhist(["compare", "--db", db, "--format", "json"])
        #expect(compare.status == 0, "\(compare.stderr)")
        let object = try TestSupport.jsonObject(compare.stdout)
        let commands = try #require(object["commands"] as? [[String: Any]])
        // The command lines differ in the rate, so they are matched by executable name.
        #expect(commands.count == 1, "\(commands)")
        let change = try #require((commands.first?["slope_change_bytes_per_hour"] as? NSNumber)?.doubleValue)
        #expect(change > 3 * 1_048_576 * 3600, "a 6 MiB/s faster leak: \(change)")
        let table = try TestSupport.memhist(["compare", "--db", db, "--session", "1", "--session", "2"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("SLOPE Δ"))
        let twoFiles = try TestSupport.memhist(["compare", "--db", db, "--db", db, "--session", "1"])
        #expect(twoFiles.status == 0, "\(twoFiles.stderr)")
        let lonely = directory.appendingPathComponent("one.db").path
        _ = try TestSupport.memhist([
            "record", "--db", lonely, "--samples", "2", "--interval", "50ms", "--pid", String(getpid()),
        ])
        let fewer = try TestSupport.memhist(["compare", "--db", lonely])
        #expect(fewer.status == 1)
        #expect(CommandLineErrorTests.oneLineError(fewer), "\(fewer.stderr)")
    }
}
