// macOS `vmmap PID` output: the byte parser with 1 to 8 processes and an optional page size,
// and `memhist snapshot --vmmap FILE` (SavedCaptureReader, then the table and JSON).
//
// Input: byte 0 = process count (1 + b % 8); byte 1 = page size (0: none, else a choice among
// 4 KiB, 16 KiB, 64 KiB, 1, and a large odd value); the rest is the vmmap text.
import FuzzSupport
import Recorder

let pageSizes: [Int?] = [nil, 4096, 16384, 65536, 1, 1 << 40 | 1, Int.max]

fuzzMain { bytes in
    var reader = ByteReader(bytes)
    let processCount = 1 + Int(reader.byte() % 8)
    let pageSize = pageSizes[Int(reader.byte()) % pageSizes.count]
    let text = reader.rest()
    consume(try? VmmapParser.parse(text, processCount: processCount, pageSize: pageSize))
    if let saved = try? SavedCaptureReader.vmmap(
        Array(text), source: "fuzz", processCount: processCount, timeMs: 0)
    {
        let renderer = SnapshotRenderer(capture: saved.capture, regionRows: saved.regionRows)
        consume(renderer.table())
        consume(renderer.json())
    }
}
