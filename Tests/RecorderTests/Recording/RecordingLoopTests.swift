import Foundation
import Testing

@testable import Recorder

/// The recording loop driven by a ``FakeRecordingClock`` and a ``FakeProcessSource``: nothing
/// is spawned and no time passes, so every tick's reads and every stored row are known exactly.
@Suite("recording loop: a scripted world on a fake clock, into a real database")
struct RecordingLoopTests {
    typealias Scripted = FakeProcessSource.ScriptedProcess

    static let ms: UInt64 = 1_000_000

    /// The messages a loop gave to `warn`.
    final class Messages {
        var lines: [String] = []
    }

    /// A finished recording and the database it wrote.
    struct Recorded {
        var outcome: RecordingLoop.Outcome
        var store: HistoryStore
        var warnings: [String]

        /// The recording's session as stored.
        func session() throws -> SessionInfo {
            try #require(try store.sessions().first { $0.id == outcome.sessionID })
        }

        /// Every process stored, in order of first sight.
        func processes() throws -> [StoredProcess] {
            try store.processes(sessionIDs: [outcome.sessionID])
        }

        /// The one process stored for `pid`.
        func process(_ pid: Int32) throws -> StoredProcess {
            let found = try processes().filter { $0.pid == pid }
            try #require(found.count == 1, "pid \(pid) is stored \(found.count) times")
            return found[0]
        }

        /// The detail of each stored sample of a process, in time order.
        func details(_ process: StoredProcess) throws -> [CaptureDetail] {
            try store.database.prepare("SELECT detail FROM sample WHERE process_id = ? ORDER BY time_ms")
                .rows([.integer(process.id)]) { CaptureDetail(rawValue: $0.int(0)) }.compactMap { $0 }
        }

        /// The times of a process's stored samples, Unix ms, in order.
        func sampleTimes(_ process: StoredProcess) throws -> [Int64] {
            try store.database.prepare("SELECT time_ms FROM sample WHERE process_id = ? ORDER BY time_ms")
                .rows([.integer(process.id)]) { $0.int64(0) }
        }

        /// A process's stored executable.
        func executable(_ process: StoredProcess) throws -> String? {
            try store.database.scalarText("SELECT executable FROM process WHERE id = ?", [.integer(process.id)])
        }
    }

    /// Options as the command line would give them, reading nothing of the host (the fake
    /// world has none).
    static func options(
        samples: Int? = nil, intervalMs: Int64 = 1_000, durationMs: Int64? = nil, tree: [Int32] = [],
        match: String? = nil, command: [String] = [], statusLine: Bool = false
    ) -> RecordingOptions {
        var options = RecordingOptions()
        options.recordHost = false
        options.maxSamples = samples
        options.intervalMs = intervalMs
        options.durationMs = durationMs
        options.treeRoots = tree
        options.matchPattern = match
        options.command = command
        options.statusLine = statusLine
        return options
    }

    /// Records `pids` (and what the options select) from `source` on `clock` into a new
    /// database in `directory`, until the loop stops.
    ///
    /// - Parameters:
    ///   - command: started when the options name a command.
    ///   - status: receives the store after every tick, when the options ask for a status line.
    static func record(
        in directory: URL, options: RecordingOptions, clock: FakeRecordingClock, source: FakeProcessSource,
        pids: [Int32] = [], command: FakeCommand? = nil, status: @escaping (HistoryStore) -> Void = { _ in }
    ) throws -> Recorded {
        let store = try HistoryStore(path: directory.appendingPathComponent("loop.db").path, access: .create)
        let warnings = Messages()
        let starter: RecordingLoop.CommandStarter =
            command.map { $0.start } ?? { arguments in
                Issue.record("no command was to be started: \(arguments)")
                throw ChildCommand.StartError.notFound(arguments.first ?? "")
            }
        let loop = try RecordingLoop(
            store: store, options: options, source: source, clock: clock, startCommand: starter, ownPid: 999,
            warn: { warnings.lines.append($0) }, status: { _ in status(store) })
        let identities = try pids.map { try source.identity(pid: $0) }
        let outcome = try loop.run(identities: identities)
        return Recorded(outcome: outcome, store: store, warnings: warnings.lines)
    }

    // MARK: Marks

    @Test func aMarkSignalStoresAMarkAndRecordingGoesOn() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // SIGUSR1 (record --mark-on-signal USR1) arrives while the loop waits for tick 2, twice.
        let clock = FakeRecordingClock(events: [2: [.mark(signal: SIGUSR1), .mark(signal: SIGUSR1)]])
        let source = FakeProcessSource(clock: clock, processes: [Scripted(pid: 600, command: "api")])
        let recorded = try Self.record(
            in: directory, options: Self.options(samples: 4), clock: clock, source: source, pids: [600])
        #expect(recorded.outcome.samples == 4)
        #expect(recorded.outcome.stopReason == .samples)
        let marks = try recorded.store.marks(sessionIDs: [recorded.outcome.sessionID], sinceMs: nil, untilMs: nil)
        #expect(marks.map(\.note) == ["SIGUSR1", "SIGUSR1"])
        #expect(marks.allSatisfy { $0.timeMs >= clock.wallMs(atTick: 1) && $0.timeMs <= clock.wallMs(atTick: 2) })
    }

    @Test func markableSignalsByName() {
        #expect(SignalName.number("USR1") == SIGUSR1)
        #expect(SignalName.number("sigusr2") == SIGUSR2)
        #expect(SignalName.number("HUP") == SIGHUP)
        #expect(SignalName.number("TERM") == nil)
        #expect(SignalName.number("KILL") == nil)
        #expect(SignalName.name(SIGUSR1) == "SIGUSR1")
    }

    // MARK: Stopping

    @Test func samplesStopAfterThatManyTicks() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = FakeRecordingClock()
        let source = FakeProcessSource(
            clock: clock,
            processes: [Scripted(pid: 100, command: "server --port 8080"), Scripted(pid: 101, command: "worker")])
        let recorded = try Self.record(
            in: directory, options: Self.options(samples: 5), clock: clock, source: source, pids: [100, 101])

        #expect(recorded.outcome.stopReason == .samples)
        #expect(recorded.outcome.ticks == 5)
        #expect(recorded.outcome.samples == 10)
        #expect(recorded.outcome.commandExitStatus == nil)
        #expect(clock.ticksWaitedFor == [1, 2, 3, 4])
        let session = try recorded.session()
        #expect(session.stopReason == "samples")
        #expect(session.startedMs == clock.wallMs(atTick: 0))
        #expect(session.endedMs == clock.wallMs(atTick: 4))
        for pid: Int32 in [100, 101] {
            let process = try recorded.process(pid)
            #expect(try recorded.sampleTimes(process) == (0..<5).map { clock.wallMs(atTick: $0) })
            // Regions on the first sample and on the last tick of a normal stop.
            #expect(try recorded.details(process) == CaptureDetail.script("R r r r R"))
            #expect(source.details(of: pid) == CaptureDetail.script("R r r r R"))
            #expect(process.endReason == nil)
            #expect(process.firstSeenMs == clock.wallMs(atTick: 0))
            #expect(process.lastSeenMs == clock.wallMs(atTick: 4))
        }
        #expect(try recorded.process(100).command == "server --port 8080")
    }

    @Test func theDurationEndsTheRecordingOnTheClock() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = FakeRecordingClock(intervalMs: 500)
        let source = FakeProcessSource(clock: clock, processes: [Scripted(pid: 100, command: "server")])
        // 1.75 s at 500 ms: ticks at 0, 0.5, 1 and 1.5 s; the next slot (2 s) is past the end,
        // so the tick at 1.5 s is the last, and reads regions.
        let recorded = try Self.record(
            in: directory, options: Self.options(intervalMs: 500, durationMs: 1_750), clock: clock, source: source,
            pids: [100])

        #expect(recorded.outcome.stopReason == .duration)
        #expect(recorded.outcome.ticks == 4)
        #expect(recorded.outcome.samples == 4)
        #expect(clock.ticksWaitedFor == [1, 2, 3])
        #expect(clock.monotonicNs() == clock.monotonicNs(atTick: 3))
        let session = try recorded.session()
        #expect(session.stopReason == "duration")
        #expect(session.endedMs == clock.wallMs(atTick: 3))
        #expect(session.intervalMs == 500)
        let process = try recorded.process(100)
        #expect(try recorded.sampleTimes(process) == [0, 500, 1_000, 1_500].map { clock.startMs + $0 })
        #expect(try recorded.details(process) == CaptureDetail.script("R r r R"))
    }

    @Test func sigintEndsWithOneLastTickWithRegionsAndIsForwardedToTheCommand() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // SIGINT arrives while the loop waits for tick 3.
        let clock = FakeRecordingClock(events: [3: [.stop(signal: SIGINT)]])
        let command = FakeCommand(pid: 500, clock: clock, status: 130)
        let source = FakeProcessSource(
            clock: clock, processes: [Scripted(pid: 500, command: "server --port 8080", parentPid: 999)])
        let recorded = try Self.record(
            in: directory, options: Self.options(command: ["server", "--port", "8080"]), clock: clock, source: source,
            command: command)

        #expect(command.startedWith == ["server", "--port", "8080"])
        #expect(command.signals == [SIGINT])
        #expect(recorded.outcome.stopReason == .signal)
        #expect(recorded.outcome.ticks == 4)
        #expect(recorded.outcome.samples == 4)
        #expect(recorded.outcome.commandExitStatus == 130)
        #expect(clock.ticksWaitedFor == [1, 2, 3])
        #expect(try recorded.session().stopReason == "signal")
        let process = try recorded.process(500)
        // Tick 3 is the last one: taken at once, with regions.
        #expect(try recorded.details(process) == CaptureDetail.script("R r r R"))
        #expect(try recorded.sampleTimes(process).last == clock.wallMs(atTick: 3))
        #expect(process.endReason == "exited")
        #expect(process.exitStatus == 130)
    }

    @Test func aStartedCommandThatExitsEndsTheRecordingWithItsStatus() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The command exits with status 3 at tick 3: SIGCHLD arrives while the loop waits for it
        // (and once before, for nothing: a grandchild, say).
        let clock = FakeRecordingClock(events: [2: [.childChanged], 3: [.childChanged]])
        let command = FakeCommand(pid: 500, clock: clock, exitsAtTick: 3, status: 3)
        let source = FakeProcessSource(
            clock: clock, processes: [Scripted(pid: 500, command: "make -j4", parentPid: 999, exitsAt: 3)])
        let recorded = try Self.record(
            in: directory, options: Self.options(command: ["make", "-j4"]), clock: clock, source: source,
            command: command)

        #expect(recorded.outcome.stopReason == .targetsExited)
        #expect(recorded.outcome.commandExitStatus == 3)
        #expect(recorded.outcome.ticks == 3)
        #expect(recorded.outcome.samples == 3)
        #expect(command.signals.isEmpty)
        #expect(try recorded.session().stopReason == "targets_exited")
        let process = try recorded.process(500)
        #expect(process.endReason == "exited")
        #expect(process.exitStatus == 3)
        #expect(process.command == "make -j4")
        #expect(try recorded.details(process) == CaptureDetail.script("R r r"))
    }

    @Test func ctrlCThatEndsTheCommandTooIsAStopBySignal() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The terminal's SIGINT reaches the command too: it exits, and both events come in one wait.
        let clock = FakeRecordingClock(events: [3: [.stop(signal: SIGINT), .childChanged]])
        let command = FakeCommand(pid: 500, clock: clock, exitsAtTick: 3, status: 130)
        let source = FakeProcessSource(
            clock: clock, processes: [Scripted(pid: 500, command: "server", parentPid: 999, exitsAt: 3)])
        let recorded = try Self.record(
            in: directory, options: Self.options(command: ["server"]), clock: clock, source: source, command: command)
        #expect(recorded.outcome.stopReason == .signal)
        #expect(try recorded.session().stopReason == "signal")
        #expect(recorded.outcome.commandExitStatus == 130)
        // No tick is written for nobody after the command ended.
        #expect(recorded.outcome.ticks == 3)
        #expect(recorded.outcome.samples == 3)
    }

    // MARK: Targets that end

    @Test func targetsThatEndAreMarkedByHowTheyEnded() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = FakeRecordingClock()
        let source = FakeProcessSource(
            clock: clock,
            processes: [
                // Exits before tick 2: not listed any more, so its capture finds it gone.
                Scripted(pid: 101, command: "a", exitsAt: 2),
                // Exits in the middle of its reads at tick 2.
                Scripted(pid: 102, command: "b", exitsAt: 3, failure: (2, .processVanished(pid: 102))),
                // Cannot be read from tick 2 on (it dropped privileges, say).
                Scripted(
                    pid: 103, command: "c",
                    failure: (2, .permissionDenied(pid: 103, path: "/proc/103/smaps_rollup"))),
                Scripted(pid: 104, command: "d"),
            ])
        let recorded = try Self.record(
            in: directory, options: Self.options(samples: 4), clock: clock, source: source, pids: [101, 102, 103, 104])

        #expect(recorded.outcome.stopReason == .samples)
        #expect(recorded.outcome.ticks == 4)
        #expect(recorded.outcome.samples == 2 + 2 + 2 + 4)
        let expected: [(Int32, String?, Int)] = [
            (101, "exited", 2), (102, "vanished", 2), (103, "unreadable", 2), (104, nil, 4),
        ]
        for (pid, reason, samples) in expected {
            let process = try recorded.process(pid)
            #expect(process.endReason == reason, "pid \(pid)")
            #expect(process.exitStatus == nil, "pid \(pid)")
            #expect(try recorded.sampleTimes(process).count == samples, "pid \(pid)")
            // Asked at every tick until the one that failed, never after.
            #expect(source.ticksCaptured(pid) == Array(0..<min(samples + 1, 4)), "pid \(pid)")
        }
        #expect(try recorded.process(101).lastSeenMs == clock.wallMs(atTick: 1))
        // Only the unreadable one is worth a word to the user, and one only.
        #expect(recorded.warnings.count == 1)
        #expect(recorded.warnings.first?.hasPrefix("pid 103 is no longer recorded: permission denied") == true)
    }

    @Test func theRecordingStopsWhenEveryTargetHasEnded() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = FakeRecordingClock()
        let source = FakeProcessSource(clock: clock, processes: [Scripted(pid: 100, command: "job", exitsAt: 2)])
        let recorded = try Self.record(
            in: directory, options: Self.options(), clock: clock, source: source, pids: [100])

        // Tick 2 finds it gone: nothing left to record, with no duration or count.
        #expect(recorded.outcome.stopReason == .targetsExited)
        #expect(recorded.outcome.ticks == 3)
        #expect(recorded.outcome.samples == 2)
        #expect(try recorded.process(100).endReason == "exited")
        #expect(try recorded.session().endedMs == clock.wallMs(atTick: 2))
    }

    // MARK: Discovery

    @Test func treeFollowsDescendantsThatAppearAndNothingElse() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = FakeRecordingClock()
        let source = FakeProcessSource(
            clock: clock,
            processes: [
                Scripted(pid: 100, command: "make -j2"),
                Scripted(pid: 90, command: "sshd: user"),
                Scripted(pid: 150, command: "cc -c a.c", parentPid: 100, appearsAt: 3),
                Scripted(pid: 160, command: "logrotate", parentPid: 1, appearsAt: 3),
                Scripted(pid: 151, command: "as -o a.o", parentPid: 150, appearsAt: 4),
            ])
        let recorded = try Self.record(
            in: directory, options: Self.options(samples: 6, tree: [100]), clock: clock, source: source)

        #expect(try recorded.processes().map(\.pid) == [100, 150, 151])
        #expect(source.calls.allSatisfy { [100, 150, 151].contains($0.pid) })
        let child = try recorded.process(150)
        #expect(child.parentPid == 100)
        #expect(child.command == "cc -c a.c")
        #expect(child.firstSeenMs == clock.wallMs(atTick: 3))
        // Its first sample reads regions; the last tick too.
        #expect(try recorded.details(child) == CaptureDetail.script("R r R"))
        let grandchild = try recorded.process(151)
        #expect(grandchild.firstSeenMs == clock.wallMs(atTick: 4))
        #expect(try recorded.sampleTimes(grandchild) == [4, 5].map { clock.wallMs(atTick: $0) })
        #expect(try recorded.sampleTimes(recorded.process(100)).count == 6)
        #expect(recorded.outcome.samples == 6 + 3 + 2)
    }

    @Test func matchFollowsMatchingCommandLinesButNeverTheRecorder() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = FakeRecordingClock()
        let source = FakeProcessSource(
            clock: clock,
            processes: [
                Scripted(pid: 300, command: "worker --queue a"),
                Scripted(pid: 301, command: "nginx -g daemon off;"),
                Scripted(pid: 302, command: "worker --queue b", appearsAt: 2),
                // The recorder itself (ownPid 999): its command line holds the pattern.
                Scripted(pid: 999, command: "memhist record --match worker --queue"),
            ])
        let recorded = try Self.record(
            in: directory, options: Self.options(samples: 4, match: "worker --queue"), clock: clock, source: source)

        #expect(try recorded.processes().map(\.pid) == [300, 302])
        #expect(Set(source.calls.map(\.pid)) == [300, 302])
        #expect(try recorded.process(302).firstSeenMs == clock.wallMs(atTick: 2))
        #expect(try recorded.sampleTimes(recorded.process(300)).count == 4)
        #expect(try recorded.details(recorded.process(302)) == CaptureDetail.script("R R"))
        #expect(recorded.outcome.stopReason == .samples)
    }

    @Test func matchJudgesAForkAgainWhenItExecs() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = FakeRecordingClock()
        // A shell forks at tick 1 (the fork has the shell's name and command line) and the
        // fork execs a worker at tick 3.
        let fork = Scripted(
            pid: 401, command: "sh run.sh", parentPid: 400, appearsAt: 1,
            exec: .init(tick: 3, name: "worker", commandLine: "worker --queue c", executable: "/usr/bin/worker"))
        let source = FakeProcessSource(clock: clock, processes: [Scripted(pid: 400, command: "sh run.sh"), fork])
        let recorded = try Self.record(
            in: directory, options: Self.options(samples: 5, match: "worker"), clock: clock, source: source)

        let worker = try recorded.process(401)
        #expect(worker.firstSeenMs == clock.wallMs(atTick: 3))
        #expect(worker.name == "worker")
        #expect(worker.command == "worker --queue c")
        #expect(try recorded.processes().count == 1)
    }

    @Test func unreadableProcessesFoundByMatchAreReportedOnce() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = FakeRecordingClock()
        let denied = { (pid: Int32) in CaptureError.permissionDenied(pid: pid, path: "/proc/\(pid)/smaps_rollup") }
        let source = FakeProcessSource(
            clock: clock,
            processes: [
                Scripted(pid: 310, command: "worker x", failure: (0, denied(310))),
                Scripted(pid: 311, command: "worker y", failure: (0, denied(311))),
                Scripted(pid: 312, command: "worker z"),
            ])
        let recorded = try Self.record(
            in: directory, options: Self.options(samples: 2, match: "worker"), clock: clock, source: source)

        #expect(recorded.warnings.count == 1)
        #expect(recorded.warnings.first?.hasSuffix("other processes that cannot be read are skipped silently") == true)
        #expect(try recorded.process(310).endReason == "unreadable")
        #expect(try recorded.process(311).endReason == "unreadable")
        #expect(try recorded.sampleTimes(recorded.process(311)).isEmpty)
        #expect(try recorded.sampleTimes(recorded.process(312)).count == 2)
        #expect(source.ticksCaptured(310) == [0])
    }

    // MARK: Identity

    @Test func aReusedPidIsANewProcess() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = FakeRecordingClock()
        // Worker a exits before tick 3; by then worker b has its pid, with another start time.
        let source = FakeProcessSource(
            clock: clock,
            processes: [
                Scripted(pid: 300, command: "worker --queue a", startTime: 30_000, exitsAt: 3),
                Scripted(pid: 300, command: "worker --queue b", startTime: 40_000, appearsAt: 3),
            ])
        let recorded = try Self.record(
            in: directory, options: Self.options(samples: 6, match: "worker"), clock: clock, source: source)

        let rows = try recorded.processes()
        #expect(rows.map(\.pid) == [300, 300])
        #expect(rows.map(\.startTime) == [30_000, 40_000])
        #expect(rows.map(\.command) == ["worker --queue a", "worker --queue b"])
        let old = try #require(rows.first)
        #expect(old.endReason == "exited")
        #expect(try recorded.sampleTimes(old) == [0, 1, 2].map { clock.wallMs(atTick: $0) })
        // Tick 3 finds the pid naming another process, so the next scan judges it afresh.
        let new = try #require(rows.last)
        #expect(new.firstSeenMs == clock.wallMs(atTick: 4))
        #expect(new.endReason == nil)
        #expect(try recorded.details(new) == CaptureDetail.script("R R"))
    }

    @Test func aReusedPidLeavesTheTree() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = FakeRecordingClock()
        // The tree's child 150 exits before tick 3, when a process outside the tree takes its
        // pid; that one's child appears at tick 5.
        let source = FakeProcessSource(
            clock: clock,
            processes: [
                Scripted(pid: 100, command: "make"),
                Scripted(pid: 150, command: "cc a.c", parentPid: 100, startTime: 15_000, exitsAt: 3),
                Scripted(pid: 150, command: "cron", parentPid: 1, startTime: 16_000, appearsAt: 3),
                Scripted(pid: 170, command: "cron-job", parentPid: 150, appearsAt: 5),
            ])
        let recorded = try Self.record(
            in: directory, options: Self.options(samples: 7, tree: [100]), clock: clock, source: source)

        let rows = try recorded.processes()
        #expect(rows.map(\.command) == ["make", "cc a.c"])
        #expect(rows.last?.endReason == "exited")
        #expect(!source.calls.contains { $0.pid == 170 })
    }

    @Test func anExecUpdatesTheStoredIdentity() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = FakeRecordingClock()
        // A shell that execs the server at tick 2: name, command line and executable change.
        let source = FakeProcessSource(
            clock: clock,
            processes: [
                Scripted(
                    pid: 200, command: "sh -c exec server --port 80", startTime: 12_345, executable: "/bin/dash",
                    exec: .init(
                        tick: 2, name: "server", commandLine: "server --port 80", executable: "/usr/sbin/server"))
            ])
        // What the database says of the process after each tick.
        var stored: [String] = []
        let recorded = try Self.record(
            in: directory, options: Self.options(samples: 4, statusLine: true), clock: clock, source: source,
            pids: [200]
        ) { store in
            stored.append(
                (try? store.database.scalarText("SELECT name || ' | ' || command || ' | ' || executable FROM process"))
                    ?? "none")
        }

        #expect(
            stored == [
                "sh | sh -c exec server --port 80 | /bin/dash", "sh | sh -c exec server --port 80 | /bin/dash",
                "server | server --port 80 | /usr/sbin/server", "server | server --port 80 | /usr/sbin/server",
            ])
        // Still one process: its pid, start time and samples are the same.
        let process = try recorded.process(200)
        #expect(process.startTime == 12_345)
        #expect(process.name == "server")
        #expect(process.command == "server --port 80")
        #expect(try recorded.executable(process) == "/usr/sbin/server")
        #expect(try recorded.sampleTimes(process) == (0..<4).map { clock.wallMs(atTick: $0) })
        #expect(process.endReason == nil)
        // Tick 2 is the server's first sample: the two before are the shell's. Its regions are
        // read on the next tick, as for a new process.
        #expect(process.execMs == clock.wallMs(atTick: 2))
        #expect(try recorded.details(process) == CaptureDetail.script("R r r R"))
    }

    @Test func aNameChangeWithoutANewProgramIsNotAnExec() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = FakeRecordingClock()
        // A process that renames itself (prctl PR_SET_NAME): same executable, same command line.
        let source = FakeProcessSource(
            clock: clock,
            processes: [
                Scripted(
                    pid: 200, command: "worker --queue a", startTime: 1, executable: "/usr/bin/worker",
                    exec: .init(
                        tick: 2, name: "worker-busy", commandLine: "worker --queue a", executable: "/usr/bin/worker"))
            ])
        let recorded = try Self.record(
            in: directory, options: Self.options(samples: 4), clock: clock, source: source, pids: [200])
        let process = try recorded.process(200)
        #expect(process.name == "worker-busy")
        #expect(process.execMs == nil)
    }

    // MARK: Depth of the reads

    @Test func aBigExpensiveTargetReadsStatusMostTicksWhileACheapOneReadsTheRollup() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = FakeRecordingClock()
        let source = FakeProcessSource(
            clock: clock,
            processes: [
                Scripted(
                    pid: 800, command: "postgres", resident: { _ in 8 << 30 }, rollupNs: 30 * Self.ms,
                    regionsNs: 60 * Self.ms),
                Scripted(pid: 801, command: "cron", resident: { _ in 4 << 20 }, rollupNs: 100_000, regionsNs: 300_000),
            ])
        // The default budget, 1% of 1 s: 10 ms of page walking a tick per target.
        let recorded = try Self.record(
            in: directory, options: Self.options(samples: 20), clock: clock, source: source, pids: [800, 801])

        // Big: regions at 0 leave the reserve 60 ms in debt; the credit tries the rollup at once
        // (30 ms), and again whenever it holds 30 ms (10, 16); the regions due at 10 wait for the
        // reserve, which is out of debt too late; the last tick's regions.
        let big = CaptureDetail.script("R r ssssssss r sssss r ss R")
        #expect(source.details(of: 800) == big)
        #expect(try recorded.details(recorded.process(800)) == big)
        let cheap = CaptureDetail.script("R rrrrrrrrr R rrrrrrrr R")
        #expect(source.details(of: 801) == cheap)
        #expect(try recorded.details(recorded.process(801)) == cheap)
        // Status ticks store the resident size from the counters and no PSS.
        let rss = try recorded.store.series(processID: recorded.process(800).id, metric: .rss)
        #expect(rss.resident == Array(repeating: 8 << 30, count: 20))
        let pss = try recorded.store.series(processID: recorded.process(800).id, metric: .pss)
        #expect(pss.rows == 20)
        #expect(pss.timesMs == [0, 1, 10, 16, 19].map { clock.wallMs(atTick: $0) })
    }

    @Test func aTargetWithExpensiveRegionsAndACheapRollupStoresPssOnEveryTick() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = FakeRecordingClock()
        let source = FakeProcessSource(
            clock: clock,
            processes: [
                // Many small mappings: smaps costs 60 ms, smaps_rollup 2 ms. It grows 2 MiB a
                // tick from 40 MiB, so its regions fall due again soon after each region read.
                Scripted(
                    pid: 900, command: "node server.js", resident: { (40 + 2 * $0) << 20 }, rollupNs: 2 * Self.ms,
                    regionsNs: 60 * Self.ms)
            ])
        let recorded = try Self.record(
            in: directory, options: Self.options(samples: 150), clock: clock, source: source, pids: [900])

        // With one bucket for both depths the owed regions stopped the rollups: PSS on 93 of
        // the 150 ticks; and while the first read's 60 ms were paid back, on none. Now every
        // tick reads at least the rollup: region reads are paid from their own reserve.
        let details = source.details(of: 900)
        #expect(details.count == 150)
        #expect(details.allSatisfy { $0 >= .rollup })
        let process = try recorded.process(900)
        let rss = try recorded.store.series(processID: process.id, metric: .rss)
        #expect(rss.timesMs.count == 150)
        let pss = try recorded.store.series(processID: process.id, metric: .pss)
        #expect(pss.timesMs == (0..<150).map { clock.wallMs(atTick: $0) })
        // The regions still follow the growth: at 15 for the growth seen at 2 (the reserve is
        // out of the first read's debt at 12), then every 6 to 9 ticks as the growth asks and
        // the reserve allows, and on the last tick.
        let regionTicks = details.indices.filter { details[$0] == .regions }
        #expect(
            regionTicks == [
                0, 15, 22, 30, 37, 44, 51, 59, 66, 73, 80, 88, 95, 102, 110, 118, 124, 131, 140, 149,
            ])
    }

    @Test func theRegionsOfAGrowingTargetAreReadSoonerThanTheCadence() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = FakeRecordingClock()
        let source = FakeProcessSource(
            clock: clock,
            processes: [
                // 100 MiB growing 2 MiB a tick; the other one stays at 100 MiB.
                Scripted(pid: 700, command: "leaky", resident: { (100 + 2 * $0) << 20 }),
                Scripted(pid: 701, command: "steady", resident: { _ in 100 << 20 }),
            ])
        let recorded = try Self.record(
            in: directory, options: Self.options(samples: 10), clock: clock, source: source, pids: [700, 701])

        // 6 MiB over the last region read (over 5%) is seen at tick 4 and again at 8.
        #expect(source.details(of: 700) == CaptureDetail.script("R r r r R r r r R R"))
        #expect(source.details(of: 701) == CaptureDetail.script("R r r r r r r r r R"))
        // Each region read of the growing heap stored a row for it.
        let heapRows = try recorded.store.database.prepare(
            """
            SELECT rs.time_ms, rs.resident_size FROM region_sample rs JOIN region r ON r.id = rs.region_id
            WHERE rs.process_id = ? AND r.label = '[heap]' ORDER BY rs.time_ms
            """
        ).rows([.integer(try recorded.process(700).id)]) { [$0.int64(0), $0.int64(1)] }
        #expect(
            heapRows == [0, 4, 8, 9].map { [clock.wallMs(atTick: $0), Int64((100 + 2 * $0 - 1) << 20)] })
    }

    @Test func theProcessCountGivenToACaptureIsTheTargetsOfTheTick() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = FakeRecordingClock()
        // PSS estimated as macOS does: resident ÷ the processes captured together.
        let share = { (tick: Int, count: Int) in (96 << 20) / count }
        let source = FakeProcessSource(
            clock: clock,
            processes: [
                Scripted(pid: 100, command: "make", resident: { _ in 96 << 20 }, proportional: share),
                Scripted(pid: 101, command: "cc a.c", parentPid: 100, resident: { _ in 96 << 20 }, proportional: share),
                Scripted(pid: 102, command: "cc b.c", parentPid: 100, exitsAt: 2),
                Scripted(pid: 103, command: "ld", parentPid: 100, appearsAt: 4),
            ])
        let recorded = try Self.record(
            in: directory, options: Self.options(samples: 5, tree: [100]), clock: clock, source: source)

        // Tick 2 still counts 102: it is found gone only by its capture.
        let perTick = (0..<5).map { tick in source.calls.filter { $0.tick == tick } }
        #expect(perTick.map(\.count) == [3, 3, 3, 2, 3])
        for calls in perTick {
            #expect(calls.allSatisfy { $0.processCount == calls.count })
        }
        let pss = try recorded.store.series(processID: recorded.process(100).id, metric: .pss)
        #expect(pss.values == [32, 32, 32, 48, 32].map { Double($0 << 20) })
    }
}
