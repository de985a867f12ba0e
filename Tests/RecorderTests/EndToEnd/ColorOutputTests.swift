import Foundation
import Testing

@testable import Recorder

/// `--color`: verdicts coloured in the table only when asked or on a terminal; never in machine formats.
@Suite("colour in the table")
struct ColorOutputTests {
    /// A store with one growing process (1 MiB a second over a minute).
    static func growingDatabase(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("c.db").path
        let store = try HistoryStore(path: path, access: .create)
        let session = try store.beginSession(HistoryStoreTests.sessionInfo())
        let process = try store.addProcess(
            sessionID: session, identity: HistoryStoreTests.identity(), startedMs: nil, firstSeenMs: 1_700_000_000_000)
        for tick in 0..<60 {
            let time = 1_700_000_000_000 + Int64(tick) * 1000
            try store.writeTick(
                sessionID: session, timeMs: time,
                samples: [
                    .init(
                        processID: process,
                        capture: HistoryStoreTests.capture(timeMs: time, pss: (100 + tick) << 20), regionRows: nil)
                ], host: nil)
        }
        try store.endSession(id: session, endedMs: 1_700_000_060_000, reason: "duration")
        return path
    }

    @Test func alwaysColoursTheVerdictNeverAndPipesDoNot() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try Self.growingDatabase(in: directory)
        let always = try TestSupport.memhist(["report", "--db", db, "--color", "always"])
        #expect(always.status == 0, "\(always.stderr)")
        #expect(always.stdout.contains("\u{1B}[31mgrowing ("))
        let plain = try TestSupport.memhist(["report", "--db", db])
        #expect(!plain.stdout.contains("\u{1B}"))
        // Without the escapes the coloured table is the plain one: colour takes no column width.
        #expect(
            always.stdout.replacingOccurrences(of: "\u{1B}[31m", with: "").replacingOccurrences(
                of: "\u{1B}[0m", with: "") == plain.stdout)
        #expect(!(try TestSupport.memhist(["report", "--db", db, "--color", "never"]).stdout.contains("\u{1B}")))
        for format in ["json", "csv", "markdown"] {
            let machine = try TestSupport.memhist(["report", "--db", db, "--color", "always", "--format", format])
            #expect(!machine.stdout.contains("\u{1B}"), "\(format)")
        }
        let sessions = try TestSupport.memhist(["sessions", "--db", db, "--color", "always"])
        #expect(sessions.status == 0)
        #expect(!sessions.stdout.contains("\u{1B}"))  // an ended session has no colour
        #expect(try TestSupport.memhist(["report", "--db", db, "--color", "sometimes"]).status == 64)
    }

    @Test func styledCellsKeepTheirColumns() {
        var table = TextTable([("A", .left), ("B", .right), ("C", .left)])
        table.add(["x", "1", "stable"], styles: [nil, nil, .green])
        table.add(["longer", "22", "growing"], styles: [.red])
        let lines = table.render().split(separator: "\n").map(String.init)
        #expect(lines[1] == "x        1  \u{1B}[32mstable\u{1B}[0m")
        #expect(lines[2] == "\u{1B}[31mlonger\u{1B}[0m  22  growing")
    }
}
