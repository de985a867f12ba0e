import Foundation
import Testing

@testable import Recorder

@Suite("end to end: snapshot --smaps streams a file of any size")
struct SavedSnapshotMemoryTests {
    /// A small C program that runs a command with its output to a file and prints the command's
    /// peak resident size (`ru_maxrss` from wait4, KiB). Linux carries a process's peak across
    /// exec, so a command spawned straight from this (large) test process would report the test's
    /// own size; forked from the small helper it reports its own. Nil without a C compiler.
    static func peakMeter(in directory: URL) -> String? {
        let source = directory.appendingPathComponent("peak.c")
        let binary = directory.appendingPathComponent("peak").path
        let program = """
            #include <fcntl.h>
            #include <stdio.h>
            #include <sys/resource.h>
            #include <sys/wait.h>
            #include <unistd.h>
            int main(int argc, char **argv) {
                pid_t pid = fork();
                if (pid == 0) {
                    int out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0600);
                    dup2(out, 1);
                    execv(argv[2], argv + 2);
                    _exit(127);
                }
                int status; struct rusage usage;
                wait4(pid, &status, 0, &usage);
                printf("%d %ld\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128, usage.ru_maxrss);
                return 0;
            }
            """
        guard (try? program.write(to: source, atomically: true, encoding: .utf8)) != nil else { return nil }
        for compiler in ["/usr/bin/cc", "/usr/bin/gcc", "/usr/bin/clang"]
        where FileManager.default.isExecutableFile(atPath: compiler) {
            if let run = try? TestSupport.run(compiler, ["-O1", "-o", binary, source.path]), run.status == 0 {
                return binary
            }
        }
        return nil
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
        let arguments = ["snapshot", "--smaps", path, "--format", "json"]
        if let meter = Self.peakMeter(in: directory) {
            let run = try TestSupport.run(meter, [output, TestSupport.memhistPath] + arguments)
            let fields = run.stdout.split(separator: " ").compactMap {
                Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            try #require(fields.count == 2, "\(run.stdout) \(run.stderr)")
            #expect(fields[0] == 0)
            // Holding the text (let alone twice) would take more than its 96 MiB; streamed, memhist
            // needs its own few tens of MiB and a block.
            #expect(fields[1] < 48 * 1024, "peak resident \(fields[1]) KiB for a \(blocks) MiB file")
        } else {
            let run = try TestSupport.memhist(arguments)
            #expect(run.status == 0)
            try run.stdout.write(toFile: output, atomically: false, encoding: .utf8)
        }
        let object = try TestSupport.jsonObject(try String(contentsOfFile: output, encoding: .utf8))
        let memory = try #require(object["memory"] as? [String: Int])
        #expect(memory["map_count"] == blocks * perBlock)
        #expect(memory["private_dirty_size"] == blocks * perBlock * 4096)
        #expect((object["regions"] as? [Any])?.count == 40)
    }
}
