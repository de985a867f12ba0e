import Foundation
import Testing

@testable import Recorder

@Suite("units, JSON, CSV")
struct RenderTests {
    @Test(
        "human units in powers of 1024",
        arguments: [
            (0, "0 B"), (1023, "1023 B"), (1024, "1.0 KiB"), (1536, "1.5 KiB"), (10 * 1024 * 1024, "10.0 MiB"),
            (123 * 1024 * 1024, "123.0 MiB"), (3 * 1024 * 1024 * 1024, "3.0 GiB"),
        ])
    func byteFormat(bytes: Int, text: String) {
        #expect(ByteFormat.string(bytes) == text)
    }

    @Test func signedAndRates() {
        #expect(ByteFormat.signed(2048) == "+2.0 KiB")
        #expect(ByteFormat.signed(-2048) == "-2.0 KiB")
        #expect(ByteFormat.perHour(0) == "0 B/h")
    }

    @Test func jsonEscapesAndKeepsKeyOrder() throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.value("b", "quote \" backslash \\ newline \n tab \t bell \u{7}")
        writer.value("a", 12)
        writer.value("n", nil as Int?)
        writer.value("x", 1.5)
        writer.value("inf", Double.infinity)
        writer.beginArray("list")
        writer.value(nil, 1)
        writer.value(nil, "two")
        writer.endArray()
        writer.beginArray("empty")
        writer.endArray()
        writer.endObject()
        let object = try TestSupport.jsonObject(writer.output)
        #expect(object["b"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{7}")
        #expect(object["a"] as? Int == 12)
        #expect(object["n"] is NSNull)
        #expect(object["x"] as? Double == 1.5)
        #expect(object["inf"] is NSNull)
        #expect((object["list"] as? [Any])?.count == 2)
        let keys = ["\"b\"", "\"a\"", "\"n\"", "\"x\""].map { writer.output.range(of: $0)!.lowerBound }
        #expect(keys == keys.sorted())
    }

    @Test func csvQuotesFieldsThatNeedIt() {
        #expect(ReportRenderer.csvField("plain") == "plain")
        #expect(ReportRenderer.csvField("a,b") == "\"a,b\"")
        #expect(ReportRenderer.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        // Control characters are shown as escapes, so a field is one line and moves no cursor.
        #expect(ReportRenderer.csvField("two\nlines") == "two\\nlines")
        #expect(ReportRenderer.csvField("a,\u{1B}[2K") == "\"a,\\e[2K\"")
    }

    @Test func tableAlignsColumns() {
        var table = TextTable([("NAME", .left), ("SIZE", .right)])
        table.add(["a", "1"])
        table.add(["long name", "100"])
        #expect(table.render() == "NAME       SIZE\na             1\nlong name   100")
    }
}
