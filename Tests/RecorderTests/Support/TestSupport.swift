import Foundation
import Testing

@testable import Recorder

/// Data filled on another thread and read after a DispatchGroup wait.
final class DataBox: @unchecked Sendable {
    var data = Data()
}

/// Fixtures, temporary directories and the built binary, for the tests.
enum TestSupport {
    /// The text of a fixture file under Fixtures/`folder`.
    /// SQL that stores session 1 and its process 1 (pid 42, `x --y`) in a database made with
    /// an older schema, for migration tests.
    static func oldSessionAndProcessSQL(regionsMode: String = "grouped") -> String {
        """
        INSERT INTO session (id, started_ms, host, kernel, page_size, clock_ticks, interval_ms, selection,
                             regions_mode, regions_every, memhist_version)
        VALUES (1, 0, 'h', 'k', 4096, 100, 1000, '--pid 42', '\(regionsMode)', 10, '0.1.0');
        INSERT INTO process (id, session_id, pid, start_ticks, name, command, first_seen_ms, last_seen_ms)
        VALUES (1, 1, 42, 7, 'x', 'x --y', 0, 2000);
        """
    }

    /// Counts what breaks a whole tick in a database: region rows whose sample is missing or
    /// did not read regions, and processes whose first region capture stored no region rows.
    static let regionRowsOutsideTheirTick = """
        SELECT (SELECT count(*) FROM region_sample r LEFT JOIN sample s USING (process_id, time_ms)
                WHERE s.detail IS NOT 3)
             + (SELECT count(*) FROM sample s
                WHERE s.detail = 3
                  AND s.time_ms = (SELECT min(x.time_ms) FROM sample x WHERE x.process_id = s.process_id AND x.detail = 3)
                  AND NOT EXISTS (SELECT 1 FROM region_sample r WHERE r.process_id = s.process_id AND r.time_ms = s.time_ms))
        """

    static func fixture(_ folder: String, _ name: String) throws -> String {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/\(folder)"),
            "missing fixture \(folder)/\(name)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The names of the fixture files in Fixtures/`folder` ending in .txt, sorted.
    static func fixtureNames(_ folder: String) -> [String] {
        guard let url = Bundle.module.url(forResource: "Fixtures/\(folder)", withExtension: nil),
            let names = try? FileManager.default.contentsOfDirectory(atPath: url.path)
        else { return [] }
        return names.filter { $0.hasSuffix(".txt") }.sorted()
    }

    /// A new SQLite file at `path`, private to this user as memhist requires of files it writes.
    static func privateDatabase(_ path: String) throws -> Database {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        try #require(fd >= 0, "cannot create \(path)")
        close(fd)
        return try Database(path: path, mode: .readWrite)
    }

    /// A new empty directory that the caller owns.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("memhist-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The path of the built `memhist` executable, beside the test bundle.
    static var memhistPath: String {
        let exe =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // The test binary is .build/<config>/memhistPackageTests.xctest (a file on Linux).
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("memhist").path),
            directory.path != "/"
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("memhist").path
    }

    /// The result of running a command.
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `memhist` with `arguments` and waits for it.
    static func memhist(_ arguments: [String], in directory: URL? = nil) throws -> Run {
        try run(memhistPath, arguments, in: directory)
    }

    /// Runs `program` with `arguments` and waits for it, collecting its output.
    static func run(_ program: String, _ arguments: [String], in directory: URL? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes to the end before waiting, so a full pipe cannot block the child.
        let errors = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errors.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let errData = errors.data
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Starts `program` in the background; the caller terminates it.
    static func start(_ program: String, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The state of `pid` (the field after the name in /proc/PID/stat: S sleeping, T stopped, Z
    /// zombie…), nil when it cannot be read.
    static func state(of pid: Int32) -> Substring? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ").first
    }

    /// Parses JSON text into a dictionary.
    static func jsonObject(_ text: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [String: Any], "not a JSON object: \(text.prefix(200))")
    }

    /// Waits until `condition` holds, polling every 20 ms, for at most `seconds`: a bound for a
    /// hang, far above what a loaded machine takes, never a measure of speed.
    static func waitUntil(seconds: Double = 300, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}
