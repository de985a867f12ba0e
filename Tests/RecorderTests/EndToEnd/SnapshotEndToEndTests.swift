import Foundation
import Testing

@testable import Recorder

@Suite("end to end: snapshot equals the kernel's numbers")
struct SnapshotEndToEndTests {
    /// The rollup's fields in bytes, keyed by process-metrics' names.
    static func kernelFigures(_ pid: Int32) throws -> [String: Int] {
        let rollup = try String(contentsOfFile: "/proc/\(pid)/smaps_rollup", encoding: .utf8)
        var kilobytes: [String: Int] = [:]
        for line in rollup.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let value = Int(parts[1].split(separator: " ").first ?? "") else { continue }
            kilobytes[String(parts[0])] = value
        }
        let maps = try String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8)
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
        func bytes(_ key: String) -> Int { (kilobytes[key] ?? 0) * 1024 }
        return [
            "map_count": maps.split(separator: "\n").count,
            "resident_size": bytes("Rss"), "proportional_size": bytes("Pss"),
            "shared_clean_size": bytes("Shared_Clean"), "shared_dirty_size": bytes("Shared_Dirty"),
            "private_clean_size": bytes("Private_Clean"), "private_dirty_size": bytes("Private_Dirty"),
            "referenced_size": bytes("Referenced"), "anonymous_size": bytes("Anonymous"),
            "swap_size": bytes("Swap"), "proportional_swap_size": bytes("SwapPss"),
            // Fields 10 and 12 of stat; `fields` starts at field 3.
            "minor_faults": Int(fields[7])!, "major_faults": Int(fields[9])!,
        ]
    }

    /// A statically linked idle program, built with the C compiler when there is one.
    ///
    /// A dynamically linked target shares libc with memhist, and while memhist runs, the
    /// kernel divides those pages among one more process, which lowers the target's PSS:
    /// the observer shows up in what it observes. A static target shares no file page with
    /// memhist, so its figures hold still and can be compared byte for byte.
    static func staticIdleProgram(in directory: URL) -> String? {
        let source = directory.appendingPathComponent("idle.c")
        let binary = directory.appendingPathComponent("idle").path
        let program = "#include <unistd.h>\nint main(void) { for (;;) pause(); }\n"
        guard (try? program.write(to: source, atomically: true, encoding: .utf8)) != nil else { return nil }
        for compiler in ["/usr/bin/cc", "/usr/bin/gcc", "/usr/bin/clang"]
        where FileManager.default.isExecutableFile(atPath: compiler) {
            if let run = try? TestSupport.run(compiler, ["-static", "-O1", "-o", binary, source.path]), run.status == 0
            {
                return binary
            }
        }
        return nil
    }

    /// Whether `pid` sleeps (state S in /proc/PID/stat): the idle program has reached pause(),
    /// past the page faults of its start, however long the machine took to get it there.
    static func isAsleep(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first == "S"
    }

    /// How many times a comparison is taken again when the kernel's figures moved while it read:
    /// retries, not waiting, so a busy machine only makes it try more often.
    static let tries = 50

    @Test func snapshotOfAnIdleProcessEqualsSmapsRollupMapsAndStat() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let staticProgram = Self.staticIdleProgram(in: directory)
        let idle = try TestSupport.start(staticProgram ?? "/bin/sleep", staticProgram == nil ? ["60"] : [])
        defer { kill(idle.processIdentifier, SIGKILL) }
        let pid = idle.processIdentifier
        let expectedCommand = staticProgram ?? "/bin/sleep 60"
        #expect(
            TestSupport.waitUntil {
                (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8))?.hasPrefix(expectedCommand)
                    == true && Self.isAsleep(pid)
            })
        // Read the kernel's figures around the snapshot; take it again if they moved meanwhile.
        var matched = false
        var last = ""
        for _ in 0..<Self.tries where !matched {
            let before = try Self.kernelFigures(pid)
            let run = try TestSupport.memhist(["snapshot", String(pid), "--format", "json"])
            #expect(run.status == 0, "\(run.stderr)")
            let after = try Self.kernelFigures(pid)
            guard before == after else {
                last = "the kernel's figures moved during the snapshot: \(before.filter { after[$0.key] != $0.value })"
                continue
            }
            let object = try TestSupport.jsonObject(run.stdout)
            let memory = try #require(object["memory"] as? [String: Int])
            #expect(object["pid"] as? Int == Int(pid))
            #expect(object["command"] as? String == expectedCommand)
            var mismatches: [String] = []
            for (key, value) in before where memory[key] != value {
                // Without a static target, PSS of the libc pages it shares with memhist is split
                // one way more while memhist runs (see staticIdleProgram); allow exactly that.
                if staticProgram == nil, key == "proportional_size", let seen = memory[key], seen < value,
                    seen > value / 2
                {
                    continue
                }
                mismatches.append("\(key): memhist \(memory[key].map(String.init) ?? "missing") kernel \(value)")
            }
            last = mismatches.joined(separator: ", ")
            matched = mismatches.isEmpty
            #expect(memory["private_size"] == before["private_clean_size"]! + before["private_dirty_size"]!)
            #expect(memory["shared_size"] == before["shared_clean_size"]! + before["shared_dirty_size"]!)
            #expect(memory["total_size"] == before["resident_size"]! + before["swap_size"]!)
            let regions = try #require(object["regions"] as? [[String: Any]])
            #expect(regions.contains { $0["label"] as? String == "[stack]" })
            #expect(
                regions.contains {
                    ($0["label"] as? String)?.hasSuffix(staticProgram == nil ? "/sleep" : "/idle") == true
                })
        }
        #expect(matched, "\(last)")
    }

    @Test func inProcessCaptureEqualsTheKernelFieldForField() throws {
        // The same comparison without a second process: this test process captures a child
        // that shares no page with the other processes the parallel tests start (see
        // staticIdleProgram), so its figures hold still while it reads.
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let staticProgram = Self.staticIdleProgram(in: directory)
        let idle = try TestSupport.start(staticProgram ?? "/bin/sleep", staticProgram == nil ? ["60"] : [])
        defer { kill(idle.processIdentifier, SIGKILL) }
        let pid = idle.processIdentifier
        let expectedCommand = staticProgram ?? "/bin/sleep"
        #expect(
            TestSupport.waitUntil {
                (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8))?.hasPrefix(expectedCommand)
                    == true && Self.isAsleep(pid)
            })
        let capturer = LinuxProcessCapturer()
        var matched = false
        var moved = ""
        for _ in 0..<Self.tries where !matched {
            let before = try Self.kernelFigures(pid)
            let capture = try capturer.capture(try capturer.identity(pid: pid), withRegions: true, timeMs: 0)
            let after = try Self.kernelFigures(pid)
            guard before == after else {
                moved = "\(before.filter { after[$0.key] != $0.value })"
                continue
            }
            let memory = capture.memory
            let ours: [String: Int] = [
                "map_count": memory.mapCount, "resident_size": memory.residentSize,
                "proportional_size": memory.proportionalSize, "shared_clean_size": memory.sharedCleanSize,
                "shared_dirty_size": memory.sharedDirtySize, "private_clean_size": memory.privateCleanSize,
                "private_dirty_size": memory.privateDirtySize, "referenced_size": memory.referencedSize,
                "anonymous_size": memory.anonymousSize, "swap_size": memory.swapSize,
                "proportional_swap_size": memory.proportionalSwapSize, "minor_faults": memory.minorFaults,
                "major_faults": memory.majorFaults,
            ]
            #expect(ours == before)
            matched = true
        }
        #expect(matched, "the kernel's figures never held still for \(Self.tries) tries: \(moved)")
    }

    @Test func snapshotTableNamesTheProcess() throws {
        let run = try TestSupport.memhist(["snapshot", String(getpid())])
        #expect(run.status == 0)
        #expect(run.stdout.contains("pid \(getpid())"))
        #expect(run.stdout.contains("proportional (PSS)"))
    }
}
