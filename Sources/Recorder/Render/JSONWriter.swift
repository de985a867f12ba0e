/// Writes JSON with keys in the order given, so output is stable and reads like the docs.
public struct JSONWriter {
    private(set) var text = ""
    private var needsComma: [Bool] = [false]
    private let indentUnit: String
    private var depth: Int { needsComma.count - 1 }

    /// Creates a writer; `pretty` indents by two spaces.
    public init(pretty: Bool = true) {
        indentUnit = pretty ? "  " : ""
    }

    /// The JSON written so far.
    public var output: String { text }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { text += "," }
        if !indentUnit.isEmpty && depth > 0 { text += "\n" + String(repeating: indentUnit, count: depth) }
        needsComma[needsComma.count - 1] = true
    }

    private mutating func key(_ name: String?) {
        separator()
        if let name { text += Self.quoted(name) + (indentUnit.isEmpty ? ":" : ": ") }
    }

    /// Opens an object (as the value of `name` inside an object, or bare).
    public mutating func beginObject(_ name: String? = nil) {
        if depth > 0 || !text.isEmpty { key(name) }
        text += "{"
        needsComma.append(false)
    }

    /// Closes the innermost object.
    public mutating func endObject() { close("}") }

    /// Opens an array.
    public mutating func beginArray(_ name: String? = nil) {
        key(name)
        text += "["
        needsComma.append(false)
    }

    /// Closes the innermost array.
    public mutating func endArray() { close("]") }

    private mutating func close(_ bracket: String) {
        let hadItems = needsComma.removeLast()
        if hadItems && !indentUnit.isEmpty { text += "\n" + String(repeating: indentUnit, count: depth) }
        text += bracket
    }

    /// Writes a string member (null when nil).
    public mutating func value(_ name: String?, _ string: String?) {
        key(name)
        text += string.map(Self.quoted) ?? "null"
    }

    /// Writes an integer member (null when nil).
    public mutating func value<T: BinaryInteger>(_ name: String?, _ number: T?) {
        key(name)
        text += number.map { "\($0)" } ?? "null"
    }

    /// Writes a number member (null when nil or not finite), with up to `digits` decimals.
    public mutating func value(_ name: String?, _ number: Double?, digits: Int = 3) {
        key(name)
        guard let number, number.isFinite else {
            text += "null"
            return
        }
        if number == number.rounded() && abs(number) < 1e15 {
            text += String(Int64(number))
        } else {
            text += CFormat.fixed(number, digits: digits)
        }
    }

    /// Writes a boolean member.
    public mutating func value(_ name: String?, _ flag: Bool) {
        key(name)
        text += flag ? "true" : "false"
    }

    /// JSON string literal for `string`: quotes, backslashes and control characters escaped.
    static func quoted(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _
            where scalar.value < 0x20 || scalar.value == 0x7f
                || (scalar.value >= 0x80 && !VisibleText.isPlain(String(scalar))):
                // Also C1 controls and bidirectional overrides, which some terminals act on.
                result += CFormat.string("\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
