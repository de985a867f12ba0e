import Foundation
import Testing

@testable import Recorder

/// Records real processes with known memory behaviour and checks every verdict and the
/// attribution that `memhist report --format json` gives.
@Suite("end to end: verdicts and attribution on real processes", .serialized)
struct AnalysisEndToEndTests {
    /// The workloads the test starts, each with the verdict its report must carry. They run until
    /// the test stops them, so each behaves the same through all its samples however long the
    /// recording takes; but shrink, which ends once it has given back what it took (64 MiB at
    /// 4 MiB/s), before it could level off.
    static let workloads: [(arguments: [String], verdict: String)] = [
        (["leak", "--rate", "4MiB", "--duration", "300s"], "growing"),
        (["sawtooth", "--rate", "64MiB", "--size", "24MiB", "--duration", "300s"], "stable"),
        (["memfd", "--rate", "4MiB", "--duration", "300s"], "growing"),
        (["steady", "--size", "24MiB", "--duration", "300s"], "stable"),
        (["shrink", "--size", "64MiB", "--rate", "4MiB", "--duration", "16s"], "shrinking"),
    ]

    /// The plateau grows for the first 40% of its time, then holds. The recorder starts it, so its
    /// growth and its level both fall in the recording whenever the recording starts.
    static let plateau = (arguments: ["plateau", "--rate", "8MiB", "--duration", "15s"], verdict: "levelled_off")

    /// Peak resident kB of `pid` (VmHWM), 0 when unreadable: unlike the resident size, it cannot
    /// be missed between two looks.
    static func peakResidentKilobytes(_ pid: Int32) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        return ProcessStatus.parse(text).peakResident.map { $0 / 1024 } ?? 0
    }

    @Test func everyBehaviourGetsItsVerdictAndTheMemfdLeakIsAttributedToItsMapping() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("behaviours.db").path
        let processes = try Self.workloads.map {
            try TestSupport.start(TestSupport.memhistPath, ["workload"] + $0.arguments)
        }
        defer { for process in processes { kill(process.processIdentifier, SIGKILL) } }
        let leakProcess = processes[0]
        let memfdProcess = processes[2]
        let steadyProcess = processes[3]
        let shrinkProcess = processes[4]
        // steady and shrink take their memory at start: begin once they hold it (shrink gives it back
        // at once, hence its peak).
        #expect(
            TestSupport.waitUntil {
                RecordEndToEndTests.residentKilobytes(steadyProcess.processIdentifier) > 24 * 1024
                    && Self.peakResidentKilobytes(shrinkProcess.processIdentifier) > 64 * 1024
            })
        let record = try TestSupport.memhist(
            // --budget off: every tick reads smaps_rollup, so the verdicts see every sample even when
            // parallel tests slow the page walks down. A count of samples, not a duration: a busy
            // machine takes longer over them, never fewer.
            ["record", "--db", db, "--interval", "100ms", "--samples", "121", "--budget", "off"]
                + processes.flatMap { ["--pid", String($0.processIdentifier)] }
                + ["--", TestSupport.memhistPath, "workload"] + Self.plateau.arguments)
        #expect(record.status == 0, "\(record.stderr)")
        for process in processes { kill(process.processIdentifier, SIGKILL) }

        // USS: PSS would move with the other memhist processes that parallel tests start (shared libraries).
        let report = try TestSupport.memhist(["report", "--db", db, "--format", "json", "--metric", "uss"])
        #expect(report.status == 0, "\(report.stderr)")
        let reports = try RecordEndToEndTests.processes(try TestSupport.jsonObject(report.stdout))
        #expect(reports.count == Self.workloads.count + 1, "\(report.stdout.prefix(500))")
        func isPlateau(_ entry: [String: Any]) -> Bool {
            (entry["command"] as? String)?.contains("workload plateau") == true
        }
        var entries = try zip(processes, Self.workloads).map { process, workload in
            (try #require(reports.first { $0["pid"] as? Int == Int(process.processIdentifier) }), workload)
        }
        entries.append((try #require(reports.first(where: isPlateau)), Self.plateau))
        for (entry, workload) in entries {
            #expect(
                entry["verdict"] as? String == workload.verdict, "\(workload.arguments[0]): \(entry["reason"] ?? "")")
            #expect(entry["reason"] is String)
            #expect((entry["confidence"] as? Double ?? (entry["confidence"] as? Int).map(Double.init) ?? 0) > 0)
        }
        let leak = try #require(reports.first { $0["pid"] as? Int == Int(leakProcess.processIdentifier) })
        let slope = try #require((leak["slope_bytes_per_hour"] as? NSNumber)?.doubleValue)
        #expect(abs(slope - 4.0 * 1_048_576 * 3600) / (4.0 * 1_048_576 * 3600) < 0.1, "slope \(slope)")
        #expect((leak["regions"] as? [[String: Any]])?.first?["label"] as? String == "[anon]")
        let dirty = try #require(leak["dirty_trend"] as? [String: Any])
        #expect(dirty["verdict"] as? String == "growing")
        // When it started: the growth began no later than it was judged growing, both within the recording.
        let began = try #require(leak["growth_began"] as? String)
        let since = try #require(leak["growing_since"] as? String)
        #expect(began <= since, "\(began) \(since)")
        #expect(leak["judged_on"] as? String == "uss")
        #expect((reports.first(where: isPlateau)?["growth_began"]) is NSNull)
        let forecast = try #require(leak["forecast"] as? [String: Any])
        let host = try #require(forecast["host_available"] as? [String: Any])
        #expect(host["never"] as? Bool == false)
        #expect((host["hours"] as? NSNumber)?.doubleValue ?? 0 > 0)

        // The memfd leak is in one named mapping: that mapping ranks first with nearly all the growth.
        let memfd = try #require(reports.first { $0["pid"] as? Int == Int(memfdProcess.processIdentifier) })
        let regions = try #require(memfd["regions"] as? [[String: Any]])
        let top = try #require(regions.first)
        #expect((top["label"] as? String)?.hasPrefix("/memfd:memhist-workload") == true, "\(regions.prefix(3))")
        #expect((top["share"] as? NSNumber)?.doubleValue ?? 0 > 0.9)

        let steady = try #require(reports.first { $0["pid"] as? Int == Int(steadyProcess.processIdentifier) })
        let never = try #require((steady["forecast"] as? [String: Any])?["host_available"] as? [String: Any])
        #expect(never["never"] as? Bool == true)

        // A window: the last 4 s of the plateau are flat. They are counted back from its own last
        // sample: it may have ended before the recording did.
        let plateauEndMs = try #require(
            try Database(path: db, mode: .readOnly).scalarInt(
                "SELECT max(time_ms) FROM sample JOIN process ON id = process_id WHERE command LIKE '%workload plateau%'"
            ))
        let tail = try TestSupport.memhist([
            "report", "--db", db, "--format", "json", "--metric", "uss", "--since",
            TimeFormat.iso(plateauEndMs - 4_000),
        ])
        #expect(tail.status == 0, "\(tail.stderr)")
        let plateau = try #require(
            try RecordEndToEndTests.processes(try TestSupport.jsonObject(tail.stdout)).first(where: isPlateau))
        #expect(plateau["verdict"] as? String == "stable", "\(plateau["reason"] ?? "")")
        #expect((plateau["samples"] as? Int ?? 0) <= 42)
    }

    @Test func compareShowsTheSlopeChangeBetweenTwoRuns() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("runs.db").path
        for (index, rate) in ["2MiB", "8MiB"].enumerated() {
            // A shell that execs the leak, as a service's start script would. A count of samples, not
            // the leak's lifetime: the leak runs until the test stops it, once the session has ended.
            let recorder = try TestSupport.start(
                TestSupport.memhistPath,
                [
                    "record", "--db", db, "--interval", "100ms", "--samples", "30", "--budget", "off", "--quiet", "--",
                    "/bin/sh", "-c", "exec \(TestSupport.memhistPath) workload leak --rate \(rate) --duration 300s",
                ])
            defer { kill(recorder.processIdentifier, SIGKILL) }
            let sessions = index + 1
            #expect(
                TestSupport.waitUntil {
                    RecordingFaultTests.count(db, "SELECT count(*) FROM session WHERE ended_ms IS NOT NULL") == sessions
                })
            // After its last sample the recorder waits for its command to exit.
            let leak = Int32(RecordingFaultTests.count(db, "SELECT pid FROM process ORDER BY id DESC LIMIT 1"))
            #expect(leak > 0)
            if leak > 0 { kill(leak, SIGKILL) }
            recorder.waitUntilExit()
            // The command's status passed through: killed by signal 9.
            #expect(recorder.terminationStatus == 128 + SIGKILL)
            #expect(
                RecordingFaultTests.count(
                    db, "SELECT count(*) FROM sample JOIN process ON id = process_id WHERE pid = \(leak)") == 30)
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
