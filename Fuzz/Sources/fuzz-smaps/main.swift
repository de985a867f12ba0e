// smaps and smaps_rollup text: the byte parsers (whole, and streamed in pieces cut at a line
// end, as `memhist snapshot --smaps FILE` reads a file), and SavedCaptureReader, then the
// table and JSON of the snapshot.
import FuzzSupport
import Recorder

fuzzMain { bytes in
    consume(try? SmapsParser.parse(bytes, source: "fuzz"))
    consume(try? SmapsParser.parseRollup(bytes, source: "fuzz"))
    // The same text fed in two pieces, cut after the newline nearest the middle.
    var cut = bytes.count / 2
    while cut < bytes.count, bytes[cut] != UInt8(ascii: "\n") { cut += 1 }
    cut = min(bytes.count, cut + 1)
    var stream = SmapsParser.Stream(source: "fuzz")
    var regions: [Region] = []
    if (try? stream.feed(UnsafeBufferPointer(rebasing: bytes[0..<cut])) { regions.append($0) }) != nil,
        (try? stream.feed(UnsafeBufferPointer(rebasing: bytes[cut...])) { regions.append($0) }) != nil,
        (try? stream.finish { regions.append($0) }) != nil
    {
        consume(regions)
    }
    if let saved = try? SavedCaptureReader.smaps(String(decoding: bytes, as: UTF8.self), source: "fuzz", timeMs: 0) {
        let renderer = SnapshotRenderer(capture: saved.capture, regionRows: saved.regionRows)
        consume(renderer.table())
        consume(renderer.json())
    }
}
