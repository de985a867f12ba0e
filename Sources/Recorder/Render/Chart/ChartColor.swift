/// The colour of a series or an area: a CSS colour, or a place in memhist's palette.
public enum ChartColor: Sendable, Hashable {
    /// A CSS colour such as `#0072B2`, `teal` or `rgb(0, 114, 178)`.
    case css(String)
    /// The colour at this place in ``palette``, counted round.
    case palette(Int)

    /// Eight colours told apart with the common colour-vision deficiencies (Okabe and Ito),
    /// yellow left out because it fades on white.
    public static let palette = [
        "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#999933",
    ]

    /// The grey of the remainder ("other") in a stacked chart.
    public static let remainder = "#BBBBBB"

    /// The value to write in a `fill` or `stroke` attribute. A CSS text with anything besides
    /// letters, digits, spaces and `#(),.%` (so no `url(…)`, no quotes, no markup) is replaced by
    /// the first palette colour.
    public var cssValue: String {
        switch self {
        case .palette(let index):
            let count = Self.palette.count
            return Self.palette[((index % count) + count) % count]
        case .css(let text):
            let allowed = text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"):
                    return true
                default: return " #(),.%".utf8.contains(byte)
                }
            }
            return allowed && !text.isEmpty ? text : Self.palette[0]
        }
    }
}
