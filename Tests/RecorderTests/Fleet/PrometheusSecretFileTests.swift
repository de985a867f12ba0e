import Foundation
import Testing

@testable import Recorder

@Suite("Prometheus token and password files")
struct PrometheusSecretFileTests {
    @Test func theTrailingLineEndIsTrimmed() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (text, expected) in [("s3cret\n", "s3cret"), ("s3cret\r\n", "s3cret"), ("s3cret", "s3cret")] {
            let path = directory.appendingPathComponent("token").path
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            #expect(try PrometheusSecretFile.read(path, option: "--bearer-token-file") == expected)
        }
    }

    @Test func aSymbolicLinkIsRefusedAndTheSecretNeverShown() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("real").path
        try "s3cret\n".write(toFile: target, atomically: false, encoding: .utf8)
        let link = directory.appendingPathComponent("link").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        do {
            _ = try PrometheusSecretFile.read(link, option: "--bearer-token-file")
            Issue.record("a symbolic link was followed")
        } catch let error as PrometheusError {
            #expect(String(describing: error).contains("symbolic link"))
            #expect(!String(describing: error).contains("s3cret"))
        }
    }

    @Test func aDirectoryAnEmptyFileAndALineBreakInsideAreRefused() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: PrometheusError.self) { try PrometheusSecretFile.read(directory.path, option: "--ca") }
        let empty = directory.appendingPathComponent("empty").path
        try "\n".write(toFile: empty, atomically: false, encoding: .utf8)
        #expect(throws: PrometheusError.unusableSecretFile(option: "--x", path: empty, reason: "it is empty")) {
            try PrometheusSecretFile.read(empty, option: "--x")
        }
        let twoLines = directory.appendingPathComponent("two").path
        try "a\nInjected: header\n".write(toFile: twoLines, atomically: false, encoding: .utf8)
        do {
            _ = try PrometheusSecretFile.read(twoLines, option: "--x")
            Issue.record("a line break inside the secret was accepted")
        } catch let error as PrometheusError {
            #expect(!String(describing: error).contains("Injected"))
        }
    }
}
