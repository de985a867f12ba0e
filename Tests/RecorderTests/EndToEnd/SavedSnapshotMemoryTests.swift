import Foundation
import Testing

@testable import Recorder

@Suite("end to end: snapshot --smaps streams a file of any size")
struct SavedSnapshotMemoryTests {
    /// Runs `program` with its output to `output`, and returns its exit status and peak resident
    /// size (`ru_maxrss`, KiB).
    static func peakResident(_ program: String, _ arguments: [String], output: String) throws -> (
        status: Int32, peakKiB: Int
    ) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        try #require(posix_spawn(&pid, program, &actions, nil, argv, environ) == 0)
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        return ((status >> 8) & 0xff, Int(usage.ru_maxrss))
    }

    @Test func aSmapsFileMuchLargerThanMemoryUseIsReadInBlocks() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("huge.smaps").path
        // 96 MiB of smaps: one block of 40 labels' mappings, written again and again.
        var block = ""
        var perBlock = 0
        while block.utf8.count < 1 << 20 {
            let start = 0x5500_0000_0000 + perBlock * 0x2000
            block += String(format: "%llx-%llx rw-p 00000000 00:00 0", start, start + 0x1000)
            block += "                          [anon:label\(perBlock % 40)]\n"
            block += "Size:                  8 kB\nKernelPageSize:        4 kB\nMMUPageSize:           4 kB\n"
            block += "Rss:                   4 kB\nPss:                   4 kB\nShared_Clean:          0 kB\n"
            block += "Shared_Dirty:          0 kB\nPrivate_Clean:         0 kB\nPrivate_Dirty:         4 kB\n"
            block += "Referenced:            4 kB\nAnonymous:             4 kB\nSwap:                  0 kB\n"
            block += "SwapPss:               0 kB\nLocked:                0 kB\nVmFlags: rd wr mr mw me ac\n"
            perBlock += 1
        }
        let blocks = 96
        try #require(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        let data = Data(block.utf8)
        for _ in 0..<blocks { handle.write(data) }
        try handle.close()
        let output = directory.appendingPathComponent("out.json").path
        let run = try Self.peakResident(
            TestSupport.memhistPath, ["snapshot", "--smaps", path, "--format", "json"], output: output)
        #expect(run.status == 0)
        // Holding the text (let alone twice) would take more than its 96 MiB; streamed, memhist
        // needs its own few tens of MiB and a block.
        #expect(run.peakKiB < 48 * 1024, "peak resident \(run.peakKiB) KiB for a \(blocks) MiB file")
        let object = try TestSupport.jsonObject(try String(contentsOfFile: output, encoding: .utf8))
        let memory = try #require(object["memory"] as? [String: Int])
        #expect(memory["map_count"] == blocks * perBlock)
        #expect(memory["private_dirty_size"] == blocks * perBlock * 4096)
        #expect((object["regions"] as? [Any])?.count == 40)
    }
}
