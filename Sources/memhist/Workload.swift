import ArgumentParser
import Recorder

extension Memhist {
    struct Workload: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "workload",
            abstract: "Run a process that uses memory in a known pattern, to try memhist on.",
            discussion: """
                leak grows at --rate and never frees; plateau grows for the first --rise-percent (40%) of the duration; \
                sawtooth grows to --size and frees it, again and again; memfd grows one memfd mapping; \
                steady holds --size; shrink takes --size and frees it at --rate; mappings holds --count \
                separate one-page mappings. --extra-mappings adds one-page mappings to any pattern; \
                --split-pages takes its memory as one-page mappings. Example: memhist record --db try.db \
                -- memhist workload leak --rate 4MiB --duration 30s
                """)

        @Argument(help: "The pattern: leak, plateau, sawtooth, memfd, steady, shrink or mappings.")
        var pattern: SyntheticWorkload.Pattern

        @Option(help: ArgumentHelp("Growth or release per second, e.g. 4MiB.", valueName: "size"))
        var rate: ByteSizeArgument = ByteSizeArgument(argument: "4MiB")!

        @Option(help: ArgumentHelp("Size held (steady, shrink) or the sawtooth's peak.", valueName: "size"))
        var size: ByteSizeArgument = ByteSizeArgument(argument: "32MiB")!

        @Option(help: ArgumentHelp("Mappings to hold (mappings).", valueName: "n"))
        var count: Int = 1000

        @Option(
            help: ArgumentHelp(
                "One-page mappings to hold besides the pattern's memory, which make smaps costly to read (default 0).",
                valueName: "n"))
        var extraMappings: Int = 0

        @Flag(
            help: "Take the memory as one-page mappings, so that reading smaps costs more as the process grows.")
        var splitPages = false

        @Option(help: ArgumentHelp("The memfd's name (memfd), any bytes: to try hostile names on.", valueName: "name"))
        var name = "memhist-workload"

        @Option(
            help: ArgumentHelp("The share of the duration plateau grows for, in % (default 40).", valueName: "percent"))
        var risePercent: Double = 40

        @Option(help: ArgumentHelp("How long to run.", valueName: "duration"))
        var duration: DurationArgument = DurationArgument(argument: "10s")!

        func validate() throws {
            guard count >= 1 else { throw ValidationError("--count must be at least 1") }
            guard extraMappings >= 0 else { throw ValidationError("--extra-mappings must not be negative") }
            guard (0...100).contains(risePercent) else {
                throw ValidationError("--rise-percent must be between 0 and 100")
            }
        }

        func run() throws {
            var workload = SyntheticWorkload(
                pattern: pattern, rate: rate.bytes, size: size.bytes, durationMs: duration.milliseconds)
            workload.mappingCount = count
            workload.extraMappingCount = extraMappings
            workload.splitsPages = splitPages
            workload.memfdName = name
            workload.riseFraction = risePercent / 100
            try workload.run()
        }
    }
}
