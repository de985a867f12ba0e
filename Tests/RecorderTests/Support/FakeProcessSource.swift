@testable import Recorder

/// A ``ProcessSource`` over a scripted world: processes that appear, exec and exit at given
/// ticks of a ``FakeRecordingClock``, with their sizes and the cost of their page walks per
/// tick. It spawns nothing and reads no /proc, and it records every capture it is asked for.
///
/// It answers as the Linux source does: a pid not listed at the clock's tick, or naming a
/// process with another start time, is ``CaptureError/processGone(pid:)``; a scripted failure
/// is thrown as it is.
final class FakeProcessSource: ProcessSource {
    /// One process of the world.
    struct ScriptedProcess {
        /// A program the process runs from a tick on.
        struct Exec {
            /// The first tick it runs.
            var tick: Int
            var name: String
            var commandLine: String
            var executable: String?
        }

        var pid: Int32
        var startTime: UInt64
        var parentPid: Int32
        var name: String
        var commandLine: String
        var executable: String?
        /// The first tick at which it is listed.
        var appearsAt: Int
        /// The first tick at which it is no longer listed; nil: never.
        var exitsAt: Int?
        /// The program it execs, and when.
        var exec: Exec?
        /// Its resident size at a tick, bytes (at least 1 MiB: its default regions hold that).
        var resident: (_ tick: Int) -> Int
        /// Its PSS at a tick, given how many processes the tick captures together; nil: half
        /// its resident size.
        var proportional: ((_ tick: Int, _ processCount: Int) -> Int)?
        /// What reading its rollup, and its regions, costs in page-walk time.
        var rollupNs: UInt64
        var regionsNs: UInt64
        /// An error every capture throws from a tick on.
        var failure: (fromTick: Int, error: CaptureError)?

        /// Creates a process; by default it runs from tick 0 forever at 64 MiB, its name the
        /// first word of its command line, its executable `/usr/bin/NAME`, its start time
        /// derived from its pid.
        init(
            pid: Int32, command: String, parentPid: Int32 = 1, startTime: UInt64? = nil, name: String? = nil,
            executable: String? = nil, appearsAt: Int = 0, exitsAt: Int? = nil, exec: Exec? = nil,
            resident: @escaping (_ tick: Int) -> Int = { _ in 64 << 20 },
            proportional: ((_ tick: Int, _ processCount: Int) -> Int)? = nil, rollupNs: UInt64 = 100_000,
            regionsNs: UInt64 = 300_000, failure: (fromTick: Int, error: CaptureError)? = nil
        ) {
            let shortName = name ?? String(command.split(separator: " ").first ?? "")
            self.pid = pid
            self.startTime = startTime ?? UInt64(pid) * 100
            self.parentPid = parentPid
            self.name = shortName
            self.commandLine = command
            self.executable = executable ?? "/usr/bin/\(shortName)"
            self.appearsAt = appearsAt
            self.exitsAt = exitsAt
            self.exec = exec
            self.resident = resident
            self.proportional = proportional
            self.rollupNs = rollupNs
            self.regionsNs = regionsNs
            self.failure = failure
        }

        /// Whether it is listed at `tick`.
        func isListed(at tick: Int) -> Bool {
            appearsAt <= tick && exitsAt.map { tick < $0 } ?? true
        }

        /// What it runs at `tick`: its exec's program once that has happened.
        func program(at tick: Int) -> (name: String, commandLine: String, executable: String?) {
            if let exec, tick >= exec.tick { return (exec.name, exec.commandLine, exec.executable) }
            return (name, commandLine, executable)
        }
    }

    /// One capture the loop asked for.
    struct CaptureCall: Equatable {
        var tick: Int
        var pid: Int32
        var detail: CaptureDetail
        var processCount: Int
    }

    /// The world.
    private(set) var processes: [ScriptedProcess]
    /// Every capture asked for, in order, failed ones included.
    private(set) var calls: [CaptureCall] = []
    private let clock: FakeRecordingClock

    /// Creates a source whose world moves with `clock`.
    init(clock: FakeRecordingClock, processes: [ScriptedProcess]) {
        self.clock = clock
        self.processes = processes
    }

    /// The details `pid` was asked for, in order.
    func details(of pid: Int32) -> [CaptureDetail] {
        calls.filter { $0.pid == pid }.map(\.detail)
    }

    /// The ticks at which `pid` was asked for a capture, in order.
    func ticksCaptured(_ pid: Int32) -> [Int] {
        calls.filter { $0.pid == pid }.map(\.tick)
    }

    /// The process listed as `pid` now.
    private func listed(_ pid: Int32) -> ScriptedProcess? {
        let tick = clock.tick
        return processes.last { $0.pid == pid && $0.isListed(at: tick) }
    }

    // MARK: ProcessSource

    func listPids() -> [Int32] {
        let tick = clock.tick
        return processes.filter { $0.isListed(at: tick) }.map(\.pid)
    }

    func glance(pid: Int32) throws -> ProcessGlance {
        guard let process = listed(pid) else { throw CaptureError.processGone(pid: pid) }
        return ProcessGlance(
            pid: pid, startTime: process.startTime, parentPid: process.parentPid,
            name: process.program(at: clock.tick).name)
    }

    func identity(pid: Int32, glance: ProcessGlance?) throws -> ProcessIdentity {
        let seen = try glance ?? self.glance(pid: pid)
        return ProcessIdentity(
            pid: pid, startTime: seen.startTime, startedMs: seen.startedMs, parentPid: seen.parentPid, name: seen.name,
            commandLine: try commandLine(pid: pid), executable: executable(pid: pid))
    }

    func commandLine(pid: Int32) throws -> String {
        guard let process = listed(pid) else { throw CaptureError.processGone(pid: pid) }
        return process.program(at: clock.tick).commandLine
    }

    func executable(pid: Int32) -> String? {
        listed(pid)?.program(at: clock.tick).executable
    }

    func capture(_ identity: ProcessIdentity, detail: CaptureDetail, timeMs: Int64, processCount: Int) throws
        -> ProcessCapture
    {
        let tick = clock.tick
        calls.append(CaptureCall(tick: tick, pid: identity.pid, detail: detail, processCount: processCount))
        guard let process = listed(identity.pid), process.startTime == identity.startTime else {
            throw CaptureError.processGone(pid: identity.pid)
        }
        if let failure = process.failure, tick >= failure.fromTick { throw failure.error }
        let resident = process.resident(tick)
        let pss = process.proportional?(tick, processCount) ?? resident / 2
        var counters = ProcessCounters()
        counters.resident = resident
        counters.residentAnonymous = resident - (1 << 20)
        counters.residentFile = 1 << 20
        counters.residentSharedMemory = 0
        counters.swap = 0
        counters.peakResident = resident
        counters.threads = 4
        let regions = detail == .regions ? Self.regions(resident: resident, pss: pss) : nil
        let memory =
            detail >= .rollup
            ? MemoryUsage(
                mapCount: regions?.count ?? 0, residentSize: resident, proportionalSize: pss,
                sharedCleanSize: resident - pss, privateDirtySize: pss, anonymousSize: resident - (1 << 20),
                minorFaults: 10 * tick)
            : MemoryUsage(minorFaults: 10 * tick)
        let walkNs: UInt64
        switch detail {
        case .status: walkNs = 0
        case .rollup: walkNs = process.rollupNs
        case .regions: walkNs = process.regionsNs
        }
        var capture = ProcessCapture(
            identity: identity, timeMs: timeMs, detail: detail, memory: memory, counters: counters, regions: regions,
            pageWalkNs: walkNs)
        capture.mapCountMeasured = regions != nil
        capture.currentName = process.program(at: tick).name
        return capture
    }

    func snapshot(pid: Int32, timeMs: Int64) throws -> ProcessCapture {
        try capture(identity(pid: pid), detail: .regions, timeMs: timeMs, processCount: 1)
    }

    /// A heap holding all but 1 MiB of `resident`, and libc holding 1 MiB; PSS split alike.
    static func regions(resident: Int, pss: Int) -> [Region] {
        let library = 1 << 20
        let libraryPss = min(pss, library / 4)
        return [
            Region(
                start: 0x5555_0000_0000, end: 0x5555_0000_0000 + UInt64(resident), permissions: "rw-p", label: "[heap]",
                kind: .heap,
                sizes: RegionSizes(
                    size: resident - library, resident: resident - library, proportional: pss - libraryPss,
                    privateDirty: pss - libraryPss, anonymous: resident - library)),
            Region(
                start: 0x7f00_0000_0000, end: 0x7f00_0010_0000, permissions: "r-xp",
                label: "/usr/lib/x86_64-linux-gnu/libc.so.6", kind: .file,
                sizes: RegionSizes(
                    size: library, resident: library, proportional: libraryPss, sharedClean: library - libraryPss,
                    privateClean: libraryPss)),
        ]
    }
}
