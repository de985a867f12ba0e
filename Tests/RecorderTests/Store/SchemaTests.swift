import Foundation
import Testing

@testable import Recorder

@Suite("schema: drift, creation, refusal of foreign files")
struct SchemaTests {
    /// The repository's schema/ folder, found from this source file.
    static var schemaFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("schema")
    }

    @Test func theBinaryAppliesExactlyTheSQLInSchemaFolder() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.schemaFolder.path)
            .filter { $0.hasSuffix(".sql") && $0.first?.isNumber == true }.sorted()
        #expect(files == Schema.migrations.map(\.file), "run scripts/embed-schema after changing schema/")
        for (file, sql) in Schema.migrations {
            let text = try String(contentsOf: Self.schemaFolder.appendingPathComponent(file), encoding: .utf8)
            #expect(text == sql + "\n", "schema/\(file) differs from the binary's copy: run scripts/embed-schema")
        }
    }

    @Test func aNewDatabaseHasTheSchemaModeAndMarks() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("new.db").path
        let store = try HistoryStore(path: path, access: .create)
        #expect(try store.database.userVersion == Schema.currentVersion)
        #expect(try store.database.applicationID == Schema.applicationID)
        #expect(try store.database.scalarText("PRAGMA journal_mode") == "wal")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        for table in ["session", "process", "sample", "region", "region_sample", "host_sample"] {
            #expect(
                try store.database.scalarInt(
                    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", [.text(table)]) == 1)
        }
        for view in [
            "session_overview", "process_overview", "sample_mib", "region_sample_mib", "region_latest", "host_mib",
        ] {
            #expect(
                try store.database.scalarInt(
                    "SELECT count(*) FROM sqlite_schema WHERE type = 'view' AND name = ?", [.text(view)]) == 1)
            // Every view runs.
            _ = try store.database.prepare("SELECT * FROM \(view)").rows { _ in 0 }
        }
    }

    @Test func reopeningAMemhistDatabaseKeepsItsData() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("again.db").path
        do {
            let store = try HistoryStore(path: path, access: .create)
            _ = try store.beginSession(HistoryStoreTests.sessionInfo())
        }
        let store = try HistoryStore(path: path, access: .create)
        #expect(try store.sessions().count == 1)
        let reader = try HistoryStore(path: path, access: .readOnly)
        #expect(try reader.sessions().count == 1)
    }

    @Test func anEmptyFileBecomesADatabase() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("empty.db").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(), attributes: [.posixPermissions: 0o600])
        #expect(throws: StoreError.noRecordings(path: path, detail: "no recordings (the file is empty)")) {
            try HistoryStore(path: path, access: .readOnly)
        }
        let store = try HistoryStore(path: path, access: .create)
        #expect(try store.database.userVersion == Schema.currentVersion)
    }

    @Test func anEmptySQLiteFileIsReadAsNoRecordingsAndLeftUntouched() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("blank.db").path
        do {
            let blank = try TestSupport.privateDatabase(path)
            try blank.execute("VACUUM")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(!before.isEmpty)
        #expect(
            throws: StoreError.noRecordings(
                path: path, detail: "no recordings (an SQLite file without memhist's tables)")
        ) { try HistoryStore(path: path, access: .readOnly) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["blank.db"])
        // A recorder makes it a memhist database.
        let store = try HistoryStore(path: path, access: .create)
        #expect(try store.database.userVersion == Schema.currentVersion)
    }

    /// Files that are not memhist's, and the error each must get.
    enum Foreign: String, CaseIterable {
        case text, randomBytes, otherApplication, otherApplicationWithID, newerMemhist, shortFile
    }

    static func makeForeign(_ kind: Foreign, at path: String) throws -> StoreError {
        switch kind {
        case .text:
            try "name,value\nx,1\n".write(toFile: path, atomically: false, encoding: .utf8)
            return .notSQLite(path: path)
        case .randomBytes:
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            return .notSQLite(path: path)
        case .shortFile:
            _ = FileManager.default.createFile(atPath: path, contents: Data("SQLite format 3".utf8))
            return .notSQLite(path: path)
        case .otherApplication:
            let other = try Database(path: path, mode: .create)
            try other.execute("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('ada')")
            return .foreignDatabase(path: path)
        case .otherApplicationWithID:
            let other = try Database(path: path, mode: .create)
            try other.execute("PRAGMA application_id = 1234; PRAGMA user_version = 1; CREATE TABLE session (x)")
            return .foreignDatabase(path: path)
        case .newerMemhist:
            let newer = try Database(path: path, mode: .create)
            try newer.execute(
                "PRAGMA application_id = \(Schema.applicationID); PRAGMA user_version = \(Schema.currentVersion + 1); CREATE TABLE future (x)"
            )
            return .newerVersion(path: path, found: Schema.currentVersion + 1, supported: Schema.currentVersion)
        }
    }

    @Test("foreign files are refused and left byte for byte untouched", arguments: Foreign.allCases)
    func foreignFilesAreRefused(kind: Foreign) throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("foreign.db").path
        let expected = try Self.makeForeign(kind, at: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let listingBefore = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        for access in [HistoryStore.Access.create, .existing, .readOnly] {
            #expect(throws: expected) { try HistoryStore(path: path, access: access) }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == listingBefore)
        #expect(expected.description.split(separator: "\n").count == 1)
    }

    @Test func aMissingFileIsNotCreatedForReading() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("missing.db").path
        #expect(throws: StoreError.notFound(path: path)) { try HistoryStore(path: path, access: .readOnly) }
        #expect(throws: StoreError.notFound(path: path)) { try HistoryStore(path: path, access: .existing) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aDirectoryIsRefused() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: StoreError.notAFile(path: directory.path, kind: "a directory")) {
            try HistoryStore(path: directory.path, access: .create)
        }
    }
}
