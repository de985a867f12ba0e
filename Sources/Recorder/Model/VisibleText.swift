/// Text that belongs to other people (command lines, file paths, memfd names, and the error
/// messages and files that quote them), made safe to show: nothing in it can move the cursor,
/// erase a line, set a window title, hide what follows or reorder it.
///
/// Two steps: bytes are decoded with every byte that is not valid UTF-8 kept as a visible
/// `\xNN` (``decoding(_:)``), so the text that is stored says what the kernel said; and every
/// text output shows control characters as escapes (``escaped(_:)``). JSON escapes them its own
/// way; HTML escapes its markup on top.
public enum VisibleText {
    /// `text` with every character a terminal would act on written as a visible escape:
    /// `\n`, `\r`, `\t`, `\e` (escape), `\xNN` for the other C0 controls and DEL, and `\u{NN}`
    /// for C1 controls, bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069,
    /// U+200E, U+200F, U+061C) and the line and paragraph separators (U+2028, U+2029).
    /// Everything else, backslashes included, is kept as it is.
    public static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 >= 0xC2 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x1B: out += "\\e"
            case 0x00..<0x20, 0x7F: out += "\\x" + hex(scalar.value, digits: 2)
            case 0x80..<0xA0, 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
                out += "\\u{" + hex(scalar.value, digits: 0) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether `text` holds nothing ``escaped(_:)`` would change.
    public static func isPlain(_ text: String) -> Bool {
        escaped(text) == text
    }

    /// The bytes as text: UTF-8, with each byte that is not part of a valid sequence written as
    /// `\xNN` (not replaced by U+FFFD, which would hide what the bytes were).
    public static func decoding(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        // Almost all of it is ASCII (paths, permissions, command lines): decoded as it is.
        if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        var out = ""
        var index = 0
        while index < bytes.count {
            let length = validSequenceLength(bytes, at: index)
            if length > 0 {
                out += String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<index + length]), as: UTF8.self)
                index += length
            } else {
                out += "\\x" + hex(UInt32(bytes[index]), digits: 2)
                index += 1
            }
        }
        return out
    }

    /// The bytes as text, as ``decoding(_:)-(UnsafeBufferPointer<UInt8>)``.
    public static func decoding(_ bytes: some Collection<UInt8>) -> String {
        let array = Array(bytes)
        return array.withUnsafeBufferPointer { decoding($0) }
    }

    /// Whether every byte is below 0x80, tested eight at a time.
    @inline(__always)
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        var bits: UInt64 = 0
        while index + 8 <= bytes.count {
            bits |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            bits |= UInt64(bytes[index])
            index += 1
        }
        return bits & 0x8080_8080_8080_8080 == 0
    }

    /// The length of the valid UTF-8 sequence (RFC 3629: no overlong forms, no surrogates,
    /// nothing above U+10FFFF) starting at `index`, or 0 when there is none.
    private static func validSequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let first = bytes[index]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch first {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            high = 0x9F
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            high = 0x8F
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        // Only the second byte has the narrowed range; the rest are plain continuation bytes.
        guard (low...high).contains(bytes[index + 1]) else { return 0 }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) { return 0 }
        return length
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
