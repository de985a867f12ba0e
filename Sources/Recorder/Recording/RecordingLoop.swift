#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Samples the targets every interval into a ``HistoryStore`` until a stop condition holds.
///
/// Each tick captures every live target (totals from smaps_rollup, stat and status; regions
/// from smaps on a process's first sample, every `regionsEvery`-th tick and the last tick of
/// a normal stop) and writes all of them, with the host's memory, in one transaction.
/// It stops at the duration, the sample count, SIGINT/SIGTERM (after one last tick) or when
/// every target has ended. A target that exits is marked and no longer sampled; one that
/// cannot be read is reported once and skipped.
public final class RecordingLoop {
    /// What a finished recording did.
    public struct Outcome: Sendable {
        /// The session's id.
        public var sessionID: Int64
        /// Why it stopped.
        public var stopReason: StopReason
        /// Ticks written.
        public var ticks: Int
        /// The exit status of the command memhist started, if any.
        public var commandExitStatus: Int32?
    }

    private let store: HistoryStore
    private let options: RecordingOptions
    private let capturer: LinuxProcessCapturer
    private let warn: (String) -> Void
    private var targets: [TargetProcess] = []
    private var child: ChildCommand?
    private var childTargetIndex: Int?

    /// Creates a loop over already-checked targets.
    ///
    /// - Parameters:
    ///   - identities: the processes to record (see ``checkTargets(_:capturer:)``).
    ///   - warn: receives one-line messages about targets that became unreadable.
    public init(
        store: HistoryStore, options: RecordingOptions, capturer: LinuxProcessCapturer = LinuxProcessCapturer(),
        warn: @escaping (String) -> Void
    ) {
        self.store = store
        self.options = options
        self.capturer = capturer
        self.warn = warn
    }

    /// Checks that every pid exists and can be read, before anything is created.
    /// - Throws: ``CaptureError`` for the first pid that is missing or unreadable.
    public static func checkTargets(_ pids: [Int32], capturer: LinuxProcessCapturer = LinuxProcessCapturer()) throws -> [ProcessIdentity] {
        try pids.map { pid in
            let identity = try capturer.identity(pid: pid)
            _ = try capturer.capture(identity, withRegions: false, timeMs: 0)
            return identity
        }
    }

    /// Records until a stop condition holds.
    ///
    /// - Parameter identities: targets found by ``checkTargets(_:capturer:)``; the command in
    ///   the options, if any, is started here and added to them.
    /// - Throws: ``StoreError`` when the database cannot be written (the ticks written before
    ///   are kept), ``ChildCommand/StartError`` when the command cannot start.
    public func run(identities: [ProcessIdentity]) throws -> Outcome {
        let signals = StopSignals()
        let sessionStart = SystemFacts.nowMs()
        let bootTimeMs = SystemFacts.bootTimeMs
        let clockTicks = SystemFacts.clockTicks
        var identities = identities
        if !options.command.isEmpty {
            let started = try ChildCommand(arguments: options.command)
            child = started
            if var identity = try? capturer.identity(pid: started.pid) {
                // /proc/PID/cmdline can read empty for a moment after posix_spawn returns (seen on
                // 6.x kernels); we know what we started.
                if identity.commandLine.isEmpty { identity.commandLine = options.command.joined(separator: " ") }
                childTargetIndex = identities.count
                identities.append(identity)
            }
        }
        let host = options.recordHost ? HostMemoryReader(cgroupOf: identities.first?.pid) : nil
        let sessionID = try store.beginSession(
            SessionInfo(
                startedMs: sessionStart, host: SystemFacts.hostName, kernel: SystemFacts.kernel,
                pageSize: SystemFacts.pageSize, clockTicks: clockTicks, bootTimeMs: bootTimeMs,
                intervalMs: options.intervalMs, selection: options.selectionText,
                regionsMode: options.regionsMode.rawValue, regionsEvery: options.regionsEvery,
                memhistVersion: MemhistVersion.current))
        for identity in identities {
            let started = SystemFacts.startedMs(startTicks: identity.startTicks, bootTimeMs: bootTimeMs, clockTicks: clockTicks)
            let rowID = try store.addProcess(sessionID: sessionID, identity: identity, startedMs: started, firstSeenMs: sessionStart)
            targets.append(TargetProcess(identity: identity, rowID: rowID))
        }

        let startNs = SystemFacts.monotonicNs()
        let intervalNs = UInt64(max(1, options.intervalMs)) * 1_000_000
        var tick = 0
        var reason: StopReason?
        var finalTick = false
        while true {
            try reapChild()
            let isLastPlanned = finalTick || isLastPlannedTick(tick, startNs: startNs, intervalNs: intervalNs)
            try sample(tick: tick, sessionID: sessionID, lastTick: isLastPlanned, host: host)
            tick += 1
            if let reason { return try finish(sessionID: sessionID, reason: reason, ticks: tick) }
            if let limit = options.maxSamples, tick >= limit {
                return try finish(sessionID: sessionID, reason: .samples, ticks: tick)
            }
            if targets.allSatisfy(\.ended) {
                return try finish(sessionID: sessionID, reason: .targetsExited, ticks: tick)
            }
            if isLastPlanned { return try finish(sessionID: sessionID, reason: .duration, ticks: tick) }
            // Sleep until the next tick on the grid; a late tick skips to the next slot.
            let now = SystemFacts.monotonicNs()
            var next = startNs + UInt64(tick) * intervalNs
            if next < now { next = startNs + ((now - startNs) / intervalNs + 1) * intervalNs }
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
                    if targets.allSatisfy(\.ended) {
                        return try finish(sessionID: sessionID, reason: .targetsExited, ticks: tick)
                    }
                }
            }
        }
    }

    /// Whether the tick after `tick` would fall past the duration.
    private func isLastPlannedTick(_ tick: Int, startNs: UInt64, intervalNs: UInt64) -> Bool {
        if let limit = options.maxSamples, tick + 1 >= limit { return true }
        guard let durationMs = options.durationMs else { return false }
        return UInt64(tick + 1) * intervalNs > UInt64(durationMs) * 1_000_000
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
    private func sample(tick: Int, sessionID: Int64, lastTick: Bool, host: HostMemoryReader?) throws {
        let timeMs = SystemFacts.nowMs()
        let regionTick = options.regionsMode != .off && (tick % max(1, options.regionsEvery) == 0 || lastTick)
        var samples: [HistoryStore.TickSample] = []
        samples.reserveCapacity(targets.count)
        for index in targets.indices where !targets[index].ended {
            let withRegions = options.regionsMode != .off && (regionTick || targets[index].samples == 0)
            do {
                let capture = try capturer.capture(targets[index].identity, withRegions: withRegions, timeMs: timeMs)
                var rows: [RegionRow]?
                if let regions = capture.regions {
                    rows = options.regionsMode == .mappings ? RegionRow.perMapping(regions) : RegionRow.grouped(regions)
                }
                samples.append(HistoryStore.TickSample(processID: targets[index].rowID, capture: capture, regionRows: rows))
                targets[index].samples += 1
            } catch CaptureError.processGone {
                if index == childTargetIndex, let child {
                    // Our own child cannot be replaced before we reap it: gone means it is exiting.
                    try end(index, reason: "exited", exitStatus: child.waitForExit())
                } else {
                    try end(index, reason: "exited")
                }
            } catch let error as CaptureError {
                warn("pid \(targets[index].identity.pid) is no longer recorded: \(error)")
                try end(index, reason: "unreadable")
            }
        }
        try store.writeTick(sessionID: sessionID, timeMs: timeMs, samples: samples, host: host?.read())
    }

    private func finish(sessionID: Int64, reason: StopReason, ticks: Int) throws -> Outcome {
        try store.endSession(id: sessionID, endedMs: SystemFacts.nowMs(), reason: reason.rawValue)
        var status: Int32?
        if let child {
            status = child.waitForExit()
            if let index = childTargetIndex, !targets[index].ended {
                try end(index, reason: "exited", exitStatus: status)
            }
        }
        return Outcome(sessionID: sessionID, stopReason: reason, ticks: ticks, commandExitStatus: status)
    }
}
