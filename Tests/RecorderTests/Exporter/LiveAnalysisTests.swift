import Foundation
import Testing

@testable import Recorder

/// The live analysis behind `record --listen`: the report's verdicts, made from the database being
/// recorded, published to the exposition.
@Suite("live analysis")
struct LiveAnalysisTests {
    static let start: Int64 = 1_700_000_000_000

    /// A real store with two processes over 120 ticks: pid 42 grows by 1 MiB a tick, pid 43 holds.
    static func recording(_ path: String) throws -> (sessionID: Int64, captures: [ProcessCapture]) {
        let store = try HistoryStore(path: path, access: .create)
        let session = try store.beginSession(HistoryStoreTests.sessionInfo(startedMs: start))
        let identities = [
            HistoryStoreTests.identity(pid: 42, command: "leaky --serve"),
            HistoryStoreTests.identity(pid: 43, command: "steady --serve"),
        ]
        let rows = try identities.map {
            try store.addProcess(sessionID: session, identity: $0, startedMs: nil, firstSeenMs: start)
        }
        var random = SeededGenerator(seed: 7)
        var last: [ProcessCapture] = []
        for tick in 0..<120 {
            let time = start + Int64(tick) * 1000
            let levels = [
                (100 + tick) << 20 + Int(random.uniform(Double(1 << 18))),
                (100 << 20) + Int(random.uniform(Double(1 << 18))),
            ]
            last = zip(identities, levels).map { identity, level in
                ProcessCapture(
                    identity: identity, timeMs: time, detail: .rollup,
                    memory: MemoryUsage(
                        mapCount: 10, residentSize: level, proportionalSize: level, privateDirtySize: level / 2),
                    regions: nil)
            }
            try store.writeTick(
                sessionID: session, timeMs: time,
                samples: zip(rows, last).map { HistoryStore.TickSample(processID: $0, capture: $1, regionRows: nil) },
                host: HostMemory(total: 8 << 30, available: 4 << 30))
        }
        return (session, last)
    }

    @Test func thePassJudgesEachLiveProcessAsTheReportDoes() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("live.db").path
        let (session, captures) = try Self.recording(path)
        let exposition = LiveExposition(regionLimit: 3, databasePath: path)
        var tick = RecordedTick(
            timeMs: Self.start + 119_000, captures: captures, host: nil, ticks: 120, samples: 240)
        tick.sessionID = session
        tick.cpuNs = 1_000_000_000
        exposition.update(tick)
        let analysis = LiveAnalysis(databasePath: path, metric: .pss, exposition: exposition)
        analysis.noteTick(tick)
        analysis.wait()
        #expect(analysis.takeFailure() == nil)
        let text = exposition.scrape(.text)
        #expect(text.contains(#"pid="42",command="leaky --serve",verdict="growing"} 1"#), "\(text)")
        #expect(text.contains(#"pid="43",command="steady --serve",verdict="stable"} 1"#), "\(text)")
        // 1 MiB a second.
        let rateLine = try #require(
            text.split(separator: "\n").first {
                $0.hasPrefix("memhist_process_growth_rate_bytes_per_second{pid=\"42\"")
            })
        let rate = try #require(Double(rateLine.split(separator: " ").last ?? ""))
        #expect(abs(rate - 1_048_576) < 50_000, "\(rateLine)")
        #expect(
            text.contains(#"memhist_process_forecast_seconds{pid="42",command="leaky --serve",limit="host_available"}"#)
        )
        #expect(!text.contains(#"memhist_process_forecast_seconds{pid="43""#))
        #expect(text.contains("memhist_analyses_total 1\n"))
        // The report agrees.
        let reports = try ReportBuilder(store: HistoryStore(path: path, access: .readOnly)).build(.latest)
        #expect(reports.map(\.trend.verdict) == [.growing, .stable])
    }

    @Test func aPassWaitsUntilTheTicksHaveEarnedWhatItIsExpectedToCost() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("live.db").path
        let (session, captures) = try Self.recording(path)
        let exposition = LiveExposition(regionLimit: 3, databasePath: path)
        var tick = RecordedTick(timeMs: Self.start, captures: captures, host: nil, ticks: 120, samples: 240)
        tick.sessionID = session
        exposition.update(tick)
        let analysis = LiveAnalysis(databasePath: path, metric: .pss, exposition: exposition)
        // The first pass is expected to cost what a report of 2 processes and 240 samples does; the
        // ticks earn 3% of their CPU time. Ticks that earn a little less than that start nothing.
        let expectedNs = LiveAnalysis.firstPassEstimateNs(processes: 2, samples: 240)
        let ticksNeeded = 10
        tick.cpuNs = UInt64(expectedNs / LiveAnalysis.share / Double(ticksNeeded))
        for _ in 0..<(ticksNeeded - 1) {
            analysis.noteTick(tick)
            analysis.wait()
        }
        #expect(!exposition.scrape(.text).contains("memhist_analyses_total"))
        tick.cpuNs += 1_000
        analysis.noteTick(tick)
        analysis.wait()
        #expect(exposition.scrape(.text).contains("memhist_analyses_total 1\n"))
        // A tick that earns what the pass cost (3% of 1,000 s covers any pass here) starts another.
        tick.cpuNs = 1_000_000_000_000
        analysis.noteTick(tick)
        analysis.wait()
        #expect(exposition.scrape(.text).contains("memhist_analyses_total 2\n"))
    }
}
