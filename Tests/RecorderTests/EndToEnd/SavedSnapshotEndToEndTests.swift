import Foundation
import Testing

@testable import Recorder

@Suite("end to end: snapshot of saved vmmap and smaps text")
struct SavedSnapshotEndToEndTests {
    static func fixturePath(_ folder: String, _ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/\(folder)")).path
    }

    @Test func vmmapFileGivesTheReferenceTotalsAsJSON() throws {
        // Totals of fixture 05 by the reference implementation's own regex and accounting (run in
        // Ruby over the file, see VmmapParserTests).
        let path = try Self.fixturePath("vmmap", "05-format2.4-macos10.13.6-go-wide.txt")
        let run = try TestSupport.memhist(["snapshot", "--vmmap", path, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try TestSupport.jsonObject(run.stdout)
        let memory = try #require(object["memory"] as? [String: Int])
        #expect(memory["map_count"] == 47)
        #expect(memory["resident_size"] == 17_698_816)
        #expect(memory["proportional_size"] == 17_698_816)
        #expect(memory["shared_clean_size"] == 4_915_200)
        #expect(memory["shared_dirty_size"] == 933_888)
        #expect(memory["private_clean_size"] == 2_355_200)
        #expect(memory["private_dirty_size"] == 9_494_528)
        #expect(memory["anonymous_size"] == 12_451_840)
        #expect(memory["swap_size"] == 0)
        #expect(memory["private_size"] == 2_355_200 + 9_494_528)
        #expect((object["regions"] as? [[String: Any]])?.isEmpty == false)

        let shared = try TestSupport.memhist(["snapshot", "--vmmap", path, "--count", "3", "--format", "json"])
        let divided = try #require(try TestSupport.jsonObject(shared.stdout)["memory"] as? [String: Int])
        #expect(divided["proportional_size"] == 17_698_816 / 3)
        #expect(divided["resident_size"] == 17_698_816)

        let table = try TestSupport.memhist(["snapshot", "--vmmap", path])
        #expect(table.status == 0)
        #expect(table.stdout.contains("proportional (PSS)"))
    }

    @Test(
        "old vmmap formats are refused naming the format",
        arguments: [
            ("01-format2.0-macosx-ppc-git-fast-import-mailwrapped.txt", "2.0"),
            ("02-format2.2-osx-python-default-elided.txt", "2.2"),
            ("04-format2.3-osx10.10.5-ocspd-snipped.txt", "2.3"),
        ])
    func oldFormats(name: String, format: String) throws {
        let run = try TestSupport.memhist(["snapshot", "--vmmap", try Self.fixturePath("vmmap", name)])
        #expect(run.status == 1)
        #expect(CommandLineErrorTests.oneLineError(run), "\(run.stderr)")
        #expect(run.stderr.contains(format))
    }

    @Test(
        "text without region lines is an error, not an empty capture",
        arguments: [
            ("vmmap", "14-summary-only-greptimedb-coremedia-swapped-excerpt.txt"),
            ("vmmap", "17-header-macos26.4-debugserver-physfootprint-elided.txt"),
        ])
    func noRegions(folder: String, name: String) throws {
        let run = try TestSupport.memhist(["snapshot", "--vmmap", try Self.fixturePath(folder, name)])
        #expect(run.status == 1)
        #expect(CommandLineErrorTests.oneLineError(run), "\(run.stderr)")
        #expect(run.stderr.contains("no memory regions found"))
    }

    @Test func emptyAndWrongFilesAreErrors() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = directory.appendingPathComponent("empty.txt").path
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        for option in ["--vmmap", "--smaps"] {
            let run = try TestSupport.memhist(["snapshot", option, empty])
            #expect(run.status == 1)
            #expect(run.stderr.contains("no memory regions found"), "\(run.stderr)")
        }
        // An smaps file handed to --vmmap has no vmmap region line.
        let smaps = try Self.fixturePath("smaps", "06-linux6.x-2025-uutils-zsh-pss_dirty-ksm-excerpt.txt")
        let wrong = try TestSupport.memhist(["snapshot", "--vmmap", smaps])
        #expect(wrong.status == 1)
        let missing = try TestSupport.memhist(["snapshot", "--smaps", directory.appendingPathComponent("nope").path])
        #expect(missing.status == 1)
        #expect(CommandLineErrorTests.oneLineError(missing))
        let both = try TestSupport.memhist(["snapshot", "1", "--smaps", smaps])
        #expect(both.status == 64)
    }

    @Test func smapsFileSumsItsMappings() throws {
        let path = try Self.fixturePath("smaps", "02-linux4.8to4.11-2017-openresty-dev-zero-deleted-shared.txt")
        let regions = try SmapsParser.parse(
            try TestSupport.fixture("smaps", "02-linux4.8to4.11-2017-openresty-dev-zero-deleted-shared.txt"))
        let run = try TestSupport.memhist(["snapshot", "--smaps", path, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let memory = try #require(try TestSupport.jsonObject(run.stdout)["memory"] as? [String: Int])
        #expect(memory["map_count"] == regions.count)
        #expect(memory["resident_size"] == regions.reduce(0) { $0 + $1.sizes.resident })
        #expect(memory["proportional_size"] == regions.reduce(0) { $0 + $1.sizes.proportional })
    }

    @Test func processLineOfAVmmapHeader() {
        #expect(
            SavedCaptureReader.processLine(in: "Process:         Code Helper (Plugin) [53753]\nPath: x\n")! == (
                "Code Helper (Plugin)", 53753
            ))
        #expect(SavedCaptureReader.processLine(in: "    Process:  a.out [8964]\n")! == ("a.out", 8964))
        #expect(SavedCaptureReader.processLine(in: "no header here") == nil)
    }
}
