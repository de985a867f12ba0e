import Foundation
import Testing

@testable import Recorder

/// The macOS source over a fake kernel: what libproc and sysctl would answer, canned.
@Suite("macOS process source over libproc (fake kernel)")
struct DarwinProcessSourceTests {
    static let usage = DarwinResourceUsage(
        residentSize: 48 << 20, physicalFootprint: 31 << 20, lifetimeMaxPhysicalFootprint: 40 << 20, pageins: 17)

    static func world() -> FakeDarwinProcessAPI {
        let api = FakeDarwinProcessAPI()
        api.add(pid: 0, parent: 0, name: "kernel_task", arguments: [], path: "", usage: usage)
        api.add(pid: 1, parent: 0, name: "launchd", arguments: ["/sbin/launchd"], path: "/sbin/launchd", usage: usage)
        api.add(
            pid: 500, parent: 1, name: "zsh", arguments: ["-zsh"], path: "/bin/zsh", usage: usage)
        api.add(
            pid: 501, parent: 500, name: "python3.12", arguments: ["python3", "app.py", "--workers", "2"],
            path: "/opt/homebrew/bin/python3.12", usage: usage)
        api.add(
            pid: 502, parent: 501, name: "python3.12", arguments: ["python3", "-c", "worker"],
            path: "/opt/homebrew/bin/python3.12", usage: usage)
        api.add(pid: 600, parent: 1, name: "Safari", arguments: ["Safari"], path: "/Applications/Safari", usage: usage)
        api.add(pid: 700, parent: 500, name: "defunct", arguments: [], path: "", usage: nil, status: 5)
        return api
    }

    @Test func aGlanceHasTheStartTimeTheParentAndTheState() throws {
        let source = DarwinProcessSource(api: Self.world())
        let glance = try source.glance(pid: 501)
        #expect(glance.parentPid == 500)
        #expect(glance.name == "python3.12")
        #expect(glance.startTime == 1_700_000_000_250_000)
        #expect(glance.startedMs == 1_700_000_000_250)
        #expect(!glance.isGone && !glance.isKernelThread)
        #expect(try source.glance(pid: 700).isGone)
        #expect(try source.glance(pid: 0).isKernelThread)
    }

    @Test func anIdentityHasTheCommandLineAndTheExecutable() throws {
        let source = DarwinProcessSource(api: Self.world())
        let identity = try source.identity(pid: 501)
        #expect(identity.commandLine == "python3 app.py --workers 2")
        #expect(identity.executable == "/opt/homebrew/bin/python3.12")
        #expect(identity.startTime == 1_700_000_000_250_000)
    }

    @Test func missingAndProtectedProcessesGiveTheErrorsTheRecorderKnows() throws {
        let api = Self.world()
        api.protected = [600]
        let source = DarwinProcessSource(api: api)
        #expect(throws: CaptureError.processGone(pid: 999)) { try source.glance(pid: 999) }
        #expect(throws: CaptureError.permissionDenied(pid: 600, path: "proc_pidinfo")) {
            try source.identity(pid: 600)
        }
    }

    @Test func aCaptureReadsTheCountersOfTheSameProcess() throws {
        let api = Self.world()
        let source = DarwinProcessSource(api: api)
        let identity = try source.identity(pid: 501)
        let capture = try source.capture(identity, detail: .regions, timeMs: 42, processCount: 3)
        // The regions and totals are vmmap's job (VmmapProcessSource): here, the counters only.
        #expect(capture.detail == .status)
        #expect(capture.regions == nil)
        #expect(capture.counters.resident == 48 << 20)
        #expect(capture.counters.physicalFootprint == 31 << 20)
        #expect(capture.counters.peakPhysicalFootprint == 40 << 20)
        #expect(capture.memory.majorFaults == 17)
        #expect(capture.currentName == "python3.12")
        #expect(!capture.mapCountMeasured)

        // The pid now names a process started later: not ours.
        api.entries[501]?.info.startSeconds += 10
        #expect(throws: CaptureError.processGone(pid: 501)) {
            try source.capture(identity, detail: .status, timeMs: 43, processCount: 1)
        }
    }

    @Test func aProcessThatExitsBetweenTheCallsVanished() throws {
        let api = Self.world()
        let source = DarwinProcessSource(api: api)
        let identity = try source.identity(pid: 502)
        api.entries[502]?.usage = nil
        #expect(throws: CaptureError.processVanished(pid: 502)) {
            try source.capture(identity, detail: .status, timeMs: 1, processCount: 1)
        }
    }

    @Test func discoveryFollowsATreeAndAPatternThroughTheSource() throws {
        let api = Self.world()
        let tree = ProcessDiscovery(
            source: DarwinProcessSource(api: api), treeRoots: [500], pattern: nil, everything: false, ownPid: 4242)
        tree.markKnown([try DarwinProcessSource(api: api).identity(pid: 500)])
        // The zombie (700) is not followed; the grandchild comes with its parent.
        #expect(tree.scan().map(\.pid).sorted() == [501, 502])

        let pattern = try #require(CommandPattern("app\\.py"))
        let matching = ProcessDiscovery(
            source: DarwinProcessSource(api: api), treeRoots: [], pattern: pattern, everything: false, ownPid: 4242)
        #expect(matching.scan().map(\.pid) == [501])

        let everything = ProcessDiscovery(
            source: DarwinProcessSource(api: api), treeRoots: [], pattern: nil, everything: true, ownPid: 501)
        // Not the kernel, not a zombie, not the recorder itself.
        #expect(everything.scan().map(\.pid).sorted() == [1, 500, 502, 600])
    }
}
