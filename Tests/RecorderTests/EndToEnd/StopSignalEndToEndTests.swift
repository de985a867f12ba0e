import Foundation
import Testing

/// `record -- COMMAND` passes Ctrl-C on to the command and waits for it; a command that ignores it
/// must not keep memhist from stopping.
@Suite("a command that ignores Ctrl-C")
struct StopSignalEndToEndTests {
    @Test func aFurtherCtrlCKillsTheCommandAndMemhistExitsWithItsStatus() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("stop.db").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.memhistPath)
        // Ignored signals stay ignored across exec: sleep ignores SIGINT and SIGTERM.
        process.arguments = [
            "record", "--db", db, "--interval", "100ms", "--", "/bin/sh", "-c", "trap '' INT TERM; exec sleep 300",
        ]
        process.standardOutput = FileHandle.nullDevice
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(TestSupport.waitUntil(seconds: 60) { FileManager.default.fileExists(atPath: db) })
        // Ctrl-C, again and again, as a user would, until memhist has stopped.
        let stopped = TestSupport.waitUntil(seconds: 120) {
            if process.isRunning { process.interrupt() }
            usleep(300_000)
            return !process.isRunning
        }
        #expect(stopped)
        process.waitUntilExit()
        let said = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 128 + SIGKILL, "\(said)")
        #expect(said.contains("the command did not stop on the signal: sent it SIGKILL"), "\(said)")
        #expect(said.contains("stopped: signal"), "\(said)")
    }
}
