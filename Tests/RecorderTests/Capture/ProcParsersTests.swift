import Foundation
import Testing

@testable import Recorder

@Suite("stat, status, cmdline, meminfo and cgroup parsers")
struct ProcParsersTests {
    @Test func statWithSpacesAndParenthesesInTheName() throws {
        // A process named "a) (b c" (prctl PR_SET_NAME can set any 15 bytes).
        let line =
            "4242 (a) (b c) S 1 4242 4242 0 -1 4194560 1234 0 56 0 10 5 0 0 20 0 3 0 987654 10485760 512 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n"
        let stat = try ProcessStat.parse(line)
        #expect(stat.pid == 4242)
        #expect(stat.name == "a) (b c")
        #expect(stat.state == "S")
        #expect(stat.parentPid == 1)
        #expect(stat.minorFaults == 1234)
        #expect(stat.majorFaults == 56)
        #expect(stat.threadCount == 3)
        #expect(stat.startTicks == 987_654)
        #expect(stat.residentPages == 512)
    }

    @Test func truncatedStatIsMalformed() {
        #expect(throws: CaptureError.self) { try ProcessStat.parse("12 (x) S 1 2 3\n") }
        #expect(throws: CaptureError.self) { try ProcessStat.parse("no parentheses here") }
    }

    @Test func liveStatOfThisProcess() throws {
        let text = try String(contentsOfFile: "/proc/self/stat", encoding: .utf8)
        let stat = try ProcessStat.parse(text)
        #expect(stat.pid == getpid())
        #expect(stat.parentPid == getppid())
        #expect(stat.threadCount >= 1)
        #expect(stat.startTicks > 0)
    }

    @Test func statusFields() {
        let text = """
            Name:\tpython3
            Umask:\t0022
            State:\tS (sleeping)
            Uid:\t1000\t1000\t1000\t1000
            VmPeak:\t  123456 kB
            VmHWM:\t   20480 kB
            VmRSS:\t   18432 kB
            RssAnon:\t    8192 kB
            RssFile:\t   10240 kB
            RssShmem:\t       0 kB
            VmSwap:\t     128 kB
            Threads:\t7
            """
        let status = ProcessStatus.parse(text)
        #expect(status.peakResident == 20480 * 1024)
        #expect(status.resident == 18432 * 1024)
        #expect(status.residentAnonymous == 8192 * 1024)
        #expect(status.residentFile == 10240 * 1024)
        #expect(status.residentSharedMemory == 0)
        #expect(status.swap == 128 * 1024)
        #expect(status.threads == 7)
        #expect(status.uid == 1000)
    }

    @Test func kernelThreadStatusHasNoMemoryLines() {
        let status = ProcessStatus.parse("Name:\tkthreadd\nThreads:\t1\n")
        #expect(status.peakResident == nil)
        #expect(status.threads == 1)
    }

    @Test func commandLineWithNonUTF8BytesAndEmptyArguments() {
        let bytes: [UInt8] = Array("python3\0-c\0".utf8) + [0xff, 0xfe, 0x41] + [0] + [0] + Array("x y\0".utf8)
        let arguments = bytes.withUnsafeBufferPointer { ProcessCommandLine.arguments($0) }
        // Bytes that are not UTF-8 stay visible as \xNN rather than becoming U+FFFD.
        #expect(arguments == ["python3", "-c", "\\xFF\\xFEA", "", "x y"])
        let joined = bytes.withUnsafeBufferPointer { ProcessCommandLine.joined($0) }
        #expect(joined == "python3 -c \\xFF\\xFEA  x y")
        let empty: [UInt8] = []
        #expect(empty.withUnsafeBufferPointer { ProcessCommandLine.arguments($0) }.isEmpty)
    }

    @Test func meminfo() {
        let text = """
            MemTotal:       24589392 kB
            MemFree:         1000000 kB
            MemAvailable:   20000000 kB
            SwapTotal:       2097148 kB
            SwapFree:        2097000 kB
            """
        let memory = MeminfoParser.parse(text)
        #expect(memory.total == 24_589_392 * 1024)
        #expect(memory.available == 20_000_000 * 1024)
        #expect(memory.swapTotal == 2_097_148 * 1024)
        #expect(memory.swapFree == 2_097_000 * 1024)
        #expect(memory.cgroupUsage == nil)
    }

    @Test func cgroupPathsForVersion1AndVersion2() {
        let hybrid = """
            12:pids:/user.slice
            5:cpu,cpuacct:/user.slice
            4:memory:/user.slice/user-0.slice/session-1.scope
            0::/user.slice/user-0.slice/session-1.scope
            """
        let paths = CgroupMemoryFiles.paths(inProcCgroup: hybrid)
        #expect(paths.memoryVersion1 == "/user.slice/user-0.slice/session-1.scope")
        #expect(paths.version2 == "/user.slice/user-0.slice/session-1.scope")
        let unified = CgroupMemoryFiles.paths(inProcCgroup: "0::/system.slice/docker-abc.scope\n")
        #expect(unified.version2 == "/system.slice/docker-abc.scope")
        #expect(unified.memoryVersion1 == nil)
    }

    @Test func cgroupFilesOfThisMachineAreReadable() throws {
        // Every Linux machine this runs on has a cgroup (v1 here, v2 on most new systems).
        let files = try #require(CgroupMemoryFiles.locate())
        let (usage, _) = files.read(using: ProcFileReader())
        #expect((usage ?? 0) > 0)
    }
}
