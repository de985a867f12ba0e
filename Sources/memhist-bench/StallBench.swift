import Foundation
import Recorder

#if canImport(Glibc)
import Glibc
#endif

/// Item 7: the stalls the real `memhist record` imposes on a process with gigabytes resident.
///
/// The target (this executable with `--large-helper G`) holds G GiB of written anonymous
/// memory and, for a window of seconds, maps 64 KiB, writes its pages and unmaps it over and
/// over, timing each iteration. mmap and munmap take the target's mmap lock for writing, which
/// waits while the kernel walks the page tables for memhist's smaps_rollup / smaps read.
/// Windows without a recording, with one at memhist's defaults and with one at `--budget off`
/// (when memhist has a page-walk budget) rotate; a window with a recording starts 0.5 s after
/// memhist does, so it holds the steady state (one tick a second, every 10th with regions) and
/// not memhist's start-up.
enum StallBench {
    /// One window's figures from the helper, ns.
    struct Window {
        var iterations: Double
        var worst: Double
        var p99: Double
        var p999: Double
        var blocked: Double
        var blockedCount: Double
        var total: Double
        var slept: Double
        var preempted: Double

        /// Parses `result ITERATIONS WORST P99 P999 BLOCKED BLOCKED_COUNT TOTAL SLEPT PREEMPTED`.
        init(_ line: String) throws {
            let numbers = line.split(separator: " ").dropFirst().compactMap { Double($0) }
            guard line.hasPrefix("result "), numbers.count == 9 else {
                throw BenchError("large helper said '\(line)'")
            }
            (iterations, worst, p99, p999) = (numbers[0], numbers[1], numbers[2], numbers[3])
            (blocked, blockedCount, total) = (numbers[4], numbers[5], numbers[6])
            (slept, preempted) = (numbers[7], numbers[8])
        }

        /// Mean time of one iteration.
        var mean: Double { total / max(iterations, 1) }

        /// One line for the log.
        var text: String {
            "\(Format.count(Int(iterations))) iterations, mean \(Format.ns(mean)), p99 \(Format.ns(p99)), "
                + "p99.9 \(Format.ns(p999)), worst \(Format.ns(worst)), blocked \(Format.ns(blocked)) "
                + "in \(Int(blockedCount)) iterations > 1 ms (slept \(Format.ns(slept)), "
                + "preempted \(Format.ns(preempted)))"
        }
    }

    /// Runs item 7.
    static func run(config: BenchConfig, table: ResultTable) throws {
        let memhist = try Binaries.memhist()
        let gib = config.stallGiB
        let seconds = config.stallSeconds
        let helper = try Child(
            Binaries.selfPath, ["--large-helper", String(gib)], stdin: .pipe, stdout: .pipe)
        defer { helper.terminate() }
        let ready = try helper.readLine(timeoutMs: 600_000)
        guard ready.hasPrefix("ready") else { throw BenchError("large helper said '\(ready)'") }
        let resident =
            Files.text("/proc/\(helper.pid)/status").split(separator: "\n")
            .first { $0.hasPrefix("VmRSS") }.map { $0.split(separator: " ").dropFirst().joined(separator: " ") } ?? "?"
        say(
            "\n### item 7: target pid \(helper.pid) holds \(Format.number(gib, 1)) GiB (VmRSS \(resident)), "
                + "\(HelperMode.mapCount(pid: String(helper.pid))) mappings; \(config.stallPairs) rounds of "
                + "\(Format.number(seconds, 0)) s windows without / with `memhist record --interval 1s`")

        let raw = RawReader()
        for file in ["smaps_rollup", "smaps"] {
            var times: [Double] = []
            for _ in 0..<3 {
                let start = Clock.nowNs()
                raw.read("/proc/\(helper.pid)/\(file)")
                times.append(Double(Clock.nowNs() - start))
            }
            say("  one read of the target's \(file) (idle target): \(Format.ns(Stats.median(times)))")
        }
        // Windows without memhist, with it at its defaults, and (when this memhist has a page-walk
        // budget) with `--budget off`, in rotating order.
        let variants: [(name: String, extra: [String]?)] =
            [("without memhist", nil), ("with memhist (defaults)", [])]
            + (memhistHasBudget(memhist) ? [("with memhist --budget off", ["--budget", "off"])] : [])
        var windows = [[Window]](repeating: [], count: variants.count)
        for pair in 0..<config.stallPairs {
            for step in 0..<variants.count {
                let index = (pair + step) % variants.count
                var recorder: Child?
                let database = try Files.tempPath("stall.db")
                let log = try Files.tempPath("stall.log")
                defer { Files.removeDatabase(database) }
                if let extra = variants[index].extra {
                    recorder = try Child(
                        memhist,
                        ["record", "--db", database, "--interval", "1s", "--pid", String(helper.pid)] + extra,
                        stdout: .null, stderr: .file(log))
                    // Past its start-up (a check capture, then a first tick with regions): the window
                    // sees the steady state, ticks at 0.5 s, 1.5 s … of which every 10th has regions.
                    usleep(500_000)
                }
                try helper.writeLine("window \(seconds)")
                let window = try Window(try helper.readLine(timeoutMs: Int(seconds * 1000) + 120_000))
                let stalls = try helper.readLine(timeoutMs: 10_000).split(separator: " ").dropFirst()
                var note = ""
                if let recorder {
                    recorder.signal(SIGTERM)
                    let (status, usage) = recorder.wait()
                    guard Child.exitCode(status) == 0 else {
                        throw BenchError("memhist record exited with \(Child.exitCode(status)): \(Files.text(log))")
                    }
                    note = " (memhist: \(try ticks(database)), \(Format.ns(Double(Clock.cpuNs(usage)))) CPU)"
                }
                windows[index].append(window)
                say("  \(variants[index].name): \(window.text)\(note)")
                if !stalls.isEmpty {
                    say(
                        "    stalls > 1 ms (ms into window:µs, s slept / p preempted / r ran): "
                            + stalls.prefix(40).joined(separator: " "))
                }
            }
        }
        let without = windows[0]
        let with = windows[1]
        func median(_ windows: [Window], _ value: (Window) -> Double) -> Double { Stats.median(windows.map(value)) }
        let label = "\(Format.number(gib, 0)) GiB target, \(Format.number(seconds, 0)) s"
        let blockedWith = median(with, \.blocked)
        let blockedWithout = median(without, \.blocked)
        let windowNs = seconds * 1e9
        let added = (blockedWith - blockedWithout) / windowNs * 100
        say(
            "  time blocked (iterations > 1 ms): with \(Format.ns(blockedWith)), without \(Format.ns(blockedWithout)); "
                + "added \(Format.signed(added, 3))% of wall time")
        table.add(
            item: 7, what: "worst iteration (mmap+touch+munmap 64 KiB), \(label)", memhist: median(with, \.worst),
            floor: median(without, \.worst), format: Format.ns, goal: "(info)")
        table.add(
            item: 7, what: "p99 iteration, \(label)", memhist: median(with, \.p99), floor: median(without, \.p99),
            format: Format.ns, goal: "(info)")
        table.add(
            item: 7, what: "p99.9 iteration, \(label)", memhist: median(with, \.p999), floor: median(without, \.p999),
            format: Format.ns, goal: "(info)")
        table.add(
            item: 7, what: "time blocked (iterations > 1 ms) per window, \(label)", memhist: blockedWith,
            floor: blockedWithout, format: Format.ns,
            goal: Goal.absolute("adds ≤ 1% (\(Format.signed(added))% of wall)", met: added <= 1))
        let notPreemptedWith = median(with) { $0.blocked - $0.preempted }
        let notPreemptedWithout = median(without) { $0.blocked - $0.preempted }
        let addedNotPreempted = (notPreemptedWith - notPreemptedWithout) / windowNs * 100
        table.add(
            item: 7, what: "  of which not preempted (waits in the kernel), \(label)", memhist: notPreemptedWith,
            floor: notPreemptedWithout, format: Format.ns,
            goal: Goal.absolute(
                "adds ≤ 1% (\(Format.signed(addedNotPreempted))% of wall)", met: addedNotPreempted <= 1))
        if windows.count > 2 {
            let blockedOff = median(windows[2], \.blocked)
            let addedOff = (blockedOff - blockedWithout) / windowNs * 100
            say(
                "  with --budget off: time blocked \(Format.ns(blockedOff)); "
                    + "added \(Format.signed(addedOff, 3))% of wall")
            table.add(
                item: 7, what: "  same with `--budget off`, \(label)", memhist: blockedOff, floor: blockedWithout,
                format: Format.ns, goal: "(info: \(Format.signed(addedOff))% of wall)")
            table.add(
                item: 7, what: "  worst iteration with `--budget off`, \(label)", memhist: median(windows[2], \.worst),
                floor: median(without, \.worst), format: Format.ns, goal: "(info)")
        }
    }

    /// Whether `memhist record` has the `--budget` option.
    private static func memhistHasBudget(_ memhist: String) -> Bool {
        guard let help = try? Files.tempPath("record-help.txt"),
            let child = try? Child(memhist, ["record", "--help"], stdout: .file(help), stderr: .null)
        else { return false }
        child.wait()
        return Files.text(help).contains("--budget")
    }

    /// What a recording stored: samples, and how many at each detail when the schema says.
    private static func ticks(_ database: String) throws -> String {
        let connection = try Database(path: database, mode: .readOnly)
        let samples = try connection.scalarInt("SELECT count(*) FROM sample") ?? 0
        var text = "\(samples) samples incl. the final one"
        let names = ["?", "status", "rollup", "regions"]
        let query = "SELECT detail, count(*) FROM sample GROUP BY detail ORDER BY detail"
        do {
            // No `detail` column before schema 2.
            let details = try connection.prepare(query).rows { row -> String in
                "\(names[min(max(row.int(0), 0), 3)]) \(row.int(1))"
            }
            text += "; by detail: " + details.joined(separator: ", ")
        } catch {}
        return text
    }
}
