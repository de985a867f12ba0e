import Foundation
import Testing

@testable import Recorder

/// Databases with one flipped bit: memhist must never record into one that is damaged, must say
/// so in one line, and must leave it byte for byte as it was.
@Suite("end to end: damaged databases are not written into")
struct DamagedDatabaseTests {
    /// Whether the file at `path` is whole: its pages pass integrity_check and its tables are
    /// memhist's schema (read as an immutable file, so nothing is written while judging).
    static func isWhole(_ path: String) -> Bool {
        guard let database = try? Database(path: path, mode: .readOnly, immutable: true),
            (try? database.scalarText("PRAGMA integrity_check")) == "ok",
            let version = try? database.userVersion, version == Schema.currentVersion,
            let shape = try? Schema.shape(of: database), let expected = try? Schema.expectedShape(version: version)
        else { return false }
        return shape.difference(from: expected) == nil
    }

    static func record(_ db: String) throws -> TestSupport.Run {
        try TestSupport.memhist([
            "record", "--db", db, "--samples", "2", "--interval", "20ms", "--quiet", "--pid", String(getpid()),
        ])
    }

    @Test func oneFlippedBitIsRefusedOrHarmlessNeverWrittenInto() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = directory.appendingPathComponent("base.db").path
        let made = try TestSupport.memhist([
            "record", "--db", base, "--samples", "6", "--interval", "20ms", "--regions-every", "1", "--quiet",
            "--pid", String(getpid()),
        ])
        #expect(made.status == 0, "\(made.stderr)")
        let original = try Data(contentsOf: URL(fileURLWithPath: base))
        var generator = SeededGenerator(seed: 2026)
        var damaged = 0
        for round in 0..<40 {
            var bytes = original
            let offset = Int(generator.next() % UInt64(bytes.count))
            bytes[offset] ^= UInt8(1) << UInt8(generator.next() % 8)
            let path = directory.appendingPathComponent("flip\(round).db").path
            #expect(
                FileManager.default.createFile(atPath: path, contents: bytes, attributes: [.posixPermissions: 0o600]))
            let whole = Self.isWhole(path)
            let run = try Self.record(path)
            let after = try Data(contentsOf: URL(fileURLWithPath: path))
            if whole {
                if run.status == 0 {
                    #expect(Self.isWhole(path), "round \(round) (offset \(offset)): recording damaged a whole file")
                } else {
                    #expect(CommandLineErrorTests.oneLineError(run), "round \(round): \(run.stderr)")
                    #expect(after == bytes, "round \(round): a refused file was changed")
                }
            } else {
                damaged += 1
                #expect(run.status == 1, "round \(round) (offset \(offset)): recorded into a damaged file")
                #expect(CommandLineErrorTests.oneLineError(run), "round \(round): \(run.stderr)")
                #expect(!run.stderr.contains("SQLite error"), "round \(round): \(run.stderr)")
                #expect(after == bytes, "round \(round) (offset \(offset)): the damaged file was changed")
                let check = try TestSupport.memhist(["check", "--db", path])
                #expect(check.status == 1, "round \(round): check called it whole: \(check.stdout)")
            }
            // Reading never traps and says at most one line.
            let report = try TestSupport.memhist(["report", "--db", path, "--format", "json"])
            #expect(
                report.status == 0 || CommandLineErrorTests.oneLineError(report), "round \(round): \(report.stderr)")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasPrefix("flip\(round).db-") }
            #expect(leftovers.isEmpty || whole, "round \(round): left \(leftovers)")
        }
        #expect(damaged >= 5, "only \(damaged) of 40 flips damaged the file: the test needs a larger sample")
    }

    @Test func aSchemaChangedInPlaceIsRefusedBeforeAnyWrite() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("schema.db").path
        #expect(try Self.record(path).status == 0)
        do {
            // Rename a column the way a flipped bit in the schema text would.
            let database = try Database(path: path, mode: .readWrite)
            try database.execute("PRAGMA writable_schema = ON")
            try database.execute(
                "UPDATE sqlite_schema SET sql = replace(sql, 'rss_anon', 'rss_anom') WHERE name = 'sample'")
            try database.execute("PRAGMA writable_schema = OFF")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let run = try Self.record(path)
        #expect(run.status == 1)
        #expect(CommandLineErrorTests.oneLineError(run), "\(run.stderr)")
        #expect(run.stderr.contains("damaged") && run.stderr.contains("rss_anom"), "\(run.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let check = try TestSupport.memhist(["check", "--db", path])
        #expect(check.status == 1)
        #expect(check.stdout.contains("schema"), "\(check.stdout)")
    }
}
