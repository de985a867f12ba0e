import Testing

@testable import Recorder

@Suite("PromQL range: step and chunks")
struct PrometheusRangeTests {
    @Test func theDefaultStepIsThirtySecondsOrEnoughForTwoThousandPoints() {
        #expect(PrometheusRange.defaultStepMs(startMs: 0, endMs: 6 * 3_600_000) == 30_000)
        let month: Int64 = 30 * 86_400_000
        let step = PrometheusRange.defaultStepMs(startMs: 0, endMs: month)
        #expect(step % 1000 == 0)
        #expect(PrometheusRange(startMs: 0, endMs: month, stepMs: step).points <= 2_000)
        #expect(PrometheusRange(startMs: 0, endMs: month, stepMs: step - 1000).points > 2_000)
    }

    @Test func aShortRangeIsOneRequest() {
        let range = PrometheusRange(startMs: 1_000, endMs: 1_000 + 9_999 * 15_000, stepMs: 15_000)
        #expect(range.points == 10_000)
        #expect(range.chunks() == [range])
    }

    @Test(arguments: [10_001, 25_000, 30_000, 123_457] as [Int64])
    func aLongRangeIsCutOnTheSameGridWithoutGapsOrOverlaps(points: Int64) {
        let step: Int64 = 30_000
        let range = PrometheusRange(
            startMs: 1_700_000_000_000, endMs: 1_700_000_000_000 + (points - 1) * step + 7, stepMs: step)
        let chunks = range.chunks()
        #expect(chunks.count == Int((points + 9_999) / 10_000))
        #expect(chunks.allSatisfy { $0.points <= 10_000 && $0.stepMs == step })
        #expect(chunks.first?.startMs == range.startMs)
        // The last chunk ends at the range's end, or at the last step before it.
        #expect(chunks.last.map { range.endMs - $0.endMs >= 0 && range.endMs - $0.endMs < step } == true)
        for (previous, next) in zip(chunks, chunks.dropFirst()) {
            #expect(next.startMs == previous.endMs + step)
            #expect((previous.endMs - range.startMs) % step == 0)
        }
        #expect(chunks.map(\.points).reduce(0, +) == range.points)
    }

    @Test func secondsAreWrittenAsPrometheusReadsThem() {
        #expect(PrometheusRange.seconds(1_700_000_000_000) == "1700000000")
        #expect(PrometheusRange.seconds(1_700_000_000_500) == "1700000000.5")
        #expect(PrometheusRange.seconds(1_700_000_000_125) == "1700000000.125")
        #expect(PrometheusRange.seconds(30_000) == "30")
        #expect(PrometheusRange.seconds(5) == "0.005")
    }

    @Test func tooManyPointsAreRefusedBeforeAnyRequest() throws {
        let client = try PrometheusClient(url: "http://127.0.0.1:1")
        let range = PrometheusRange(startMs: 0, endMs: 2_000_000_000, stepMs: 1_000)
        #expect(throws: PrometheusError.tooManyPoints(points: 2_000_001, stepMs: 1_000)) {
            try client.queryRange("up", over: range)
        }
    }
}
