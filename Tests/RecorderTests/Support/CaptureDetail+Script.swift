@testable import Recorder

extension CaptureDetail {
    /// The details a script spells, one letter a read: `R` regions, `r` rollup, `s` status;
    /// anything else (spaces grouping ticks for the reader) is skipped.
    ///
    /// `CaptureDetail.script("R r r R")` is a target's reads over four ticks.
    static func script(_ text: String) -> [CaptureDetail] {
        text.compactMap { letter in
            switch letter {
            case "R": return .regions
            case "r": return .rollup
            case "s": return .status
            default: return nil
            }
        }
    }
}
