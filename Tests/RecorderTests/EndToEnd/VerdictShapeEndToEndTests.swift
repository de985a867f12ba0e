import Foundation
import Testing

@testable import Recorder

/// Real processes whose memory rises and then holds: `levelled_off` wherever in the window the
/// rise ends, not only in its first tenth.
@Suite("end to end: a rise then a plateau is levelled off wherever the rise ends", .serialized)
struct VerdictShapeEndToEndTests {
    /// Records `memhist workload plateau` with `workload` arguments under `record` options at 100 ms, and
    /// returns its process from `report --format json` (with `report` options).
    static func recordPlateau(record: [String], workload: [String], report: [String] = []) throws -> [String: Any] {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("plateau.db").path
        // memhist records the command until it exits; a loaded machine takes fewer samples of the
        // same shape.
        let recorded = try TestSupport.memhist(
            ["record", "--db", db, "--interval", "100ms", "--quiet"] + record
                + ["--", TestSupport.memhistPath, "workload", "plateau"] + workload)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let reported = try TestSupport.memhist(["report", "--db", db, "--format", "json"] + report)
        #expect(reported.status == 0, "\(reported.stderr)")
        let processes = try #require(try TestSupport.jsonObject(reported.stdout)["processes"] as? [[String: Any]])
        return try #require(processes.first)
    }

    @Test(arguments: [20, 30, 45])
    func aRiseEndingAtThisShareOfTheWindowLevelsOff(risePercent: Int) throws {
        let plateau = try Self.recordPlateau(
            record: ["--budget", "off"],
            workload: ["--rate", "24MiB", "--rise-percent", String(risePercent), "--duration", "10s"],
            report: ["--metric", "uss"])
        #expect(plateau["verdict"] as? String == "levelled_off", "\(plateau["reason"] ?? "")")
        #expect((plateau["growth_bytes"] as? NSNumber)?.doubleValue ?? 0 > 20 * 1_048_576)
    }

    @Test func aPlateauWhoseSmapsIsCostlyIsJudgedOnTheResidentSize() throws {
        // 30,000 one-page mappings make every page walk costly; under a budget of 0.1% of wall time PSS is
        // read on a few ticks only, while status gives RSS on every tick (fault 2 of the verdict issue).
        let plateau = try Self.recordPlateau(
            record: ["--budget", "0.1%"],
            workload: ["--rate", "24MiB", "--rise-percent", "30", "--duration", "10s", "--extra-mappings", "30000"])
        let samples = try #require((plateau["samples"] as? NSNumber)?.intValue)
        let measured = try #require((plateau["measured_samples"] as? NSNumber)?.intValue)
        #expect(measured * 4 < samples, "PSS on \(measured) of \(samples) ticks")
        #expect(plateau["judged_on"] as? String == "rss")
        #expect(plateau["verdict"] as? String == "levelled_off", "\(plateau["reason"] ?? "")")
        #expect((plateau["reason"] as? String)?.hasPrefix("judged on RSS, which every tick measured") == true)
    }

    @Test func aPlateauWhosePageWalksGrowCostlyAsItGrowsLevelsOff() throws {
        // Its memory taken as one-page mappings, the process costs more to walk as it grows: the budget reads
        // its PSS on most ticks while it is small and on few once it is large (fault 3 of the verdict issue).
        // Judged on PSS or, when that is too sparse, on RSS, the plateau has levelled off.
        let plateau = try Self.recordPlateau(
            record: [], workload: ["--rate", "16MiB", "--rise-percent", "30", "--duration", "10s", "--split-pages"])
        let samples = try #require((plateau["samples"] as? NSNumber)?.intValue)
        let measured = try #require((plateau["measured_samples"] as? NSNumber)?.intValue)
        #expect(measured < samples, "the budget skipped no page walk")
        #expect(plateau["verdict"] as? String == "levelled_off", "\(plateau["reason"] ?? "")")
        #expect((plateau["growth_bytes"] as? NSNumber)?.doubleValue ?? 0 > 40 * 1_048_576)
    }
}
