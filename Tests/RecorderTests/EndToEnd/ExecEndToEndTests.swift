import Foundation
import Testing

@testable import Recorder

/// `record -- launcher program`: a launcher (`sh -c`, `env`, a pyenv shim) that execs the real
/// program is one process, and its samples before the exec are not the program's.
@Suite("end to end: samples before an exec are the launcher's", .serialized)
struct ExecEndToEndTests {
    @Test func theReportStartsAtTheExecAndTheProgramsRegionsAreReadAtOnce() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("exec.db").path
        let go = directory.appendingPathComponent("go").path
        // The shell waits for the test's signal (a file), so it is sampled as itself for as long
        // as the test needs, however loaded the machine is, then execs the program.
        let script =
            "while [ ! -e '\(go)' ]; do sleep 0.02; done; exec '\(TestSupport.memhistPath)' workload steady --size 16MiB --duration 2s"
        let recorder = Process()
        recorder.executableURL = URL(fileURLWithPath: TestSupport.memhistPath)
        recorder.arguments = [
            "record", "--db", db, "--interval", "100ms", "--regions-every", "1000", "--budget", "off", "--quiet",
            "--", "/bin/sh", "-c", script,
        ]
        recorder.standardOutput = FileHandle.nullDevice
        recorder.standardError = FileHandle.nullDevice
        try recorder.run()
        defer { if recorder.isRunning { kill(recorder.processIdentifier, SIGKILL) } }

        // Three samples of the shell, then let it exec.
        #expect(TestSupport.waitUntil { ((try? Self.shellSamples(db)) ?? 0) >= 3 })
        _ = FileManager.default.createFile(atPath: go, contents: nil)
        recorder.waitUntilExit()
        #expect(recorder.terminationStatus == 0)

        let database = try Database(path: db, mode: .readOnly)
        let root = "(SELECT min(id) FROM process)"
        let execMs = try #require(try database.scalarInt("SELECT exec_ms FROM process WHERE id = \(root)"))
        #expect(
            try database.scalarInt("SELECT count(*) FROM sample WHERE process_id = \(root) AND time_ms < \(execMs)")!
                >= 3)
        let programSamples = try #require(
            try database.scalarInt("SELECT count(*) FROM sample WHERE process_id = \(root) AND time_ms >= \(execMs)"))
        #expect(programSamples >= 2)
        #expect(
            try database.scalarInt(
                "SELECT count(*) FROM process WHERE id = \(root) AND name = 'memhist' AND command LIKE '%workload steady%'"
            ) == 1)
        // The program's regions are read on the tick after the exec, not only at the end.
        let firstRegionsAfter = try #require(
            try database.scalarInt(
                "SELECT min(time_ms) FROM sample WHERE process_id = \(root) AND detail = 3 AND time_ms > \(execMs)"))
        let secondSample = try database.scalarInt(
            "SELECT min(time_ms) FROM sample WHERE process_id = \(root) AND time_ms > \(execMs)")
        #expect(firstRegionsAfter == secondSample)
        let firstProgramResident = try #require(
            try database.scalarInt(
                "SELECT resident_size FROM sample WHERE process_id = \(root) AND time_ms = \(execMs)"))

        // The report starts at the exec: its samples and its first value are the program's.
        let report = try TestSupport.memhist(["report", "--db", db, "--format", "json", "--metric", "rss"])
        #expect(report.status == 0, "\(report.stderr)")
        let processes = try #require(try TestSupport.jsonObject(report.stdout)["processes"] as? [[String: Any]])
        let program = try #require(processes.first { ($0["command"] as? String)?.contains("workload steady") == true })
        #expect(program["samples"] as? Int == Int(programSamples))
        #expect((program["first_bytes"] as? NSNumber)?.int64Value == firstProgramResident)
    }

    /// Samples stored of the recording's first process while it is still the shell.
    static func shellSamples(_ path: String) throws -> Int64 {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        let database = try Database(path: path, mode: .readOnly)
        return try database.scalarInt(
            "SELECT count(*) FROM sample WHERE process_id = (SELECT min(id) FROM process WHERE name = 'sh')") ?? 0
    }
}
