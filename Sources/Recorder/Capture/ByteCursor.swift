#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read position in a line of bytes, with the few scanning steps the /proc and vmmap
/// parsers need. It never allocates: numbers are read in place.
struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int
    let end: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.index = start
        self.end = end ?? bytes.count
    }

    var atEnd: Bool { index >= end }
    var current: UInt8? { index < end ? bytes[index] : nil }

    mutating func skipSpaces() {
        while index < end, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
    }

    /// Consumes `byte` when it is next; returns whether it did.
    mutating func skip(_ byte: UInt8) -> Bool {
        guard index < end, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Reads a run of decimal digits; nil when there is none (or it overflows).
    mutating func decimal() -> Int? {
        var value = 0
        let start = index
        while index < end {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(digit))
            if overflow1 || overflow2 { return nil }
            value = sum
            index += 1
        }
        return index > start ? value : nil
    }

    /// Reads a run of hexadecimal digits (either case); nil when there is none or it overflows.
    mutating func hexadecimal() -> UInt64? {
        var value: UInt64 = 0
        let start = index
        while index < end, let digit = Self.hexValue(bytes[index]) {
            guard value >> 60 == 0 else { return nil }
            value = value << 4 | UInt64(digit)
            index += 1
        }
        return index > start ? value : nil
    }

    /// Skips bytes up to the next space or tab; returns the range skipped.
    mutating func word() -> Range<Int> {
        let start = index
        while index < end, bytes[index] != UInt8(ascii: " "), bytes[index] != UInt8(ascii: "\t") { index += 1 }
        return start..<index
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Calls `body` with the bounds of each line (without its newline), and its 1-based number.
    @inline(__always)
    func forEachLine(_ body: (_ start: Int, _ end: Int, _ number: Int) throws -> Void) rethrows {
        guard let base = baseAddress else { return }
        var start = 0
        var number = 1
        while start < count {
            let end: Int
            if let found = memchr(base + start, Int32(UInt8(ascii: "\n")), count - start) {
                end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            } else {
                end = count
            }
            var lineEnd = end
            if lineEnd > start, self[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            try body(start, lineEnd, number)
            start = end + 1
            number += 1
        }
    }

    /// The bytes from `start` to `end` as a String, invalid UTF-8 kept as `\xNN`
    /// (``VisibleText/decoding(_:)-(UnsafeBufferPointer<UInt8>)``).
    func string(_ start: Int, _ end: Int) -> String {
        VisibleText.decoding(UnsafeBufferPointer(rebasing: self[start..<end]))
    }

    /// Whether the bytes from `start` to `end` equal the ASCII `literal`.
    @inline(__always)
    func matches(_ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
        guard end - start == literal.utf8CodeUnitCount else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<(end - start) where self[start + offset] != pointer[offset] { return false }
        return true
    }
}

/// Runs `body` over the UTF-8 bytes of `text` (for fixtures and saved files).
func withUTF8Bytes<T>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
    var copy = text
    return try copy.withUTF8(body)
}
