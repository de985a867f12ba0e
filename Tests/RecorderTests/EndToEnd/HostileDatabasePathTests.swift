import Foundation
import Testing

@testable import Recorder

/// What another local user can put at a `--db` path, and what memhist must do about it: write
/// nothing where it must not, hang on nothing, and say so in one line.
@Suite("end to end: hostile files at --db")
struct HostileDatabasePathTests {
    /// Runs `program` as the user nobody (only when the tests run as root).
    static func asNobody(_ program: String, _ arguments: [String]) throws -> TestSupport.Run {
        try TestSupport.run(
            "/usr/bin/setpriv",
            ["--reuid", "nobody", "--regid", "nogroup", "--clear-groups", "--", program] + arguments)
    }

    /// Runs memhist as the user nobody.
    static func asNobody(_ arguments: [String]) throws -> TestSupport.Run {
        try asNobody(TestSupport.memhistPath, arguments)
    }

    /// Runs a shell command as the user nobody, with a umask that lets everyone read what it makes.
    static func plantAsNobody(_ command: String) throws -> TestSupport.Run {
        try asNobody("/bin/sh", ["-c", "umask 0; " + command])
    }

    static var canSwitchUser: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
    }

    /// A directory every user may write, like /tmp (sticky), and that the test removes.
    static func sharedDirectory() throws -> URL {
        let directory = try TestSupport.temporaryDirectory()
        chmod(directory.path, 0o1777)
        return directory
    }

    static func record(_ db: String, extra: [String] = []) throws -> TestSupport.Run {
        try TestSupport.memhist(
            ["record", "--db", db, "--samples", "2", "--interval", "50ms", "--quiet"] + extra
                + ["--pid", String(getpid())])
    }

    @Test func aSymbolicLinkIsNotFollowedAndItsTargetIsUntouched() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The target: an empty file (which memhist would otherwise make a database) and a
        // memhist database (which it would otherwise add to).
        let empty = directory.appendingPathComponent("precious").path
        _ = FileManager.default.createFile(atPath: empty, contents: Data(), attributes: [.posixPermissions: 0o600])
        let real = directory.appendingPathComponent("real.db").path
        #expect(try Self.record(real).status == 0)
        for target in [empty, real, "/dev/null"] {
            let link = directory.appendingPathComponent("link.db").path
            try? FileManager.default.removeItem(atPath: link)
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
            let before = try? Data(contentsOf: URL(fileURLWithPath: target))
            for arguments in [
                ["record", "--db", link, "--samples", "1", "--pid", String(getpid())], ["report", "--db", link],
                ["check", "--db", link],
            ] {
                let run = try TestSupport.memhist(arguments)
                #expect(run.status == 1, "\(arguments) \(run.stderr)")
                #expect(CommandLineErrorTests.oneLineError(run), "\(run.stderr)")
                #expect(run.stderr.contains("symbolic link"), "\(run.stderr)")
            }
            #expect((try? Data(contentsOf: URL(fileURLWithPath: target))) == before)
        }
        #expect(!FileManager.default.fileExists(atPath: real + "-wal"))
    }

    @Test func devicesFifosAndDirectoriesAreRefusedAtOnceAndLeftAlone() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("fifo.db").path
        #expect(mkfifo(fifo, 0o600) == 0)
        var paths = [(fifo, "a FIFO"), ("/dev/null", "a character device"), (directory.path, "a directory")]
        if getuid() == 0 {
            // A block device node (loop0's numbers): memhist must not write its first pages.
            let block = directory.appendingPathComponent("block.db").path
            if mknod(block, S_IFBLK | 0o600, dev_t(7 << 8)) == 0 { paths.append((block, "a block device")) }
        }
        for (path, kind) in paths {
            for arguments in [
                ["record", "--db", path, "--samples", "1", "--pid", String(getpid())], ["report", "--db", path],
                ["compare", "--db", path, "--db", path], ["check", "--db", path],
            ] {
                // A FIFO used to hang these forever: `timeout` turns a hang into status 124.
                let run = try TestSupport.run("/usr/bin/timeout", ["120", TestSupport.memhistPath] + arguments)
                #expect(run.status == 1, "\(arguments) \(run.stderr)")
                #expect(CommandLineErrorTests.oneLineError(run), "\(run.stderr)")
                #expect(run.stderr.contains(kind), "\(run.stderr)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: "/dev/null-journal"))
        #expect(!FileManager.default.fileExists(atPath: "/dev/null-wal"))
    }

    @Test func aFileAnotherUserPlantedIsNotRecordedInto() throws {
        guard Self.canSwitchUser else { return }
        let directory = try Self.sharedDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("memhist.db").path
        // nobody makes an empty world-readable file where root will record.
        let planted = try Self.plantAsNobody(": > \(path)")
        #expect(planted.status == 0, "\(planted.stderr)")
        let run = try Self.record(path)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(CommandLineErrorTests.oneLineError(run), "\(run.stderr)")
        #expect(run.stderr.contains("belongs to another user"), "\(run.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["memhist.db"])
    }

    @Test func aWriteAheadLogAnotherUserPlantedIsNotWrittenThrough() throws {
        guard Self.canSwitchUser else { return }
        let directory = try Self.sharedDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("memhist.db").path
        #expect(try Self.record(path).status == 0)
        let wal = path + "-wal"
        let planted = try Self.plantAsNobody(": > \(wal)")
        #expect(planted.status == 0, "\(planted.stderr)")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let run = try Self.record(path)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("-wal belongs to another user"), "\(run.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: wal)).isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aJournalAnotherUserPlantedIsNotRolledBackIntoTheDatabase() throws {
        guard Self.canSwitchUser else { return }
        let directory = try Self.sharedDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("memhist.db").path
        #expect(try Self.record(path).status == 0)
        // A "hot journal" would make SQLite copy its pages into the database on the next open.
        let journal = path + "-journal"
        let planted = try Self.plantAsNobody("head -c 8192 /dev/urandom > \(journal)")
        #expect(planted.status == 0, "\(planted.stderr)")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for arguments in [
            ["report", "--db", path], ["record", "--db", path, "--samples", "1", "--pid", String(getpid())],
        ] {
            let run = try TestSupport.memhist(arguments)
            #expect(run.status == 1, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("-journal belongs to another user"), "\(arguments): \(run.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aDatabaseWithASecondNameIsNotRecordedInto() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("one.db").path
        #expect(try Self.record(path).status == 0)
        #expect(link(path, directory.appendingPathComponent("other-name.db").path) == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let run = try Self.record(path)
        #expect(run.status == 1)
        #expect(CommandLineErrorTests.oneLineError(run), "\(run.stderr)")
        #expect(run.stderr.contains("hard links"), "\(run.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try TestSupport.memhist(["report", "--db", path]).status == 0)
    }

    @Test func aDatabaseOthersCanReadIsNotRecordedIntoUntilItIsPrivate() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("loose.db").path
        #expect(try Self.record(path).status == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        chmod(path, 0o644)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let refused = try Self.record(path)
        #expect(refused.status == 1)
        #expect(CommandLineErrorTests.oneLineError(refused), "\(refused.stderr)")
        #expect(refused.stderr.contains("mode 0644") && refused.stderr.contains("chmod 600"), "\(refused.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        // Reading it is fine, and the advice works.
        #expect(try TestSupport.memhist(["report", "--db", path]).status == 0)
        chmod(path, 0o600)
        #expect(try Self.record(path).status == 0)
    }

    @Test func anotherUserReadsASharedDatabaseInAFolderTheyCannotWrite() throws {
        guard Self.canSwitchUser else { return }
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("shared.db").path
        #expect(try Self.record(path).status == 0)
        chmod(directory.path, 0o755)
        chmod(path, 0o644)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let run = try Self.asNobody(["report", "--db", path, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let processes = try #require(try TestSupport.jsonObject(run.stdout)["processes"] as? [[String: Any]])
        #expect(processes.count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["shared.db"])
    }

    @Test func pathsSQLiteWouldReadAsSpecialNamesAreFilesLikeAnyOther() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in [":memory:", "file:x.db?mode=memory", "file::memory:?cache=shared"] {
            let run = try TestSupport.memhist(
                ["record", "--db", name, "--samples", "1", "--quiet", "--pid", String(getpid())], in: directory)
            #expect(run.status == 0, "\(name): \(run.stderr)")
            let report = try TestSupport.memhist(["report", "--db", name, "--format", "json"], in: directory)
            #expect(report.status == 0, "\(name): \(report.stderr)")
        }
        #expect(
            try Set(FileManager.default.contentsOfDirectory(atPath: directory.path))
                == [":memory:", "file:x.db?mode=memory", "file::memory:?cache=shared"])
    }

    @Test func aFullDiskLeavesNoEmptyNewFile() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A file size limit of 0 refuses the first write of the schema, as a full disk does.
        let run = try TestSupport.run(
            "/bin/sh",
            [
                "-c", "ulimit -f 0; exec \"$0\" record --db new.db --samples 1 --quiet --pid \(getpid())",
                TestSupport.memhistPath,
            ], in: directory)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(CommandLineErrorTests.oneLineError(run), "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func twoRecordersStartingOnOneNewFileBothRecord() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for attempt in 0..<10 {
            let path = directory.appendingPathComponent("race\(attempt).db").path
            let results = RunBox()
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                results.set(index, try? Self.record(path))
            }
            for run in results.runs {
                #expect(run?.status == 0, "attempt \(attempt): \(run?.stderr ?? "did not run")")
            }
            let database = try Database(path: path, mode: .readOnly)
            #expect(try database.scalarInt("SELECT count(*) FROM session") == 2)
            #expect(try database.scalarText("PRAGMA integrity_check") == "ok")
        }
    }
}

/// Results filled by concurrent runs.
private final class RunBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var runs: [TestSupport.Run?] = [nil, nil]

    func set(_ index: Int, _ run: TestSupport.Run?) {
        lock.lock()
        runs[index] = run
        lock.unlock()
    }
}
