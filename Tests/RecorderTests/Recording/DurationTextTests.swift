import Testing

@testable import Recorder

@Suite("durations and sizes as typed")
struct DurationTextTests {
    @Test("durations", arguments: [
        ("250ms", 250), ("2s", 2000), ("5m", 300_000), ("5min", 300_000), ("1h", 3_600_000), ("0.5", 500),
        ("3", 3000), ("1.5s", 1500), ("1d", 86_400_000), (" 2S ", 2000),
    ] as [(String, Int64)])
    func durations(text: String, ms: Int64) {
        #expect(DurationText.milliseconds(text) == ms)
    }

    @Test("bad durations", arguments: ["", "s", "fast", "-1s", "1x", "nan", "inf", "1e300h"])
    func badDurations(text: String) {
        #expect(DurationText.milliseconds(text) == nil)
    }

    @Test("sizes", arguments: [
        ("4096", 4096), ("4K", 4096), ("4KiB", 4096), ("1.5M", 1_572_864), ("10MiB", 10_485_760), ("1G", 1_073_741_824),
        ("2mb/s", 2_097_152),
    ])
    func sizes(text: String, bytes: Int) {
        #expect(DurationText.bytes(text) == bytes)
    }

    @Test func badSizes() {
        #expect(DurationText.bytes("lots") == nil)
        #expect(DurationText.bytes("-1M") == nil)
    }
}
