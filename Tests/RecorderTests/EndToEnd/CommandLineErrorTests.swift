import Foundation
import Testing

@testable import Recorder

@Suite("end to end: errors are one line, exit codes are documented, nothing is lost")
struct CommandLineErrorTests {
    static func oneLineError(_ run: TestSupport.Run) -> Bool {
        let lines = run.stderr.split(separator: "\n")
        return lines.count == 1 && lines[0].hasPrefix("Error: ")
    }

    @Test func aMissingPidIsAnErrorAndCreatesNothing() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try TestSupport.memhist(["record", "--pid", "99999999", "--samples", "1"], in: directory)
        #expect(run.status == 1)
        #expect(Self.oneLineError(run), "\(run.stderr)")
        #expect(run.stderr.contains("99999999"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func anUnknownCommandIsAnErrorAndCreatesNothing() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // As `timeout` does: 127 not found, 126 not executable, 125 memhist's own error.
        let run = try TestSupport.memhist(["record", "--", "no-such-program-memhist"], in: directory)
        #expect(run.status == 127)
        #expect(Self.oneLineError(run), "\(run.stderr)")
        let notExecutable = directory.appendingPathComponent("script.sh").path
        _ = FileManager.default.createFile(atPath: notExecutable, contents: Data("echo hi\n".utf8))
        let refused = try TestSupport.memhist(["record", "--db", "x.db", "--", notExecutable], in: directory)
        #expect(refused.status == 126, "\(refused.stderr)")
        #expect(Self.oneLineError(refused), "\(refused.stderr)")
        let ownError = try TestSupport.memhist(["record", "--interval", "never", "--", "/bin/true"], in: directory)
        #expect(ownError.status == 125, "\(ownError.stderr)")
        let missingPid = try TestSupport.memhist(["record", "--pid", "99999999", "--", "/bin/true"], in: directory)
        #expect(missingPid.status == 125, "\(missingPid.stderr)")
        #expect(Self.oneLineError(missingPid), "\(missingPid.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["script.sh"])
        // The command's own statuses pass through, whatever they are.
        for status in [1, 64, 125] {
            let run = try TestSupport.memhist(
                ["record", "--db", "s.db", "--quiet", "--", "/bin/sh", "-c", "exit \(status)"], in: directory)
            #expect(run.status == Int32(status), "\(run.stderr)")
        }
    }

    @Test func reportOnAMissingFileSaysSoAndCreatesNothing() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try TestSupport.memhist(["report", "--db", "nothing.db"], in: directory)
        #expect(run.status == 1)
        #expect(Self.oneLineError(run), "\(run.stderr)")
        #expect(run.stderr.contains("no database at nothing.db"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("foreign files are refused by record and report", arguments: SchemaTests.Foreign.allCases)
    func foreignDatabase(kind: SchemaTests.Foreign) throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("other.db").path
        _ = try SchemaTests.makeForeign(kind, at: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for arguments in [
            ["report", "--db", path], ["record", "--db", path, "--samples", "1", "--pid", String(getpid())],
        ] {
            let run = try TestSupport.memhist(arguments)
            #expect(run.status == 1)
            #expect(Self.oneLineError(run), "\(run.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test(
        "usage errors exit 64",
        arguments: [
            ["record"], ["record", "--pid", "1", "--interval", "fast"], ["record", "--pid", "0"],
            ["report", "--format", "xml"], ["report", "--metric", "vss"], ["report", "--session", "yesterday"],
            ["snapshot"], ["snapshot", "abc"], ["frobnicate"],
        ])
    func usageErrors(arguments: [String]) throws {
        let run = try TestSupport.memhist(arguments)
        #expect(run.status == 64, "\(arguments): \(run.stderr)")
    }

    @Test(
        "values out of range and values that start with a dash are usage errors that say what is wrong",
        arguments: [
            (["record", "--pid", "1", "--interval", "1e12"], "--interval"),
            (["record", "--pid", "1", "--interval", "300000d"], "--interval"),
            (["record", "--pid", "1", "--duration", "1e12"], "--duration"),
            (["record", "--pid", "1", "--duration", "-1s"], "--duration"),
            (["record", "--bogus"], "Unknown option '--bogus'"),
            (["report", "--since", "-9999999999h"], "--since '-9999999999h'"),
            (["report", "--until", "-1x"], "--until '-1x'"),
        ])
    func valuesOutOfRange(arguments: [String], says: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try TestSupport.memhist(arguments, in: directory)
        #expect(run.status == 64, "\(arguments): \(run.stderr)")
        #expect(run.stderr.hasPrefix("Error: ") && run.stderr.contains(says), "\(arguments): \(run.stderr)")
        #expect(!run.stdout.contains("OVERVIEW"), "\(arguments) printed the help")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func rootIsNotToldToRunAsRoot() {
        let message = CaptureError.permissionDenied(pid: 42, path: "/proc/42/smaps").description
        if geteuid() == 0 {
            #expect(!message.contains("run memhist as"), "\(message)")
            #expect(message.contains("even as root"))
        } else {
            #expect(message.contains("or as root"))
        }
    }

    @Test func snapshotOfAMissingPid() throws {
        let run = try TestSupport.memhist(["snapshot", "99999999"])
        #expect(run.status == 1)
        #expect(Self.oneLineError(run), "\(run.stderr)")
    }

    @Test func anotherUsersProcessIsPermissionDenied() throws {
        // Needs root to switch to an unprivileged user; CI and the dev machines run as root.
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") else { return }
        let target = try TestSupport.start("/bin/sleep", ["3600"])
        defer { kill(target.processIdentifier, SIGKILL) }
        #expect(
            TestSupport.waitUntil {
                (try? String(contentsOfFile: "/proc/\(target.processIdentifier)/cmdline", encoding: .utf8))?.hasPrefix(
                    "/bin/sleep") == true
            })
        let run = try TestSupport.run(
            "/usr/sbin/runuser",
            ["-u", "nobody", "--", TestSupport.memhistPath, "snapshot", String(target.processIdentifier)])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(Self.oneLineError(run), "\(run.stderr)")
        #expect(run.stderr.contains("permission denied"))
    }

    /// A version 2 database (before compact samples) with one process and three samples.
    static func makeVersion2Database(at path: String) throws {
        let old = try TestSupport.privateDatabase(path)
        for migration in Schema.migrations.prefix(2) { try old.execute(migration.sql) }
        try old.execute(TestSupport.oldSessionAndProcessSQL())
        try old.execute(
            """
            INSERT INTO sample (process_id, time_ms, detail, proportional_size)
            VALUES (1, 0, 2, 4096), (1, 1000, 2, 8192), (1, 2000, 2, 12288);
            """)
    }

    @Test func reportUpgradesAnOlderDatabaseOrSaysWhyItCannot() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.db").path
        try Self.makeVersion2Database(at: path)
        if getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") {
            // Another user may read the file but not write it or its directory.
            chmod(directory.path, 0o755)
            chmod(path, 0o644)
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let run = try TestSupport.run(
                "/usr/sbin/runuser", ["-u", "nobody", "--", TestSupport.memhistPath, "report", "--db", path])
            #expect(run.status == 1, "\(run.stderr)")
            #expect(Self.oneLineError(run), "\(run.stderr)")
            #expect(run.stderr.contains("older memhist (schema 2)"), "\(run.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["old.db"])
        }
        let run = try TestSupport.memhist(["report", "--db", path, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let processes = try #require(try TestSupport.jsonObject(run.stdout)["processes"] as? [[String: Any]])
        #expect(processes.first?["samples"] as? Int == 3)
        let upgraded = try Database(path: path, mode: .readOnly)
        #expect(try upgraded.userVersion == Schema.currentVersion)
    }
}
