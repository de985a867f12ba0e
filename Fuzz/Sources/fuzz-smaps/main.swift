// smaps and smaps_rollup text: the byte parsers, and `memhist snapshot --smaps FILE`
// (SavedCaptureReader, then the table and JSON of the snapshot).
import FuzzSupport
import Recorder

fuzzMain { bytes in
    _ = try? SmapsParser.parse(bytes, source: "fuzz")
    _ = try? SmapsParser.parseRollup(bytes, source: "fuzz")
    if let capture = try? SavedCaptureReader.smaps(String(decoding: bytes, as: UTF8.self), source: "fuzz", timeMs: 0) {
        let renderer = SnapshotRenderer(capture: capture)
        _ = renderer.table()
        _ = renderer.json()
    }
}
