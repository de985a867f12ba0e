// memhist-bench: measures memhist against the floors it cannot beat (plain reads of the same
// /proc files, raw SQLite inserts, a plain scan) and prints a Markdown table of the ratios.
//
//     swift run -c release memhist-bench [--quick] [--only N,N] [--large-gib G] [--memhist PATH]
//
// The same executable is also the helper processes it measures (hidden first arguments
// `--mappings-helper N` and `--large-helper G`, see HelperMode).

import Foundation

#if canImport(Glibc)
import Glibc
#endif

HelperMode.runIfRequested(Array(CommandLine.arguments.dropFirst()))

let usage = """
    usage: memhist-bench [--quick] [--only N,N] [--large-gib G] [--memhist PATH]

      --quick        small sizes: the whole run takes about four minutes
      --only N,N     run only these items (1 to 12)
      --large-gib G  resident size of item 7's target (default 2, 1 with --quick)
      --memhist PATH the memhist binary (default: next to this executable)

    items: 1 capture with regions vs smaps read, 2 totals capture vs its reads, 3 recorder CPU per
    process-sample, 4 SQLite row writes vs raw inserts, 5 bytes on disk per sample, 6 report time over
    a day, 7 stalls imposed on a large target, 8 vmmap parser speed, 9 recorder CPU with --listen,
    10 start-up (--version, snapshot), 11 ticks as recorded (the whole recorder vs a C reader of the same
    files; needs cc), 12 bytes written per byte kept
    """

/// Parses the command line; exits with 64 on a usage error.
func parseArguments(_ arguments: [String]) -> BenchConfig {
    var config = BenchConfig()
    var index = 0
    func value(_ option: String) -> String {
        index += 1
        guard index < arguments.count else { fail("\(option) needs a value") }
        return arguments[index]
    }
    func fail(_ message: String) -> Never {
        writeError("memhist-bench: \(message)\n\n\(usage)\n")
        exit(64)
    }
    while index < arguments.count {
        switch arguments[index] {
        case "--quick":
            config.quick = true
        case "--only":
            let items = value("--only").split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !items.isEmpty, items.allSatisfy({ $0 != nil && (1...12).contains($0!) }) else {
                fail("--only takes item numbers 1 to 12, such as 1,4")
            }
            config.only = Set(items.compactMap { $0 })
        case "--large-gib":
            guard let gib = Double(value("--large-gib")), gib > 0, gib < 1024 else {
                fail("--large-gib takes a positive number of GiB")
            }
            config.largeGiB = gib
        case "--memhist":
            Binaries.memhistOverride = value("--memhist")
        case "--help", "-h":
            print(usage)
            exit(0)
        default:
            fail("unknown argument '\(arguments[index])'")
        }
        index += 1
    }
    return config
}

/// Runs the selected items, each on its own so that one failing still leaves the others.
func runBenchmark(_ config: BenchConfig) -> Int32 {
    ChildRegistry.installCleanup()
    let table = ResultTable()
    let started = Clock.nowNs()
    say("# memhist-bench\(config.quick ? " (--quick)" : "")")
    say()
    say(Machine.description())
    say("- library: \(LibraryState.description())")
    say("- items: \(config.only.isEmpty ? "all" : config.only.sorted().map(String.init).joined(separator: ","))")
    var failures: [String] = []
    let groups: [(items: Set<Int>, name: String, body: (BenchConfig, ResultTable) throws -> Void)] = [
        ([1, 2], "capture", CaptureBench.run),
        ([3], "recorder CPU", RecorderCPUBench.run),
        ([4], "writes", WriteBench.run),
        ([5], "bytes on disk", DiskBench.run),
        ([6], "report", ReportBench.run),
        ([7], "stall", StallBench.run),
        ([8], "vmmap parser", VmmapBench.run),
        ([9], "--listen", ListenBench.run),
        ([10], "start-up", StartupBench.run),
        ([11], "ticks as recorded", RecordedTickBench.run),
        ([12], "bytes written per byte kept", WriteAmplificationBench.run),
    ]
    for group in groups where group.items.contains(where: config.runs(item:)) {
        let start = Clock.nowNs()
        do {
            try group.body(config, table)
        } catch {
            failures.append("\(group.name): \(error)")
            say("!! \(group.name) failed: \(error)")
        }
        say("(\(group.name): \(Format.ns(Double(Clock.nowNs() - start))))")
    }
    say("\n## Results\n")
    say(table.markdown())
    say(
        "\nRatios are memhist ÷ floor, medians of repeated runs measured in this invocation. "
            + "Total time \(Format.ns(Double(Clock.nowNs() - started))).")
    for failure in failures { say("FAILED: \(failure)") }
    return failures.isEmpty ? 0 : 1
}

exit(runBenchmark(parseArguments(Array(CommandLine.arguments.dropFirst()))))
