import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One line of the final table: a memhist figure against its floor, and the goal it has.
struct ResultRow {
    /// The item number (1 to 12).
    var item: Int
    /// What was measured.
    var what: String
    /// memhist's figure, formatted.
    var memhist: String
    /// The floor's figure, formatted ("-" when there is none).
    var floor: String
    /// memhist ÷ floor, formatted ("-" when there is none).
    var ratio: String
    /// The goal, with whether it was met; empty when the row has none.
    var goal: String
}

/// What the benchmark runs and how much: the command line turned into sizes.
struct BenchConfig {
    /// `--quick`: small sizes, for development.
    var quick = false
    /// `--only`: the items to run; empty runs all.
    var only: Set<Int> = []
    /// `--large-gib`: the resident size of item 7's target, GiB.
    var largeGiB: Double?

    /// Repeats of each measurement (the median is printed).
    var runs: Int { quick ? 3 : 7 }
    /// How long one run of a fast measurement lasts, ns.
    var runTargetNs: Double { quick ? 60_000_000 : 250_000_000 }
    /// Item 1 and 2's mapping counts.
    var mappingCounts: [Int] { [100, 1_000, 10_000] }
    /// Item 3: seconds of each recording, recordings per setting, target processes.
    var recordSeconds: Int { quick ? 3 : 10 }
    var recordRuns: Int { quick ? 1 : 3 }
    var recordTargets: Int { 100 }
    /// Item 4: samples per tick, ticks per run (totals), ticks per run (with regions).
    var writeSamplesPerTick: Int { 100 }
    var writeTicks: Int { quick ? 40 : 1_000 }
    var writeRegionTicks: Int { quick ? 10 : 200 }
    /// Item 5: samples recorded at 100 ms.
    var diskSamples: Int { quick ? 60 : 600 }
    /// Item 6: ticks of the generated day (86,400 s, or 2 hours when quick).
    var dayTicks: Int { quick ? 7_200 : 86_400 }
    var reportRuns: Int { quick ? 3 : 5 }
    /// Item 7: window seconds, pairs of windows (without/with), GiB resident.
    var stallSeconds: Double { quick ? 3 : 10 }
    var stallPairs: Int { quick ? 1 : 3 }
    var stallGiB: Double { largeGiB ?? (quick ? 1 : 2) }
    /// Item 8: regions in the generated vmmap text.
    var vmmapRegions: Int { 10_000 }

    /// Whether item `number` is to run.
    func runs(item number: Int) -> Bool { only.isEmpty || only.contains(number) }
}

/// Collects the rows of the final table and prints it.
final class ResultTable {
    private(set) var rows: [ResultRow] = []

    /// Adds a row.
    func add(_ row: ResultRow) {
        rows.append(row)
    }

    /// Adds a row comparing `memhist` with `floor` (both in the same unit), formatted by `format`.
    func add(
        item: Int, what: String, memhist: Double, floor: Double?, format: (Double) -> String,
        goal: String = ""
    ) {
        rows.append(
            ResultRow(
                item: item, what: what, memhist: format(memhist), floor: floor.map(format) ?? "-",
                ratio: floor.map { $0 == 0 && memhist == 0 ? "- (both 0)" : Format.ratio(memhist / $0) } ?? "-",
                goal: goal))
    }

    /// The Markdown table.
    func markdown() -> String {
        let header = ["item", "what", "memhist", "floor", "ratio", "goal"]
        let cells = rows.map { [String($0.item), $0.what, $0.memhist, $0.floor, $0.ratio, $0.goal] }
        var widths = header.map(\.count)
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ row: [String]) -> String {
            "| "
                + row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: " | ") + " |"
        }
        let rule = "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"
        var out = [line(header), rule]
        out += cells.map(line)
        return out.joined(separator: "\n")
    }
}

/// Goal texts: the goal and whether this run met it.
enum Goal {
    /// `≤ LIMIT×: met` or `… NOT met`.
    static func ratio(_ value: Double, atMost limit: Double) -> String {
        "≤ \(Format.number(limit, 1))×: " + verdict(value <= limit)
    }

    /// A goal on an absolute figure.
    static func absolute(_ text: String, met: Bool) -> String {
        "\(text): " + verdict(met)
    }

    static func verdict(_ met: Bool) -> String { met ? "met" : "NOT met" }
}

/// The machine the numbers come from.
enum Machine {
    /// A few lines: CPUs, model, kernel, memory, transparent huge pages.
    static func description() -> String {
        let cpus = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        let model =
            Files.text("/proc/cpuinfo").split(separator: "\n")
            .first { $0.hasPrefix("model name") }
            .map { String($0.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces) }
            ?? "unknown"
        var name = utsname()
        uname(&name)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        }
        let memory =
            Files.text("/proc/meminfo").split(separator: "\n")
            .filter { $0.hasPrefix("MemTotal") || $0.hasPrefix("MemAvailable") || $0.hasPrefix("SwapTotal") }
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
            .joined(separator: ", ")
        let hugePages = Files.text("/sys/kernel/mm/transparent_hugepage/enabled")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return """
            - CPUs (nproc): \(cpus), model: \(model)
            - kernel: \(text(name.sysname)) \(text(name.release)) \(text(name.version)) \(text(name.machine))
            - memory: \(memory)
            - transparent huge pages: \(hugePages.isEmpty ? "unknown" : hugePages)
            """
    }
}

/// Prints a line at once (stdout may be a file or pipe when run in the background).
func say(_ text: String = "") {
    print(text)
    fflush(nil)
}

/// Writes a message to stderr.
func writeError(_ text: String) {
    var copy = text
    copy.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
}

/// Which library the numbers are of: the package's git commit, how many files differ from it,
/// and when the memhist binary was built.
enum LibraryState {
    /// One line; parts that cannot be found are left out.
    static func description() -> String {
        var parts: [String] = []
        if let root = try? VmmapBench.packageRoot() {
            let head = run("/usr/bin/git", ["-C", root, "log", "-1", "--format=%h %ci %s"])
            if !head.isEmpty { parts.append("git \(head)") }
            let changed = run(
                "/usr/bin/git", ["-C", root, "status", "--porcelain", "--", "Sources/Recorder", "schema"])
            let count = changed.split(separator: "\n").count
            parts.append(count == 0 ? "library clean" : "\(count) library files changed since")
        }
        if let memhist = try? Binaries.memhist() {
            var info = stat()
            if stat(memhist, &info) == 0 {
                let date = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
                parts.append("memhist built \(date)")
            }
        }
        return parts.joined(separator: "; ")
    }

    /// The trimmed stdout of a command; empty when it fails.
    private static func run(_ path: String, _ arguments: [String]) -> String {
        guard let output = try? Files.tempPath("git.txt"),
            let child = try? Child(path, arguments, stdout: .file(output), stderr: .null)
        else { return "" }
        let (status, _) = child.wait()
        guard Child.exitCode(status) == 0 else { return "" }
        return Files.text(output).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
