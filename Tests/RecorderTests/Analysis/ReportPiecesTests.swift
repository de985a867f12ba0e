import Foundation
import Testing

@testable import Recorder

@Suite("time bounds, forecast, comparison, sparkline")
struct ReportPiecesTests {
    @Test func timeBounds() throws {
        #expect(TimeBound("-2h") == .beforeEnd(7_200_000))
        let back = try #require(TimeBound("-30m")).resolve(endMs: 10_000_000)
        #expect(back == Int64(8_200_000))
        #expect(TimeBound("2026-11-25T09:00:00Z") == .absolute(1_795_597_200_000))
        #expect(TimeBound("2026-11-25T10:00:00+01:00") == .absolute(1_795_597_200_000))
        #expect(TimeBound("2026-11-25T09:00:00.500Z") == .absolute(1_795_597_200_500))
        #expect(TimeBound("2026-11-25") != nil)
        #expect(TimeBound("2026-11-25 09:00") != nil)
        #expect(TimeBound("yesterday") == nil)
        #expect(TimeBound("-soon") == nil)
        // Found by fuzzing: Foundation's DateFormatter trapped on multi-byte text like this.
        #expect(TimeBound("102026\u{5A4}\u{3CE}-25T09:0\u{185}\u{3CF}Z") == nil)
        #expect(TimeBound(String(repeating: "2026-11-25", count: 20)) == nil)
        #expect(TimeBound("99999999-01-01") == nil)
        #expect(TimeBound("-1s")?.resolve(endMs: .min) == .min)
    }

    static func trend(verdict: Verdict, slope: Double) -> Trend {
        Trend(
            samples: 100, durationMs: 3_600_000, first: 0, last: 0, minimum: 0, minimumTimeMs: 0, peak: 0,
            peakTimeMs: 3_600_000, growth: 0, slopePerHour: slope, slopeLowPerHour: slope, slopeHighPerHour: slope,
            mannKendallZ: 0, pValue: 0.001, verdict: verdict, confidence: 1, explanation: .tooFewPoints(0))
    }

    @Test func forecastDividesTheHeadroomByTheSlope() throws {
        var host = HostSeries()
        host.timesMs = [0, 3_600_000]
        host.available = [10 << 30, 8 << 30]
        host.cgroupUsage = [1 << 30, 1 << 30]
        host.cgroupLimit = [2 << 30, 2 << 30]
        let growing = Forecast.compute(trend: Self.trend(verdict: .growing, slope: Double(1 << 30)), host: host)
        #expect(growing.hostAvailable?.hours == 8)
        let eta = try #require(growing.hostAvailable?.etaMs)
        #expect(eta == Int64(32_400_000))
        #expect(growing.cgroupLimit?.hours == 1)
        #expect(growing.soonest?.limit == "cgroup_limit")
        let stable = Forecast.compute(trend: Self.trend(verdict: .stable, slope: Double(1 << 30)), host: host)
        #expect(stable.hostAvailable?.hours == nil)
        #expect(stable.cgroupLimit?.hours == nil)
        #expect(stable.soonest == nil)
        #expect(Forecast.compute(trend: Self.trend(verdict: .growing, slope: 1), host: HostSeries()) == .none)
    }

    static func report(pid: Int32, command: String, name: String, slope: Double) -> ProcessReport {
        let process = StoredProcess(
            id: Int64(pid), sessionID: 1, pid: pid, startTime: 0, parentPid: 1, name: name, command: command,
            firstSeenMs: 0, lastSeenMs: 0, endReason: nil, exitStatus: nil)
        let trend = Self.trend(verdict: .growing, slope: slope)
        return ProcessReport(
            process: process, metric: .pss, trend: trend, sampleCount: 100, peakResidentBytes: 100,
            peakResidentTimeMs: 0,
            kernelPeakResidentBytes: nil, dirtyFirstBytes: nil, dirtyLastBytes: nil, dirtyTrend: trend, forecast: .none,
            levels: [], regions: [])
    }

    @Test func comparisonMatchesByCommandThenByName() {
        let comparison = RunComparison(
            baseline: [
                Self.report(pid: 1, command: "server --port 1", name: "server", slope: 10),
                Self.report(pid: 2, command: "worker", name: "worker", slope: 5),
                Self.report(pid: 3, command: "gone", name: "gone", slope: 1),
            ],
            candidate: [
                Self.report(pid: 11, command: "worker", name: "worker", slope: 50),
                Self.report(pid: 12, command: "server --port 2", name: "server", slope: 10),
                Self.report(pid: 13, command: "new", name: "new", slope: 1),
            ])
        #expect(comparison.rows.map(\.command) == ["server --port 1", "worker", "gone", "new"])
        #expect(comparison.rows[0].candidate?.process.pid == 12)
        #expect(comparison.rows[1].slopeChange == 45)
        #expect(comparison.rows[2].candidate == nil)
        #expect(comparison.rows[3].baseline == nil)
    }

    @Test func sparklineScalesFromLowToHigh() {
        #expect(ReportRenderer.sparkline([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█")
        #expect(ReportRenderer.sparkline([5, 5, 5]) == "▁▁▁")
        #expect(ReportRenderer.sparkline([]) == "")
    }

    @Test func levelsAreSliceMedians() {
        var series = SampleSeries()
        series.timesMs = Array(0..<100).map { Int64($0) * 1000 }
        series.values = Array(0..<100).map { Double($0) }
        let levels = ReportBuilder.levels(series, slices: 10)
        #expect(levels.count == 10)
        #expect(levels == levels.sorted())
        #expect(levels.first! < 10 && levels.last! > 89)
    }
}
