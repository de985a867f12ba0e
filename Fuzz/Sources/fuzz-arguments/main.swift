// What users type: durations, sizes and the --since/--until bounds, resolved against a few
// end times (the last sample of a recording, including extreme ones a damaged file can hold).
import FuzzSupport
import Recorder

let endTimes: [Int64] = [0, 1_764_000_000_000, -1, Int64.max, Int64.min, 4_000_000_000_000_000_000]

fuzzMain { bytes in
    let text = String(decoding: bytes, as: UTF8.self)
    consume(DurationText.milliseconds(text))
    consume(DurationText.bytes(text))
    if let bound = TimeBound(text) {
        for end in endTimes {
            consume(bound.resolve(endMs: end))
        }
    }
}
