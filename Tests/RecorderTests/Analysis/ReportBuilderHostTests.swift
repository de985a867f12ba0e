import Foundation
import Testing

@testable import Recorder

@Suite("report builder: sessions chosen among those of some hosts")
struct ReportBuilderHostTests {
    @Test func hostsRestrictTheSessionsBeforeLatestAllOrAnID() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try HistoryStore(path: directory.appendingPathComponent("h.db").path, access: .create)
        for (index, host) in ["web1", "web2", "web1", "db1"].enumerated() {
            var info = HistoryStoreTests.sessionInfo(startedMs: 1_700_000_000_000 + Int64(index) * 60_000)
            info.host = host
            _ = try store.beginSession(info)
        }
        var builder = ReportBuilder(store: store)
        #expect(try builder.sessionIDs(.latest) == [4])
        builder.hosts = ["web1"]
        #expect(try builder.sessionIDs(.latest) == [3])
        #expect(try builder.sessionIDs(.all) == [1, 3])
        #expect(try builder.sessionIDs(.id(1)) == [1])
        #expect(throws: StoreError.noRecordings(path: store.path, detail: "no session 2 on host web1 (sessions: 1, 3)"))
        {
            try builder.sessionIDs(.id(2))
        }
        builder.hosts = ["web2", "db1"]
        #expect(try builder.sessionIDs(.all) == [2, 4])
        builder.hosts = ["cache9"]
        #expect(
            throws: StoreError.noRecordings(
                path: store.path, detail: "no session recorded on host cache9 (hosts: web1, web2, db1)")
        ) { try builder.sessionIDs(.latest) }
    }
}
