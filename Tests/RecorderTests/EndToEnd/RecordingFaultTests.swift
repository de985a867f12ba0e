import Foundation
import Testing

@testable import Recorder

/// Faults a long recording meets, each with real processes and files.
@Suite("end to end: recording through faults", .serialized)
struct RecordingFaultTests {
    static func integrity(_ path: String) throws -> String? {
        let database = try Database(path: path, mode: .readWrite)
        return try database.scalarText("PRAGMA integrity_check")
    }

    static func count(_ path: String, _ sql: String) -> Int {
        guard let database = try? Database(path: path, mode: .readOnly), let value = try? database.scalarInt(sql) else {
            return 0
        }
        return Int(value)
    }

    @Test func killMinus9AtFiftyRandomMomentsLosesNoCommittedTick() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The target outlives the fifty rounds however long they take; the test stops it.
        let target = try TestSupport.start(
            TestSupport.memhistPath,
            ["workload", "sawtooth", "--rate", "32MiB", "--size", "16MiB", "--duration", "3600s"])
        defer { kill(target.processIdentifier, SIGKILL) }
        var generator = SeededGenerator(seed: 42)
        var killedWithData = 0
        for round in 0..<50 {
            let db = directory.appendingPathComponent("k\(round).db").path
            let recorder = try TestSupport.start(
                TestSupport.memhistPath,
                [
                    "record", "--db", db, "--interval", "10ms", "--regions-every", "3", "--quiet",
                    "--pid", String(target.processIdentifier), "--pid", String(getpid()),
                ])
            // Kill after a seeded number of committed ticks, and a seeded moment into the next ones:
            // what the kill interrupts does not depend on how fast the machine is.
            let committedTicks = 1 + Int(generator.next() % 25)
            #expect(
                TestSupport.waitUntil(seconds: 300) {
                    Self.count(db, "SELECT count(*) FROM sample") >= 2 * committedTicks
                }, "round \(round): the recorder committed fewer than \(committedTicks) ticks")
            usleep(UInt32(generator.next() % 15_000))
            let before = Self.count(db, "SELECT count(*) FROM sample")
            kill(recorder.processIdentifier, SIGKILL)
            recorder.waitUntilExit()
            guard FileManager.default.fileExists(atPath: db) else { continue }
            #expect(try Self.integrity(db) == "ok", "round \(round)")
            let after = Self.count(db, "SELECT count(*) FROM sample")
            #expect(after >= before, "round \(round): \(after) < \(before)")
            // Ticks are whole: both processes in every tick, every region row of every sample.
            #expect(
                Self.count(
                    db, "SELECT count(*) FROM (SELECT time_ms FROM sample GROUP BY time_ms HAVING count(*) != 2)") == 0)
            #expect(
                Self.count(
                    db,
                    TestSupport.regionRowsOutsideTheirTick
                ) == 0)
            if after > 0 { killedWithData += 1 }
        }
        #expect(killedWithData == 50)
    }

    @Test func aFullDiskStopsWithOneLineAndKeepsWhatWasCommitted() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit") else { return }
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("full.db").path
        // The target outlives the recording however long it takes to fill the limit; the test stops it.
        let target = try TestSupport.start(
            TestSupport.memhistPath, ["workload", "steady", "--size", "4MiB", "--duration", "3600s"])
        defer { kill(target.processIdentifier, SIGKILL) }
        // RLIMIT_FSIZE of 150 kB: the database or its WAL reaches it within a few hundred ticks.
        let run = try TestSupport.run(
            "/usr/bin/prlimit",
            [
                "--fsize=150000", TestSupport.memhistPath, "record", "--db", db, "--interval", "5ms", "--quiet",
                "--regions", "mappings", "--regions-every", "1", "--pid", String(target.processIdentifier),
            ])
        #expect(run.status == 1)
        #expect(CommandLineErrorTests.oneLineError(run), "\(run.stderr)")
        #expect(run.stderr.contains("full"), "\(run.stderr)")
        #expect(try Self.integrity(db) == "ok")
        #expect(Self.count(db, "SELECT count(*) FROM sample") > 0)
        let report = try TestSupport.memhist(["report", "--db", db, "--format", "json"])
        #expect(report.status == 0, "\(report.stderr)")
    }

    @Test func aReaderHoldingATransactionDoesNotBlockRecording() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("shared.db").path
        // No duration: the recorder writes until SIGTERM, so it is still writing whenever this test
        // gets to look, however slowly either runs.
        let recorder = try TestSupport.start(
            TestSupport.memhistPath,
            ["record", "--db", db, "--interval", "20ms", "--quiet", "--pid", String(getpid())])
        defer { kill(recorder.processIdentifier, SIGKILL) }
        #expect(TestSupport.waitUntil { Self.count(db, "SELECT count(*) FROM sample") >= 5 })
        let reader = try Database(path: db, mode: .readOnly)
        try reader.execute("BEGIN")
        let held = try #require(try reader.scalarInt("SELECT count(*) FROM sample"))
        // While the read transaction is open, the recorder keeps writing (WAL).
        #expect(TestSupport.waitUntil { Self.count(db, "SELECT count(*) FROM sample") >= held + 20 })
        #expect(try reader.scalarInt("SELECT count(*) FROM sample") == held, "the reader sees its snapshot")
        try reader.execute("COMMIT")
        kill(recorder.processIdentifier, SIGTERM)
        recorder.waitUntilExit()
        #expect(recorder.terminationStatus == 0)
        #expect(try Self.integrity(db) == "ok")
    }

    @Test func anUnreadableProcessGetsOneMessageAndTheOthersGoOn() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") else { return }
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        chmod(directory.path, 0o777)
        // Both sleep until the test stops them, however long the recordings take.
        let rootProcess = try TestSupport.start("/bin/sleep", ["3600"])
        defer { kill(rootProcess.processIdentifier, SIGKILL) }
        let userProcess = try TestSupport.start("/usr/sbin/runuser", ["-u", "nobody", "--", "/bin/sleep", "3600"])
        defer { kill(userProcess.processIdentifier, SIGKILL) }
        // runuser forks: its child is the nobody-owned sleep.
        var userSleep: Int32 = 0
        #expect(
            TestSupport.waitUntil {
                userSleep =
                    ProcessTable.allPids().first { pid in
                        (try? ProcessStat.parse(String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)))?
                            .parentPid
                            == userProcess.processIdentifier
                    } ?? 0
                return userSleep != 0
            })
        defer { if userSleep != 0 { kill(userSleep, SIGKILL) } }
        let db = directory.appendingPathComponent("user.db").path
        let run = try TestSupport.run(
            "/usr/sbin/runuser",
            [
                "-u", "nobody", "--", TestSupport.memhistPath, "record", "--db", db, "--interval", "50ms", "--samples",
                "5",
                "--quiet", "--pid", String(rootProcess.processIdentifier), "--pid", String(userSleep),
            ])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("permission denied"))
        #expect(Self.count(db, "SELECT count(*) FROM sample") == 5)
        #expect(Self.count(db, "SELECT count(DISTINCT pid) FROM process") == 1)

        // --all as an unprivileged user: root's processes are skipped with one message.
        let everything = directory.appendingPathComponent("all.db").path
        let all = try TestSupport.run(
            "/usr/sbin/runuser",
            [
                "-u", "nobody", "--", TestSupport.memhistPath, "record", "--db", everything, "--interval", "50ms",
                "--samples", "3", "--quiet", "--all", "--regions", "off",
            ])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stderr.split(separator: "\n").count <= 1, "\(all.stderr)")
        #expect(
            Self.count(
                everything,
                "SELECT count(*) FROM sample WHERE process_id IN (SELECT id FROM process WHERE pid = \(userSleep))")
                == 3)
    }

    @Test func hugeAndOddCommandLinesAndNames() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The shells loop over short sleeps: alive until the test stops them, however long it takes,
        // and no long sleep is left behind.
        let idle = "while :; do sleep 1; done"
        // 1 MB of arguments (one argument may hold at most 128 KiB).
        let chunk = String(repeating: "x", count: 100_000)
        let huge = try TestSupport.start("/bin/sh", ["-c", idle, "sh"] + Array(repeating: chunk, count: 10))
        defer { kill(huge.processIdentifier, SIGKILL) }
        // Bytes that are not UTF-8, passed through printf.
        let binary = try TestSupport.start(
            "/bin/sh", ["-c", "exec /bin/sh -c '\(idle)' \"$(printf 'bad\\377\\376name')\""])
        defer { kill(binary.processIdentifier, SIGKILL) }
        // A program whose name has spaces and parentheses: the kernel's comm shows it in stat.
        let oddPath = directory.appendingPathComponent("a) (b c").path
        try FileManager.default.copyItem(atPath: "/bin/sleep", toPath: oddPath)
        let odd = try TestSupport.start(oddPath, ["3600"])
        defer { kill(odd.processIdentifier, SIGKILL) }
        #expect(
            TestSupport.waitUntil {
                [huge, binary, odd].allSatisfy {
                    ((try? Data(contentsOf: URL(fileURLWithPath: "/proc/\($0.processIdentifier)/cmdline"))) ?? Data())
                        .count > 4
                }
                    && ((try? String(contentsOfFile: "/proc/\(binary.processIdentifier)/cmdline", encoding: .isoLatin1))?
                        .contains("bad") ?? false)
            })
        let db = directory.appendingPathComponent("odd.db").path
        let run = try TestSupport.memhist([
            "record", "--db", db, "--interval", "50ms", "--samples", "3", "--quiet",
            "--pid", String(huge.processIdentifier), "--pid", String(binary.processIdentifier), "--pid",
            String(odd.processIdentifier),
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let store = try HistoryStore(path: db, access: .readOnly)
        let processes = try store.processes(sessionIDs: try store.sessions().map(\.id))
        #expect(processes.count == 3)
        let hugeRow = try #require(processes.first { $0.pid == huge.processIdentifier })
        #expect(hugeRow.command.utf8.count > 1_000_000)
        let binaryRow = try #require(processes.first { $0.pid == binary.processIdentifier })
        #expect(binaryRow.command.contains("bad\\xFF\\xFEname"), "\(binaryRow.command)")
        let oddRow = try #require(processes.first { $0.pid == odd.processIdentifier })
        #expect(oddRow.name == "a) (b c")
        #expect(Self.count(db, "SELECT count(*) FROM sample") == 9)
        let report = try TestSupport.memhist(["report", "--db", db, "--format", "json"])
        #expect(report.status == 0)
        _ = try TestSupport.jsonObject(report.stdout)
    }

    @Test func tenThousandMappings() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The target outlives the test however long it takes; the test stops it.
        let target = try TestSupport.start(
            TestSupport.memhistPath, ["workload", "mappings", "--count", "10000", "--duration", "3600s"])
        defer { kill(target.processIdentifier, SIGKILL) }
        let reader = ProcFileReader()
        #expect(
            TestSupport.waitUntil {
                // /proc files report size 0: read them the way memhist does.
                let maps =
                    (try? reader.bytes(of: "/proc/\(target.processIdentifier)/maps", pid: target.processIdentifier))
                    ?? []
                return maps.filter { $0 == UInt8(ascii: "\n") }.count >= 10_000
            })
        let db = directory.appendingPathComponent("maps.db").path
        let run = try TestSupport.memhist([
            "record", "--db", db, "--interval", "100ms", "--samples", "2", "--quiet", "--regions", "mappings",
            "--pid", String(target.processIdentifier),
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Self.count(db, "SELECT min(map_count) FROM sample") >= 10_000)
        // Both samples captured every mapping; the second stored only the mappings that changed.
        #expect(Self.count(db, "SELECT count(*) FROM sample WHERE detail = 3") == 2)
        #expect(
            Self.count(db, "SELECT count(*) FROM region_sample WHERE time_ms = (SELECT min(time_ms) FROM sample)")
                >= 10_000)
        #expect(Self.count(db, "SELECT count(*) FROM region_latest") >= 10_000)
        let snapshot = try TestSupport.memhist(["snapshot", String(target.processIdentifier), "--format", "json"])
        let memory = try #require(try TestSupport.jsonObject(snapshot.stdout)["memory"] as? [String: Int])
        #expect(memory["map_count"] ?? 0 >= 10_000)
    }

    @Test func fiveHundredShortLivedChildren() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("children.db").path
        let run = try TestSupport.memhist([
            "record", "--db", db, "--interval", "10ms", "--quiet", "--", "/bin/sh", "-c",
            "i=0; while [ $i -lt 500 ]; do /bin/true; i=$((i+1)); done; exit 7",
        ])
        #expect(run.status == 7, "\(run.stderr)")
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        #expect(try Self.integrity(db) == "ok")
        #expect(Self.count(db, "SELECT count(*) FROM process WHERE end_reason IS NULL") == 0)
        #expect(Self.count(db, "SELECT exit_status FROM process ORDER BY id LIMIT 1") == 7)
    }

    @Test func matchPicksUpProcessesThatStartLaterAndWaitsForThem() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("match.db").path
        let marker = "memhist-match-\(UUID().uuidString.prefix(8))"
        // The late processes are /bin/sleep under a name holding the marker: no shell that forks
        // a copy of its matching command line before it execs.
        let latePath = directory.appendingPathComponent(marker).path
        try FileManager.default.copyItem(atPath: "/bin/sleep", toPath: latePath)
        // No duration: the recorder runs until SIGTERM, and each step waits for what it wrote.
        let recorder = try TestSupport.start(
            TestSupport.memhistPath, ["record", "--db", db, "--interval", "50ms", "--quiet", "--match", marker])
        defer { kill(recorder.processIdentifier, SIGKILL) }
        // The first tick stores the host's memory: a process started after it starts later than the recording.
        #expect(TestSupport.waitUntil { Self.count(db, "SELECT count(*) FROM host_sample") >= 1 })
        // Each late process starts while the recorder is stopped, and it goes on once the process
        // runs its own program. A scan between fork and exec would read this test's command line,
        // and the recorder judges a pid once (ProcessDiscovery): it would never follow the process.
        func startLate() throws -> Process {
            kill(recorder.processIdentifier, SIGSTOP)
            defer { kill(recorder.processIdentifier, SIGCONT) }
            #expect(TestSupport.waitUntil { TestSupport.state(of: recorder.processIdentifier) == "T" })
            let late = try TestSupport.start(latePath, ["3600"])
            #expect(
                TestSupport.waitUntil {
                    (try? String(contentsOfFile: "/proc/\(late.processIdentifier)/cmdline", encoding: .utf8))?
                        .hasPrefix(latePath) == true
                })
            return late
        }
        let first = try startLate()
        defer { kill(first.processIdentifier, SIGKILL) }
        let samplesOf = { (pid: Int32) in
            Self.count(db, "SELECT count(*) FROM sample JOIN process ON id = process_id WHERE pid = \(pid)")
        }
        #expect(TestSupport.waitUntil { samplesOf(first.processIdentifier) >= 1 })
        // SIGKILL: a child of Foundation's Process starts with SIGTERM blocked.
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        let ended = "SELECT count(*) FROM process WHERE pid = \(first.processIdentifier) AND end_reason IS NOT NULL"
        #expect(TestSupport.waitUntil { Self.count(db, ended) == 1 })
        // With nothing left to record, it waits for new matches and picks up the next one.
        #expect(recorder.isRunning)
        let second = try startLate()
        defer { kill(second.processIdentifier, SIGKILL) }
        #expect(TestSupport.waitUntil { samplesOf(second.processIdentifier) >= 1 || !recorder.isRunning })
        kill(recorder.processIdentifier, SIGTERM)
        recorder.waitUntilExit()
        #expect(recorder.terminationStatus == 0)
        let store = try HistoryStore(path: db, access: .readOnly)
        let session = try #require(try store.sessions().first)
        #expect(session.stopReason == "signal")
        let processes = try store.processes(sessionIDs: [session.id])
        #expect(processes.map(\.pid) == [first.processIdentifier, second.processIdentifier])
        #expect(processes.allSatisfy { $0.command.contains(marker) })
        // Exited; or vanished, when it ended in the middle of the recorder's reads of it.
        #expect(["exited", "vanished"].contains(processes.first?.endReason), "\(processes.first?.endReason ?? "nil")")

        // Nothing matching at all: it does not stop for want of targets but waits for matches until
        // the duration ends.
        let idle = directory.appendingPathComponent("idle.db").path
        let waiting = try TestSupport.memhist([
            "record", "--db", idle, "--interval", "50ms", "--duration", "300ms", "--quiet", "--match", marker + "-none",
        ])
        #expect(waiting.status == 0, "\(waiting.stderr)")
        let idleStore = try HistoryStore(path: idle, access: .readOnly)
        let idleSession = try #require(try idleStore.sessions().first)
        #expect(idleSession.stopReason == "duration")
        #expect(try idleStore.processes(sessionIDs: [idleSession.id]).isEmpty)
    }
}

@Suite("end to end: the recorder's own memory")
struct RecorderFootprintTests {
    /// The bytes of the database at `path` as a reader sees it now (pages in the WAL included).
    static func databaseBytes(_ path: String) -> Int {
        RecordingFaultTests.count(path, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
    }

    @Test func theRecordersMemoryStaysFlatOverThousandsOfTicks() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The targets outlive the recording however long it takes; the test stops them.
        let targets = try (0..<5).map { _ in try TestSupport.start("/bin/sleep", ["3600"]) }
        defer { for target in targets { kill(target.processIdentifier, SIGKILL) } }
        // Time-compressed: a tick every 5 ms for 5 processes, regions every 5th tick — thousands of
        // ticks, as many as hours at a 1 s interval would write for one process. A count of ticks,
        // not a duration: on a busy machine the ticks come later, not fewer.
        let ticks = 4_800
        let innerDB = directory.appendingPathComponent("inner.db").path
        let inner = try TestSupport.start(
            TestSupport.memhistPath,
            [
                "record", "--db", innerDB, "--interval", "5ms", "--samples", String(ticks), "--regions-every", "5",
                "--budget", "off", "--quiet",
            ] + targets.flatMap { ["--pid", String($0.processIdentifier)] })
        defer { kill(inner.processIdentifier, SIGKILL) }
        // The outer recorder watches the inner one until it exits.
        let outerDB = directory.appendingPathComponent("outer.db").path
        let outer = try TestSupport.start(
            TestSupport.memhistPath,
            [
                "record", "--db", outerDB, "--interval", "100ms", "--budget", "off", "--quiet",
                "--pid", String(inner.processIdentifier),
            ])
        defer { kill(outer.processIdentifier, SIGKILL) }
        // The recorder's memory grows with its file until SQLite's page cache (1 MiB, HistoryStore)
        // is full: after as many ticks as fill 1 MiB of file, whatever the time they took. Measure
        // from the moment the file is larger than that (it is about 1.6 MiB at the end).
        #expect(TestSupport.waitUntil { Self.databaseBytes(innerDB) >= 1_150_000 })
        let warmMs = SystemFacts.nowMs()
        let warmTicks = RecordingFaultTests.count(innerDB, "SELECT count(DISTINCT time_ms) FROM sample")
        inner.waitUntilExit()
        outer.waitUntilExit()
        #expect(inner.terminationStatus == 0)
        #expect(outer.terminationStatus == 0)
        #expect(RecordingFaultTests.count(innerDB, "SELECT count(*) FROM sample") == 5 * ticks)
        // Most ticks come after the page cache is full: growth that comes with ticks shows in them.
        #expect(ticks - warmTicks >= 1_000, "the page cache filled only after tick \(warmTicks)")
        let report = try TestSupport.memhist([
            "report", "--db", outerDB, "--format", "json", "--metric", "uss", "--since", TimeFormat.iso(warmMs),
        ])
        #expect(report.status == 0, "\(report.stderr)")
        let process = try #require(try RecordEndToEndTests.processes(try TestSupport.jsonObject(report.stdout)).first)
        #expect(process["verdict"] as? String != "growing", "\(process["reason"] ?? "")")
        // Under 512 KiB over more than 1,000 ticks of 5 samples: under 100 bytes a sample, where
        // anything kept per tick or per sample would add up to megabytes.
        #expect(abs(process["growth_bytes"] as? Int ?? .max) < 512 << 10, "\(process["reason"] ?? "")")
    }
}
