import CSQLite
import Foundation
import Testing

@testable import Recorder

@Suite("SQLite wrapper")
struct DatabaseTests {
    @Test func errorsCarryTheExtendedCodeTheMessageAndTheSQL() throws {
        let database = try Database.inMemory()
        let error = try #require(throws: SQLiteError.self) { try database.execute("SELECT * FROM nowhere") }
        #expect(error.code == SQLITE_ERROR)
        #expect(error.message.contains("no such table: nowhere"))
        #expect(error.sql == "SELECT * FROM nowhere")
        #expect(error.description.contains("no such table"))
    }

    @Test func constraintViolationsReportTheExtendedCode() throws {
        let database = try Database.inMemory()
        try database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)")
        let insert = try database.prepare("INSERT INTO t (name) VALUES (?)")
        try insert.run(["a"])
        let unique = try #require(throws: SQLiteError.self) { try insert.run(["a"]) }
        #expect(unique.extendedCode == 2067)  // SQLITE_CONSTRAINT_UNIQUE
        #expect(unique.sql == "INSERT INTO t (name) VALUES (?)")
        let notNull = try #require(throws: SQLiteError.self) { try insert.run([nil]) }
        #expect(notNull.extendedCode == 1299)  // SQLITE_CONSTRAINT_NOTNULL
    }

    @Test func preparingBadSQLFails() throws {
        let database = try Database.inMemory()
        let error = try #require(throws: SQLiteError.self) { try database.prepare("SELEC 1") }
        #expect(error.message.contains("syntax error"))
    }

    @Test func aTransactionRollsBackWhenItsBodyThrows() throws {
        struct Boom: Error, Equatable {}
        let database = try Database.inMemory()
        try database.execute("CREATE TABLE t (x INTEGER)")
        #expect(throws: Boom()) {
            try database.inTransaction {
                try database.execute("INSERT INTO t VALUES (1)")
                throw Boom()
            }
        }
        #expect(try database.scalarInt("SELECT count(*) FROM t") == 0)
        #expect(!database.isInTransaction)
        try database.inTransaction { try database.execute("INSERT INTO t VALUES (2)") }
        #expect(try database.scalarInt("SELECT sum(x) FROM t") == 2)
    }

    @Test func aTransactionRollsBackWhenAStatementFails() throws {
        let database = try Database.inMemory()
        try database.execute("CREATE TABLE t (x INTEGER NOT NULL)")
        #expect(throws: SQLiteError.self) {
            try database.inTransaction {
                try database.execute("INSERT INTO t VALUES (1)")
                try database.execute("INSERT INTO t VALUES (NULL)")
            }
        }
        #expect(try database.scalarInt("SELECT count(*) FROM t") == 0)
    }

    @Test func valuesRoundTrip() throws {
        let database = try Database.inMemory()
        try database.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n)")
        try database.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)")
            .run([.integer(Int64.max), .real(0.5), .text("é ☃ \u{0}x"), .blob([0, 1, 255]), .null])
        let rows = try database.prepare("SELECT i, r, s, n, length(b) FROM t").rows { row in
            (row.int64(0), row.double(1), row.text(2), row.isNull(3), row.int(4))
        }
        #expect(rows.count == 1)
        #expect(rows[0].0 == Int64.max)
        #expect(rows[0].1 == 0.5)
        #expect(rows[0].2 == "é ☃ \u{0}x")
        #expect(rows[0].3)
        #expect(rows[0].4 == 3)
    }

    @Test func openingAMissingFileWithoutCreateFails() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("none.db").path
        #expect(throws: SQLiteError.self) { try Database(path: path, mode: .readWrite) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func walIsOnAndReadBack() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try Database(path: directory.appendingPathComponent("w.db").path, mode: .create)
        try database.enableWriteAheadLog()
        #expect(try database.scalarText("PRAGMA journal_mode") == "wal")
        #expect(try database.scalarInt("PRAGMA synchronous") == 1)  // NORMAL
        #expect(try database.scalarInt("PRAGMA foreign_keys") == 1)
    }
}
