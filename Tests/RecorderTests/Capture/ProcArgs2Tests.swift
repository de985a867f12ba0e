import Testing

@testable import Recorder

@Suite("KERN_PROCARGS2 buffers")
struct ProcArgs2Tests {
    @Test func theArgumentsFollowThePathAndItsPaddingAndStopBeforeTheEnvironment() throws {
        let bytes = FakeDarwinProcessAPI.procArgs2(
            path: "/usr/local/bin/python3", arguments: ["python3", "app.py", "--port", "8080"],
            environment: ["PATH=/usr/bin", "HOME=/Users/x"])
        let parsed = try #require(ProcArgs2.parse(bytes))
        #expect(parsed.executablePath == "/usr/local/bin/python3")
        #expect(parsed.arguments == ["python3", "app.py", "--port", "8080"])
        #expect(parsed.commandLine == "python3 app.py --port 8080")
    }

    @Test func emptyArgumentsAreKept() throws {
        let bytes = FakeDarwinProcessAPI.procArgs2(path: "/bin/sh", arguments: ["sh", "", "x"], environment: [])
        #expect(try #require(ProcArgs2.parse(bytes)).arguments == ["sh", "", "x"])
    }

    @Test func aCountBeyondTheBufferGivesTheArgumentsThatAreThere() throws {
        let bytes = FakeDarwinProcessAPI.procArgs2(
            path: "/bin/sleep", arguments: ["sleep", "5"], environment: [], argc: 1_000_000)
        #expect(try #require(ProcArgs2.parse(bytes)).arguments == ["sleep", "5"])
        // Cut inside the second argument: what is there, unterminated.
        let cut = Array(bytes.dropLast(1))
        #expect(try #require(ProcArgs2.parse(cut)).arguments == ["sleep", "5"])
    }

    @Test func buffersTooShortOrWithANegativeCountAreRefused() {
        #expect(ProcArgs2.parse([]) == nil)
        #expect(ProcArgs2.parse([1, 0]) == nil)
        #expect(
            ProcArgs2.parse(FakeDarwinProcessAPI.procArgs2(path: "/x", arguments: ["x"], environment: [], argc: -1))
                == nil)
    }

    @Test func bytesThatAreNotUTF8AreShownAsEscapes() throws {
        var bytes = withUnsafeBytes(of: Int32(1).littleEndian) { Array($0) }
        bytes += Array("/bin/x".utf8) + [0] + [0x61, 0xFF, 0x1B, 0x62, 0]
        let parsed = try #require(ProcArgs2.parse(bytes))
        #expect(parsed.arguments == ["a\\xFF\u{1B}b"])
        // The escape character is kept in the stored text and escaped where it is shown.
        #expect(VisibleText.escaped(parsed.commandLine) == "a\\xFF\\eb")
    }
}
