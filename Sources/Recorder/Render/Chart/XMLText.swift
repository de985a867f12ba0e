/// Text made safe to place in XML, SVG or HTML, as element content or as a quoted attribute
/// value: other people's text (region labels, memfd names, command lines) can neither add markup
/// nor act on a terminal when the file is shown.
///
/// Two steps: control characters become visible escapes (``VisibleText/escaped(_:)``), then
/// the five markup characters become entities. Bytes that were not UTF-8 were already kept as
/// visible `\xNN` when the text was decoded (``VisibleText/decoding(_:)-(UnsafeBufferPointer<UInt8>)``).
public enum XMLText {
    /// `text` with controls shown as escapes and `&`, `<`, `>`, `"`, `'` written as
    /// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`; U+FFFE and U+FFFF, which XML 1.0 forbids,
    /// become `\u{FFFE}` and `\u{FFFF}`.
    ///
    /// See [XML 1.0, Characters](https://www.w3.org/TR/xml/#charsets).
    public static func escaped(_ text: String) -> String {
        let visible = VisibleText.escaped(text)
        guard visible.utf8.contains(where: { "&<>\"'".utf8.contains($0) || $0 == 0xEF }) else { return visible }
        var out = ""
        out.reserveCapacity(visible.utf8.count + 16)
        for scalar in visible.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{FFFE}": out += "\\u{FFFE}"
            case "\u{FFFF}": out += "\\u{FFFF}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
