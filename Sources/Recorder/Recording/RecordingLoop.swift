#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Samples the targets every interval into a ``HistoryStore`` until a stop condition holds.
///
/// Each tick first looks for new processes to follow (``ProcessDiscovery``: descendants of a
/// tree, command lines matching a pattern, or all), then lets the ``TickPlanner`` decide how deep
/// each live target is read, captures them through the ``ProcessSource`` and writes all of them,
/// with the host's memory, in one transaction. It stops at the duration, the sample count,
/// SIGINT/SIGTERM (after one last tick) or when every target has ended (with `--match` or
/// `--all` it waits for new ones until the duration ends instead).
///
/// A target that exits is marked `exited`, one that goes away in the middle of its reads
/// `vanished` (no sample, no error), one that cannot be read `unreadable`, reported once. A
/// target that execs another program gets its new name, command line and executable, and the
/// time of the exec: its samples before it are its launcher's.
///
/// The loop takes its clock, its source and the way it starts a command as parameters, so tests
/// drive it with a fake clock and a scripted source without spawning anything.
public final class RecordingLoop {
    /// What a finished recording did.
    public struct Outcome: Sendable {
        /// The session's id.
        public var sessionID: Int64
        /// Why it stopped.
        public var stopReason: StopReason
        /// Ticks written.
        public var ticks: Int
        /// Process samples written.
        public var samples: Int
        /// The exit status of the command memhist started, if any.
        public var commandExitStatus: Int32?
    }

    /// Starts a command and returns it running.
    public typealias CommandStarter = ([String]) throws -> RunningCommand

    private let store: HistoryStore
    private let options: RecordingOptions
    private let source: ProcessSource
    private let clock: RecordingClock
    private let startCommand: CommandStarter
    private let warn: (String) -> Void
    private let status: (String) -> Void
    private var targets: [TargetProcess] = []
    private var child: RunningCommand?
    private var childTargetIndex: Int?
    private var discovery: ProcessDiscovery
    private var sessionID: Int64 = 0
    private var samplesWritten = 0
    private var unreadableDiscovered = 0
    /// The summed PSS of the targets' latest samples, for the status line.
    private var lastTotalPss = 0
    /// The time of the last tick, Unix ms, and on the monotonic clock.
    private var lastTickMs: Int64 = .min
    private var lastTickNs: UInt64?
    /// When a retention pass last started (monotonic ns); nil before the first.
    private var lastMaintenanceNs: UInt64?
    private let retention = RetentionWorker()
    /// Called after each tick is stored, with what it captured (`record --textfile`); on the loop's thread.
    public var tickObserver: ((RecordedTick) -> Void)?

    /// Creates a loop.
    ///
    /// - Parameters:
    ///   - source: where processes are listed, identified and captured.
    ///   - clock: the clocks and the wait between ticks (with the signals that stop a recording).
    ///   - startCommand: starts the command of `options.command`.
    ///   - ownPid: the recorder's pid, which discovery never follows.
    ///   - warn: receives one-line messages about targets that became unreadable.
    ///   - status: receives the status line each tick, when the options ask for one.
    /// - Throws: an error naming the pattern when `matchPattern` is not a valid regular expression.
    public init(
        store: HistoryStore, options: RecordingOptions, source: ProcessSource, clock: RecordingClock,
        startCommand: @escaping CommandStarter = { try ChildCommand(arguments: $0) }, ownPid: Int32 = getpid(),
        warn: @escaping (String) -> Void, status: @escaping (String) -> Void = { _ in }
    ) throws {
        self.store = store
        self.options = options
        self.source = source
        self.clock = clock
        self.startCommand = startCommand
        self.warn = warn
        self.status = status
        let pattern = try options.matchPattern.map {
            guard let pattern = CommandPattern($0) else { throw ReportSelection.InvalidPattern(pattern: $0) }
            return pattern
        }
        discovery = ProcessDiscovery(
            source: source, treeRoots: options.treeRoots, pattern: pattern, everything: options.all, ownPid: ownPid)
    }

    /// Checks that every pid exists, before anything is created, and sorts out those that
    /// cannot be read.
    ///
    /// A pid is unreadable when the kernel refuses its files or, on the vmmap path, when vmmap
    /// refuses it (vmmap's own "permission denied") or prints what the parser refuses: the same
    /// targets that a recording already running ends as `unreadable`.
    ///
    /// - Returns: the identities of the readable pids, and the errors of the unreadable ones.
    /// - Throws: ``CaptureError/processGone(pid:)`` for the first pid that does not exist, and
    ///   the first pid's error when no pid at all can be read.
    public static func checkTargets(
        _ pids: [Int32], source: ProcessSource
    ) throws -> (readable: [ProcessIdentity], unreadable: [CaptureError]) {
        var readable: [ProcessIdentity] = []
        var unreadable: [CaptureError] = []
        for pid in pids {
            let identity = try source.identity(pid: pid)
            do {
                _ = try source.capture(identity, detail: .rollup, timeMs: 0, processCount: 1)
                readable.append(identity)
            } catch let error as CaptureError {
                switch error {
                case .permissionDenied, .vmmapFailed: unreadable.append(error)
                default: throw error
                }
            }
        }
        if readable.isEmpty, let first = unreadable.first, unreadable.count == pids.count { throw first }
        return (readable, unreadable)
    }

    /// Records until a stop condition holds.
    ///
    /// - Parameter identities: targets found by ``checkTargets(_:source:)``; the command in
    ///   the options, if any, is started here and added to them, as are processes discovered.
    /// - Throws: ``StoreError`` when the database cannot be written (the ticks written before
    ///   are kept), ``ChildCommand/StartError`` when the command cannot start.
    public func run(identities: [ProcessIdentity]) throws -> Outcome {
        let sessionStart = clock.nowMs()
        var identities = identities
        if !options.command.isEmpty {
            let started = try startCommand(options.command)
            child = started
            discovery.addTreeRoot(started.pid)
            if var identity = try? source.identity(pid: started.pid) {
                // /proc/PID/cmdline can read empty for a moment after posix_spawn returns (seen on
                // 6.x kernels); we know what we started.
                if identity.commandLine.isEmpty { identity.commandLine = options.command.joined(separator: " ") }
                childTargetIndex = identities.count
                identities.append(identity)
            }
        }
        for root in options.treeRoots where !identities.contains(where: { $0.pid == root }) {
            if let identity = try? source.identity(pid: root) { identities.append(identity) }
        }
        let host = options.recordHost ? HostMemoryReader(cgroupOf: identities.first?.pid) : nil
        sessionID = try store.beginSession(
            SessionInfo(
                startedMs: sessionStart, host: SystemFacts.hostName, kernel: SystemFacts.kernel,
                pageSize: SystemFacts.pageSize, clockTicks: SystemFacts.clockTicks, bootTimeMs: SystemFacts.bootTimeMs,
                intervalMs: options.intervalMs, selection: options.selectionText,
                regionsMode: options.regionsMode.rawValue, regionsEvery: options.regionsEvery,
                memhistVersion: MemhistVersion.current))
        discovery.markKnown(identities)
        for identity in identities { try follow(identity, seenMs: sessionStart) }

        let schedule = TickClock(
            startNs: clock.monotonicNs(), intervalMs: options.intervalMs, durationMs: options.durationMs)
        var tick = 0
        var reason: StopReason?
        var finalTick = false
        while true {
            try reapChild()
            for identity in discovery.scan() { try follow(identity, seenMs: clock.nowMs()) }
            // The command may have exited while we waited: no empty tick for nobody.
            if tick > 0 && allEnded { return try finish(reason: reason ?? .targetsExited, ticks: tick) }
            let samplesDone = options.maxSamples.map { tick + 1 >= $0 } ?? false
            let isLast = finalTick || samplesDone || schedule.isLastTick(at: clock.monotonicNs())
            try sample(tick: tick, lastTick: isLast, host: host)
            tick += 1
            maintainIfDue()
            if options.statusLine { status(statusLine(startNs: schedule.startNs)) }
            if let reason { return try finish(reason: reason, ticks: tick) }
            if let limit = options.maxSamples, tick >= limit { return try finish(reason: .samples, ticks: tick) }
            if allEnded { return try finish(reason: .targetsExited, ticks: tick) }
            // The duration is wall time on the monotonic clock: a tick that ran long, or a recorder
            // stopped (SIGSTOP) or starved for a while, ends the recording when the time is up.
            if isLast || schedule.isPastEnd(clock.monotonicNs()) {
                return try finish(reason: .duration, ticks: tick)
            }
            // Wait for the next tick on the grid; a late tick skips to the next slot.
            let next = schedule.nextTick(after: clock.monotonicNs(), tick: tick)
            while reason == nil, clock.monotonicNs() < next {
                let events = clock.wait(untilNs: next)
                // A stop request wins over a child's exit that came with it: Ctrl-C that ends
                // the command too is a stop by signal.
                for case .stop(let signal) in events {
                    reason = .signal
                    finalTick = true
                    child?.send(signal)
                }
                for case .mark(let signal) in events {
                    let name = SignalName.name(signal) ?? "signal \(signal)"
                    try store.addMark(Mark(sessionID: sessionID, timeMs: clock.nowMs(), note: name))
                }
                if events.contains(.childChanged) {
                    try reapChild()
                    if reason == nil && allEnded { return try finish(reason: .targetsExited, ticks: tick) }
                }
            }
        }
    }

    /// How often a recording with `--retain` or `--downsample-after` applies them to its file: hourly, and
    /// after its first tick.
    public static let maintenanceIntervalNs: UInt64 = 3_600_000_000_000

    /// Starts a retention pass when one is due (``RetentionWorker``, on another thread: the ticks go on),
    /// and warns of the last pass's failure: the recording goes on either way.
    private func maintainIfDue() {
        guard options.retainMs != nil || options.downsampleAfterMs != nil else { return }
        if let failure = retention.takeFailure() { warn(failure) }
        let now = clock.monotonicNs()
        if let last = lastMaintenanceNs, now - last < Self.maintenanceIntervalNs { return }
        if retention.start(
            path: store.path, sessionID: sessionID, retainMs: options.retainMs,
            downsampleAfterMs: options.downsampleAfterMs, nowMs: clock.nowMs())
        {
            lastMaintenanceNs = now
        }
    }

    /// Whether nothing is left to record: every target ended, and nothing new can come.
    private var allEnded: Bool {
        targets.allSatisfy(\.ended) && !discovery.waitsForNewProcesses
    }

    /// Starts following a process: stores it and samples it from the next tick.
    private func follow(_ identity: ProcessIdentity, seenMs: Int64) throws {
        let rowID = try store.addProcess(
            sessionID: sessionID, identity: identity, startedMs: identity.startedMs, firstSeenMs: seenMs)
        targets.append(
            TargetProcess(identity: identity, rowID: rowID, budget: PageWalkBudget(fraction: options.pageWalkBudget)))
    }

    /// Notices the started command's exit and records it.
    private func reapChild() throws {
        guard let child, let index = childTargetIndex, !targets[index].ended, child.poll() else { return }
        try end(index, reason: "exited", exitStatus: child.exitStatus)
    }

    private func end(_ index: Int, reason: String, exitStatus: Int32? = nil) throws {
        targets[index].ended = true
        discovery.noteEnded(targets[index].identity)
        try store.endProcess(id: targets[index].rowID, reason: reason, exitStatus: exitStatus)
    }

    /// Plans, captures every live target and writes the tick.
    private func sample(tick: Int, lastTick: Bool, host: HostMemoryReader?) throws {
        // A sample is keyed by its process and time: if the wall clock steps back, the tick
        // still gets a later time than the one before.
        let timeMs = max(clock.nowMs(), lastTickMs + 1)
        lastTickMs = timeMs
        let now = clock.monotonicNs()
        let cpuStartNs = tickObserver == nil ? 0 : SystemFacts.threadCPUNs()
        let elapsedNs = now - (lastTickNs ?? now)
        lastTickNs = now
        let live = targets.indices.filter { !targets[$0].ended }
        let plan = TickPlanner.plan(
            live.map { targets[$0].planned }, tick: tick, isLastTick: lastTick, elapsedNs: elapsedNs, options: options)
        var samples: [HistoryStore.TickSample] = []
        samples.reserveCapacity(live.count)
        for (index, planned) in zip(live, plan) {
            targets[index].budget = planned.budget
            do {
                let capture = try source.capture(
                    targets[index].identity, detail: planned.detail, timeMs: timeMs, processCount: live.count)
                targets[index].budget.spend(capture.pageWalkNs, at: capture.detail)
                targets[index].noteCapture(capture)
                var rows: [RegionRow]?
                if let regions = capture.regions {
                    do {
                        rows =
                            options.regionsMode == .mappings
                            ? RegionRow.perMapping(regions) : try RegionRow.grouped(regions)
                    } catch {
                        throw CaptureError.sizeOutOfRange(source: "the regions of pid \(capture.identity.pid)", line: 0)
                    }
                }
                samples.append(
                    HistoryStore.TickSample(processID: targets[index].rowID, capture: capture, regionRows: rows))
                targets[index].samples += 1
                targets[index].samplesOfProgram += 1
                if let name = capture.currentName,
                    name != targets[index].identity.name
                        || (targets[index].identity.commandLine.isEmpty && targets[index].samples <= 10)
                {
                    try refreshIdentity(index, name: name, timeMs: timeMs)
                }
            } catch let error as CaptureError {
                try handle(error, index: index)
            }
        }
        let hostMemory = host?.read()
        try store.writeTick(sessionID: sessionID, timeMs: timeMs, samples: samples, host: hostMemory)
        samplesWritten += samples.count
        if let tickObserver {
            var recorded = RecordedTick(
                timeMs: timeMs, captures: samples.map(\.capture), host: hostMemory, ticks: tick + 1,
                samples: samplesWritten)
            recorded.sessionID = sessionID
            recorded.durationNs = clock.monotonicNs() - now
            recorded.cpuNs = SystemFacts.threadCPUNs() - cpuStartNs
            recorded.pageWalkNs = samples.reduce(0) { $0 + $1.capture.pageWalkNs }
            tickObserver(recorded)
        }
        lastTotalPss = samples.reduce(0) {
            $0 + ($1.capture.detail >= .rollup ? $1.capture.memory.proportionalSize : 0)
        }
    }

    /// Reads again what a process runs: it exec'd another program (a shell running
    /// `exec server`, `env`, a pyenv shim), or its command line read empty right after fork
    /// and exec.
    ///
    /// An exec (a new name with a new executable or command line) after earlier samples is
    /// stored with the time of this tick's sample, the first of the new program: the samples
    /// before it are the launcher's, and the report leaves them out. The next tick reads the
    /// new program's regions.
    private func refreshIdentity(_ index: Int, name: String, timeMs: Int64) throws {
        let before = targets[index].identity
        var identity = before
        identity.name = name
        if let command = try? source.commandLine(pid: identity.pid), !command.isEmpty {
            identity.commandLine = command
        }
        identity.executable = source.executable(pid: identity.pid) ?? identity.executable
        guard identity != before else { return }
        targets[index].identity = identity
        try store.updateIdentity(id: targets[index].rowID, identity: identity)
        let execd =
            name != before.name && !before.commandLine.isEmpty
            && (identity.executable != before.executable || identity.commandLine != before.commandLine)
        if execd && targets[index].samples > 1 {
            try store.markExec(id: targets[index].rowID, timeMs: timeMs)
            targets[index].didExec()
        }
    }

    /// Ends a target whose capture failed, saying so once for the user where it matters.
    private func handle(_ error: CaptureError, index: Int) throws {
        if index == childTargetIndex, let child {
            switch error {
            case .processGone, .processVanished:
                // Our own child cannot be replaced before we reap it: gone means it is exiting.
                try end(index, reason: "exited", exitStatus: child.waitForExit())
                return
            default: break
            }
        }
        switch error {
        case .processGone:
            try end(index, reason: "exited")
        case .processVanished:
            try end(index, reason: "vanished")
        default:
            if targets[index].samples == 0 && discovery.waitsForNewProcesses {
                // Another user's process found by --match/--all: counted, not reported one by one.
                unreadableDiscovered += 1
                if unreadableDiscovered == 1 {
                    warn("\(error); other processes that cannot be read are skipped silently")
                }
            } else {
                warn("pid \(targets[index].identity.pid) is no longer recorded: \(error)")
            }
            try end(index, reason: "unreadable")
        }
    }

    private func statusLine(startNs: UInt64) -> String {
        let elapsed = Int((clock.monotonicNs() - startNs) / 1_000_000_000)
        let alive = targets.filter { !$0.ended }.count
        return CFormat.string("%02ld:%02ld:%02ld", elapsed / 3600, elapsed / 60 % 60, elapsed % 60)
            + "  \(samplesWritten) samples  \(alive) alive  PSS \(ByteFormat.string(lastTotalPss))"
            + "  db \(ByteFormat.string(DatabaseFile.sizeWithLog(store.path)))"
    }

    /// Waits for the started command to exit and returns its status.
    ///
    /// A stop signal that comes meanwhile is passed on to the command when it has had none yet;
    /// once it has had one and still runs (a shell in `wait`, a program that traps SIGINT), the
    /// next (a second Ctrl-C, SIGTERM) kills it, so that memhist can always be stopped.
    private func waitForCommand(_ child: RunningCommand, signalled: Bool) -> Int32 {
        var signalled = signalled
        return child.waitForExit(killingWhen: {
            for case .stop(let signal) in clock.wait(untilNs: clock.monotonicNs() + 1_000_000_000) {
                if signalled {
                    warn("the command did not stop on the signal: sent it SIGKILL")
                    return true
                }
                child.send(signal)
                signalled = true
            }
            return false
        })
    }

    private func finish(reason: StopReason, ticks: Int) throws -> Outcome {
        try store.endSession(id: sessionID, endedMs: clock.nowMs(), reason: reason.rawValue)
        var exitStatus: Int32?
        if let child {
            exitStatus = waitForCommand(child, signalled: reason == .signal)
            if let index = childTargetIndex, !targets[index].ended {
                try end(index, reason: "exited", exitStatus: exitStatus)
            }
        }
        // A retention pass still running finishes its transaction before memhist exits.
        retention.wait()
        if let failure = retention.takeFailure() { warn(failure) }
        return Outcome(
            sessionID: sessionID, stopReason: reason, ticks: ticks, samples: samplesWritten,
            commandExitStatus: exitStatus)
    }
}
