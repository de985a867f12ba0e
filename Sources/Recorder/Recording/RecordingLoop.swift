import Foundation

/// Samples the targets every interval into a ``HistoryStore`` until a stop condition holds.
///
/// Each tick first looks for new processes to follow (``ProcessDiscovery``: descendants of a
/// tree, command lines matching a pattern, or all), then captures every live target and
/// writes all of them, with the host's memory, in one transaction. What a capture reads is
/// tiered by cost: stat and status every tick; smaps_rollup every tick while the target's
/// ``PageWalkBudget`` allows; smaps (regions) on a process's first sample, every
/// `regionsEvery`-th tick as the budget allows (exactly, when the user set the cadence), and
/// the last tick of a normal stop. It stops at the duration, the sample count,
/// SIGINT/SIGTERM (after one last tick) or when every target has ended (with `--match` or
/// `--all` it waits for new ones until the duration ends instead).
///
/// A target that exits is marked `exited`, one that goes away in the middle of its reads
/// `vanished` (no sample, no error), one that cannot be read `unreadable`, reported once.
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

    private let store: HistoryStore
    private let options: RecordingOptions
    private let capturer: LinuxProcessCapturer
    private let warn: (String) -> Void
    private let status: (String) -> Void
    private var targets: [TargetProcess] = []
    private var child: ChildCommand?
    private var childTargetIndex: Int?
    private var discovery: ProcessDiscovery
    private var sessionID: Int64 = 0
    private var bootTimeMs: Int64?
    private let clockTicks = SystemFacts.clockTicks
    private var samplesWritten = 0
    private var lastTickNs: UInt64?
    private var unreadableDiscovered = 0

    /// Creates a loop.
    ///
    /// - Parameters:
    ///   - warn: receives one-line messages about targets that became unreadable.
    ///   - status: receives the status line each tick, when the options ask for one.
    /// - Throws: an error naming the pattern when `matchPattern` is not a valid regular expression.
    public init(
        store: HistoryStore, options: RecordingOptions, capturer: LinuxProcessCapturer = LinuxProcessCapturer(),
        warn: @escaping (String) -> Void, status: @escaping (String) -> Void = { _ in }
    ) throws {
        self.store = store
        self.options = options
        self.capturer = capturer
        self.warn = warn
        self.status = status
        let pattern = try options.matchPattern.map { try NSRegularExpression(pattern: $0) }
        discovery = ProcessDiscovery(
            capturer: capturer, treeRoots: options.treeRoots, pattern: pattern, everything: options.all)
    }

    /// Checks that every pid exists, before anything is created, and sorts out those that
    /// cannot be read.
    ///
    /// - Returns: the identities of the readable pids, and the errors of the unreadable ones.
    /// - Throws: ``CaptureError/processGone(pid:)`` for the first pid that does not exist, and
    ///   the permission error when no pid at all can be read.
    public static func checkTargets(
        _ pids: [Int32], capturer: LinuxProcessCapturer = LinuxProcessCapturer()
    ) throws -> (readable: [ProcessIdentity], unreadable: [CaptureError]) {
        var readable: [ProcessIdentity] = []
        var unreadable: [CaptureError] = []
        for pid in pids {
            let identity = try capturer.identity(pid: pid)
            do {
                _ = try capturer.capture(identity, withRegions: false, timeMs: 0)
                readable.append(identity)
            } catch let error as CaptureError {
                if case .permissionDenied = error { unreadable.append(error) } else { throw error }
            }
        }
        if readable.isEmpty, let first = unreadable.first, unreadable.count == pids.count { throw first }
        return (readable, unreadable)
    }

    /// Records until a stop condition holds.
    ///
    /// - Parameter identities: targets found by ``checkTargets(_:capturer:)``; the command in
    ///   the options, if any, is started here and added to them, as are processes discovered.
    /// - Throws: ``StoreError`` when the database cannot be written (the ticks written before
    ///   are kept), ``ChildCommand/StartError`` when the command cannot start.
    public func run(identities: [ProcessIdentity]) throws -> Outcome {
        let signals = StopSignals()
        let sessionStart = SystemFacts.nowMs()
        bootTimeMs = SystemFacts.bootTimeMs
        var identities = identities
        if !options.command.isEmpty {
            let started = try ChildCommand(arguments: options.command)
            child = started
            discovery.addTreeRoot(started.pid)
            if var identity = try? capturer.identity(pid: started.pid) {
                // /proc/PID/cmdline can read empty for a moment after posix_spawn returns (seen on
                // 6.x kernels); we know what we started.
                if identity.commandLine.isEmpty { identity.commandLine = options.command.joined(separator: " ") }
                childTargetIndex = identities.count
                identities.append(identity)
            }
        }
        for root in options.treeRoots where !identities.contains(where: { $0.pid == root }) {
            if let identity = try? capturer.identity(pid: root) { identities.append(identity) }
        }
        let host = options.recordHost ? HostMemoryReader(cgroupOf: identities.first?.pid) : nil
        sessionID = try store.beginSession(
            SessionInfo(
                startedMs: sessionStart, host: SystemFacts.hostName, kernel: SystemFacts.kernel,
                pageSize: SystemFacts.pageSize, clockTicks: clockTicks, bootTimeMs: bootTimeMs,
                intervalMs: options.intervalMs, selection: options.selectionText,
                regionsMode: options.regionsMode.rawValue, regionsEvery: options.regionsEvery,
                memhistVersion: MemhistVersion.current))
        discovery.markKnown(identities)
        for identity in identities { try follow(identity, seenMs: sessionStart) }

        let clock = TickClock(
            startNs: SystemFacts.monotonicNs(), intervalMs: options.intervalMs, durationMs: options.durationMs)
        var tick = 0
        var reason: StopReason?
        var finalTick = false
        while true {
            try reapChild()
            for identity in discovery.scan() { try follow(identity, seenMs: SystemFacts.nowMs()) }
            let samplesDone = options.maxSamples.map { tick + 1 >= $0 } ?? false
            let isLast = finalTick || samplesDone || clock.isLastTick(at: SystemFacts.monotonicNs())
            try sample(tick: tick, lastTick: isLast, host: host)
            tick += 1
            if options.statusLine { status(statusLine(startNs: clock.startNs)) }
            if let reason { return try finish(reason: reason, ticks: tick) }
            if let limit = options.maxSamples, tick >= limit { return try finish(reason: .samples, ticks: tick) }
            if allEnded { return try finish(reason: .targetsExited, ticks: tick) }
            // The duration is wall time on the monotonic clock: a tick that ran long, or a recorder
            // stopped (SIGSTOP) or starved for a while, ends the recording when the time is up.
            if isLast || clock.isPastEnd(SystemFacts.monotonicNs()) {
                return try finish(reason: .duration, ticks: tick)
            }
            // Sleep until the next tick on the grid; a late tick skips to the next slot.
            let next = clock.nextTick(after: SystemFacts.monotonicNs(), tick: tick)
            while reason == nil {
                let now = SystemFacts.monotonicNs()
                guard now < next else { break }
                let received = signals.wait(timeoutMs: Int((next - now + 999_999) / 1_000_000))
                if received.contains(SIGINT) || received.contains(SIGTERM) {
                    // Finish with one last tick (with regions) and close the session.
                    reason = .signal
                    finalTick = true
                    child?.send(received.contains(SIGTERM) ? SIGTERM : SIGINT)
                } else if received.contains(SIGCHLD) {
                    try reapChild()
                    if allEnded { return try finish(reason: .targetsExited, ticks: tick) }
                }
            }
        }
    }

    /// Whether nothing is left to record: every target ended, and nothing new can come.
    private var allEnded: Bool {
        targets.allSatisfy(\.ended) && !discovery.waitsForNewProcesses
    }

    /// Starts following a process: stores it and samples it from the next tick.
    private func follow(_ identity: ProcessIdentity, seenMs: Int64) throws {
        let started = SystemFacts.startedMs(
            startTicks: identity.startTicks, bootTimeMs: bootTimeMs, clockTicks: clockTicks)
        let rowID = try store.addProcess(
            sessionID: sessionID, identity: identity, startedMs: started, firstSeenMs: seenMs)
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
        try store.endProcess(id: targets[index].rowID, reason: reason, exitStatus: exitStatus)
    }

    /// Captures every live target and writes the tick.
    private func sample(tick: Int, lastTick: Bool, host: HostMemoryReader?) throws {
        // A sample is keyed by its process and time: if the wall clock steps back, the tick
        // still gets a later time than the one before.
        let timeMs = max(SystemFacts.nowMs(), lastTickMs + 1)
        lastTickMs = timeMs
        let now = SystemFacts.monotonicNs()
        let elapsedNs = now - (lastTickNs ?? now)
        lastTickNs = now
        let regionsOn = options.regionsMode != .off
        let regionsDue = regionsOn && tick % max(1, options.regionsEvery) == 0
        var samples: [HistoryStore.TickSample] = []
        samples.reserveCapacity(targets.count)
        for index in targets.indices where !targets[index].ended {
            targets[index].budget.earn(elapsedNs: elapsedNs)
            // The first and the last sample always carry regions: they bound the attribution.
            let forced =
                regionsOn && (targets[index].samples == 0 || lastTick || (regionsDue && options.regionsEveryExplicit))
            let detail = targets[index].budget.plan(regionsDue: regionsDue, regionsForced: forced)
            do {
                // The map count comes with the regions: reading maps each tick costs as much as the
                // rollup for a process with thousands of mappings.
                let capture = try capturer.capture(
                    targets[index].identity, detail: detail, timeMs: timeMs, countMaps: false)
                targets[index].budget.spend(capture.pageWalkNs, at: capture.detail)
                var rows: [RegionRow]?
                if let regions = capture.regions {
                    do {
                        rows =
                            options.regionsMode == .mappings
                            ? RegionRow.perMapping(regions) : try RegionRow.grouped(regions)
                    } catch {
                        throw CaptureError.sizeOutOfRange(source: "/proc/\(capture.identity.pid)/smaps", line: 0)
                    }
                }
                samples.append(
                    HistoryStore.TickSample(processID: targets[index].rowID, capture: capture, regionRows: rows))
                targets[index].samples += 1
                if let name = capture.currentName,
                    name != targets[index].identity.name
                        || (targets[index].identity.commandLine.isEmpty && targets[index].samples <= 10)
                {
                    try refreshIdentity(index, name: name)
                }
            } catch let error as CaptureError {
                try handle(error, index: index)
            }
        }
        try store.writeTick(sessionID: sessionID, timeMs: timeMs, samples: samples, host: host?.read())
        samplesWritten += samples.count
        lastTotalPss = samples.reduce(0) {
            $0 + ($1.capture.detail >= .rollup ? $1.capture.memory.proportionalSize : 0)
        }
    }

    /// Reads again what a process runs: it exec'd another program (a shell running
    /// `exec server`), or its command line read empty right after fork and exec.
    private func refreshIdentity(_ index: Int, name: String) throws {
        var identity = targets[index].identity
        identity.name = name
        if let command = try? capturer.commandLine(pid: identity.pid), !command.isEmpty {
            identity.commandLine = command
        }
        identity.executable = capturer.executable(pid: identity.pid) ?? identity.executable
        guard identity != targets[index].identity else { return }
        targets[index].identity = identity
        try store.updateIdentity(id: targets[index].rowID, identity: identity)
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
        let elapsed = Int((SystemFacts.monotonicNs() - startNs) / 1_000_000_000)
        let alive = targets.filter { !$0.ended }.count
        let size = (try? FileManager.default.attributesOfItem(atPath: store.path)[.size] as? Int) ?? nil
        let wal = (try? FileManager.default.attributesOfItem(atPath: store.path + "-wal")[.size] as? Int) ?? nil
        return String(format: "%02d:%02d:%02d", elapsed / 3600, elapsed / 60 % 60, elapsed % 60)
            + "  \(samplesWritten) samples  \(alive) alive  PSS \(ByteFormat.string(lastTotalPss))"
            + "  db \(ByteFormat.string((size ?? 0) + (wal ?? 0)))"
    }

    /// The summed PSS of the targets' latest samples.
    private var lastTotalPss = 0
    /// The time of the last tick, Unix ms.
    private var lastTickMs: Int64 = .min

    private func finish(reason: StopReason, ticks: Int) throws -> Outcome {
        try store.endSession(id: sessionID, endedMs: SystemFacts.nowMs(), reason: reason.rawValue)
        var exitStatus: Int32?
        if let child {
            exitStatus = child.waitForExit()
            if let index = childTargetIndex, !targets[index].ended {
                try end(index, reason: "exited", exitStatus: exitStatus)
            }
        }
        return Outcome(
            sessionID: sessionID, stopReason: reason, ticks: ticks, samples: samplesWritten,
            commandExitStatus: exitStatus)
    }
}
