import Foundation
import Testing

@testable import Recorder

@Suite("end to end: --match sees a process that execs after it was first seen")
struct DiscoveryTests {
    @Test func aForkThatExecsLaterIsJudgedAgain() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("match.db").path
        let go = directory.appendingPathComponent("go").path
        // A marker that matches from the start, so the test can count the recorder's ticks.
        let marker = try TestSupport.start("/bin/sleep", ["311"])
        defer { kill(marker.processIdentifier, SIGKILL) }
        let recorder = try TestSupport.start(
            TestSupport.memhistPath,
            ["record", "--db", db, "--interval", "50ms", "--quiet", "--regions", "off", "--match", "sleep 31[01]"])
        defer { kill(recorder.processIdentifier, SIGKILL) }
        let samples = "SELECT count(*) FROM sample"
        #expect(TestSupport.waitUntil { RecordingFaultTests.count(db, samples) >= 1 })
        // A subshell: a fork of sh with sh's name and command line (which does not match), that
        // waits for a file and then execs `sleep 310` (which does).
        let shell = try TestSupport.start(
            "/bin/sh", ["-c", "(while [ ! -e \(go) ]; do sleep 0.05; done; exec sleep 3$((2*5))); wait"])
        defer { kill(shell.processIdentifier, SIGKILL) }
        // Let the recorder see the subshell before it execs: a few ticks after it started.
        let seen = RecordingFaultTests.count(db, samples)
        #expect(TestSupport.waitUntil { RecordingFaultTests.count(db, samples) >= seen + 4 })
        #expect(FileManager.default.createFile(atPath: go, contents: nil))
        #expect(
            TestSupport.waitUntil {
                RecordingFaultTests.count(db, "SELECT count(*) FROM process WHERE command = 'sleep 310'") == 1
            }, "the subshell that exec'd sleep 310 was never followed")
        kill(recorder.processIdentifier, SIGTERM)
        recorder.waitUntilExit()
        pkill(children: shell.processIdentifier)
    }

    /// Kills the children of `pid` (the exec'd sleep outlives its shell otherwise).
    private func pkill(children pid: Int32) {
        for child in ProcessTable.allPids() {
            if let stat = try? LinuxProcessCapturer().stat(pid: child), stat.parentPid == pid { kill(child, SIGKILL) }
        }
    }
}
