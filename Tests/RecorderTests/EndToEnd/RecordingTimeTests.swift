import Foundation
import Testing

@testable import Recorder

@Suite("end to end: a duration is time, not a number of ticks")
struct RecordingTimeTests {
    @Test func aRecorderStoppedBeyondItsDurationTakesOneLastTickAndEnds() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("stopped.db").path
        let recorder = try TestSupport.start(
            TestSupport.memhistPath,
            ["record", "--db", db, "--interval", "100ms", "--duration", "2s", "--quiet", "--pid", String(getpid())])
        defer { kill(recorder.processIdentifier, SIGKILL) }
        #expect(TestSupport.waitUntil { RecordingFaultTests.count(db, "SELECT count(*) FROM sample") >= 1 })
        kill(recorder.processIdentifier, SIGSTOP)
        // Stopped for longer than the whole duration: when it runs again, the time is up.
        usleep(2_500_000)
        let resumedMs = SystemFacts.nowMs()
        kill(recorder.processIdentifier, SIGCONT)
        #expect(TestSupport.waitUntil { !recorder.isRunning })
        recorder.waitUntilExit()
        #expect(recorder.terminationStatus == 0)
        #expect(RecordingFaultTests.count(db, "SELECT count(*) FROM sample WHERE time_ms >= \(resumedMs)") <= 1)
        let database = try Database(path: db, mode: .readOnly)
        #expect(try database.scalarText("SELECT stop_reason FROM session") == "duration")
    }
}
