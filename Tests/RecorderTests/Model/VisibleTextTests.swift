import Testing

@testable import Recorder

@Suite("visible text: other people's bytes shown, never acted on")
struct VisibleTextTests {
    @Test func controlCharactersBecomeEscapes() {
        #expect(VisibleText.escaped("plain text / with \\ backslash") == "plain text / with \\ backslash")
        #expect(VisibleText.escaped("a\nb\rc\td") == "a\\nb\\rc\\td")
        #expect(VisibleText.escaped("\u{1B}[2K\u{1B}]0;owned\u{07}") == "\\e[2K\\e]0;owned\\x07")
        #expect(VisibleText.escaped("\u{00}\u{7F}") == "\\x00\\x7F")
        // C1 controls (U+009B is CSI to some terminals), bidirectional overrides, separators.
        #expect(VisibleText.escaped("x\u{9B}31m") == "x\\u{9B}31m")
        #expect(VisibleText.escaped("abc\u{202E}fed") == "abc\\u{202E}fed")
        #expect(VisibleText.escaped("\u{2066}\u{2069}\u{2028}") == "\\u{2066}\\u{2069}\\u{2028}")
        // Printable text in any script is kept.
        #expect(VisibleText.escaped("größe 名前 🙂") == "größe 名前 🙂")
        // Escaping twice changes nothing more.
        let once = VisibleText.escaped("\u{1B}\n\u{9B}")
        #expect(VisibleText.escaped(once) == once)
        #expect(VisibleText.isPlain(once))
    }

    @Test func bytesThatAreNotUTF8StayVisibleAsHex() {
        func decode(_ bytes: [UInt8]) -> String { bytes.withUnsafeBufferPointer { VisibleText.decoding($0) } }
        #expect(decode(Array("ok é".utf8)) == "ok é")
        #expect(decode([0x61, 0xFF, 0xFE, 0x62]) == "a\\xFF\\xFEb")
        // An overlong form, a surrogate, a cut sequence, and a code point beyond U+10FFFF.
        #expect(decode([0xC0, 0xAF]) == "\\xC0\\xAF")
        #expect(decode([0xED, 0xA0, 0x80]) == "\\xED\\xA0\\x80")
        #expect(decode([0x41, 0xE2, 0x82]) == "A\\xE2\\x82")
        #expect(decode([0xF4, 0x90, 0x80, 0x80]) == "\\xF4\\x90\\x80\\x80")
        // Valid sequences around invalid bytes survive whole.
        #expect(decode([0xE2, 0x82, 0xAC, 0x80, 0xF0, 0x9F, 0x99, 0x82]) == "€\\x80🙂")
    }
}
