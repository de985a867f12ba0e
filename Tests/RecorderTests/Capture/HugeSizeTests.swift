import Testing

@testable import Recorder

/// Sizes no process has: refused with the line they are on, or left out, never a trap or a
/// wrapped negative number (found by fuzzing; see Fuzz/FINDINGS.md).
@Suite("huge sizes in captured text")
struct HugeSizeTests {
    static func mapping(_ start: Int, rssKilobytes: String) -> String {
        String(format: "%llx-%llx rw-p 00000000 00:00 0 [anon:x]\n", start, start + 4096)
            + "Rss: \(rssKilobytes) kB\nPrivate_Dirty: \(rssKilobytes) kB\nSwap: \(rssKilobytes) kB\n"
    }

    @Test func aSizeBeyondOneExbibyteIsRefusedWithItsLine() {
        // 2^53 kB is 2^63 bytes: it used to wrap to a negative size.
        let text = Self.mapping(0x1000, rssKilobytes: "9007199254740992")
        #expect(throws: CaptureError.sizeOutOfRange(source: "t", line: 2)) { try SmapsParser.parse(text, source: "t") }
        #expect(throws: CaptureError.sizeOutOfRange(source: "t", line: 2)) {
            try SavedCaptureReader.smaps(text, source: "t", timeMs: 0)
        }
    }

    @Test func sizesThatAddUpBeyondOneExbibyteAreRefused() throws {
        // 2^49 kB = half an EiB: two add up to the limit, three beyond it.
        let half = "562949953421312"
        let two = Self.mapping(0x1000, rssKilobytes: half) + Self.mapping(0x3000, rssKilobytes: half)
        let saved = try SavedCaptureReader.smaps(two, source: "t", timeMs: 0)
        #expect(saved.capture.memory.residentSize == RegionSizes.limit)
        // USS and total add two fields of up to 1 EiB each: no overflow.
        #expect(saved.capture.memory.totalSize == 2 * RegionSizes.limit)
        let snapshot = SnapshotRenderer(capture: saved.capture, regionRows: saved.regionRows)
        #expect(snapshot.json().contains("\"total_size\": \(2 * RegionSizes.limit)"))
        let three = two + Self.mapping(0x5000, rssKilobytes: half)
        #expect(throws: CaptureError.sizeOutOfRange(source: "t", line: 0)) {
            try SavedCaptureReader.smaps(three, source: "t", timeMs: 0)
        }
        let regions = try SmapsParser.parse(three, source: "t")
        #expect(throws: SizeOutOfRange.self) { try RegionRow.grouped(regions) }
        #expect(throws: SizeOutOfRange.self) { try RegionSizes.sum(of: regions) }
    }

    @Test func statusAndMeminfoLeaveOutSizesBeyondOneExbibyte() {
        let status = ProcessStatus.parse("VmHWM:\t9007199254740992 kB\nVmRSS:\t1024 kB\nThreads:\t3\n")
        #expect(status.peakResident == nil)
        #expect(status.resident == 1 << 20)
        let host = MeminfoParser.parse("MemTotal: 9223372036854775807 kB\nMemAvailable: 2048 kB\n")
        #expect(host.total == nil)
        #expect(host.available == 2 << 20)
    }
}
