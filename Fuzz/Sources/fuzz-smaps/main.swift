// smaps and smaps_rollup text: the byte parsers, and `memhist snapshot --smaps FILE`
// (SavedCaptureReader, then the table and JSON of the snapshot).
import FuzzSupport
import Recorder

fuzzMain { bytes in
    consume(try? SmapsParser.parse(bytes, source: "fuzz"))
    consume(try? SmapsParser.parseRollup(bytes, source: "fuzz"))
    if let capture = try? SavedCaptureReader.smaps(String(decoding: bytes, as: UTF8.self), source: "fuzz", timeMs: 0) {
        let renderer = SnapshotRenderer(capture: capture)
        consume(renderer.table())
        consume(renderer.json())
    }
}
