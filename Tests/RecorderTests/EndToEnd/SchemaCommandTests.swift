import Foundation
import Testing

@testable import Recorder

/// `memhist schema`: the guide names every table and view, and its SQL makes exactly memhist's schema.
@Suite("schema command")
struct SchemaCommandTests {
    @Test func theGuideNamesEveryTableAndViewAndTheSQLMakesTheSchema() throws {
        let run = try TestSupport.memhist(["schema"])
        #expect(run.status == 0, "\(run.stderr)")
        let database = try Database.inMemory()
        for migration in Schema.migrations { try database.execute(migration.sql) }
        let names = try database.prepare(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
        ).rows { $0.text(0) ?? "" }
        #expect(names.count >= 14)
        let marker = "-- memhist schema version \(Schema.currentVersion)\n"
        let parts = run.stdout.components(separatedBy: marker)
        #expect(parts.count == 2)
        let (guide, sql) = (parts[0], parts.last ?? "")
        for name in names {
            #expect(guide.contains("  \(name) "), "the guide does not name \(name)")
        }
        // The SQL printed makes the same tables, columns, indexes and views as the migrations.
        let made = try Database.inMemory()
        try made.execute(sql)
        #expect(try Schema.shape(of: made).difference(from: Schema.shape(of: database)) == nil)
    }
}
