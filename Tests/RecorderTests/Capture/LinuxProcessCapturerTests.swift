import Foundation
import Testing

@testable import Recorder

@Suite("live capture from /proc")
struct LinuxProcessCapturerTests {
    @Test func capturingThisProcessMatchesTheKernelFiles() throws {
        let capturer = LinuxProcessCapturer()
        let pid = getpid()
        let identity = try capturer.identity(pid: pid)
        #expect(identity.pid == pid)
        #expect(identity.parentPid == getppid())
        #expect(!identity.commandLine.isEmpty)
        #expect(identity.executable != nil)
        let capture = try capturer.capture(identity, withRegions: true, timeMs: 1)
        let regions = try #require(capture.regions)
        #expect(regions.count == capture.memory.mapCount)
        #expect(regions.contains { $0.kind == .file })
        #expect(capture.memory.residentSize > 0)
        #expect(capture.memory.proportionalSize > 0)
        #expect(capture.memory.proportionalSize <= capture.memory.residentSize)
        #expect(capture.memory.privateSize + capture.memory.sharedSize == capture.memory.residentSize)
        #expect((capture.peakResidentSize ?? 0) >= capture.memory.residentSize / 2)
        #expect((capture.threadCount ?? 0) >= 1)
    }

    @Test func aMissingPidIsGone() throws {
        let capturer = LinuxProcessCapturer()
        // pid_max is at most 4194304; this pid cannot exist.
        #expect(throws: CaptureError.processGone(pid: 99_999_999)) { try capturer.identity(pid: 99_999_999) }
    }

    @Test func aReusedPidIsNotTheSameProcess() throws {
        let capturer = LinuxProcessCapturer()
        var identity = try capturer.identity(pid: getpid())
        identity.startTime += 1
        #expect(throws: CaptureError.processGone(pid: getpid())) {
            try capturer.capture(identity, withRegions: false, timeMs: 0)
        }
    }

    @Test func anExitedChildIsGone() throws {
        let child = try TestSupport.start("/bin/sleep", ["3600"])
        let capturer = LinuxProcessCapturer()
        // Foundation may return from run() before the child has exec'd.
        #expect(
            TestSupport.waitUntil {
                (try? capturer.identity(pid: child.processIdentifier))?.commandLine == "/bin/sleep 3600"
            })
        let identity = try capturer.identity(pid: child.processIdentifier)
        _ = try capturer.capture(identity, withRegions: true, timeMs: 0)
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(throws: CaptureError.processGone(pid: child.processIdentifier)) {
            try capturer.capture(identity, withRegions: false, timeMs: 0)
        }
    }
}
