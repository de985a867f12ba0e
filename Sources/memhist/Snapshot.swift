import ArgumentParser
import Recorder

extension Memhist {
    struct Snapshot: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "snapshot",
            abstract: "Capture one process once, or read saved vmmap or smaps text, and print it.",
            discussion: """
                JSON keys are those of process-metrics (map_count, resident_size, proportional_size …), \
                in bytes. --vmmap reads saved `vmmap PID` output as process-metrics does on macOS; \
                --smaps reads saved /proc/PID/smaps or smaps_rollup text. Example: memhist snapshot 4242
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table, json
        }

        @Argument(help: "The process to capture.", completion: .runningProcessIDs)
        var pid: Int32?

        @Option(
            help: ArgumentHelp(
                "Read saved `vmmap PID` output instead of a live process (- for standard input).", valueName: "file"),
            completion: .file())
        var vmmap: String?

        @Option(
            help: ArgumentHelp(
                "Read saved /proc/PID/smaps (or smaps_rollup) text instead (- for standard input).", valueName: "file"),
            completion: .file())
        var smaps: String?

        @Option(
            help: ArgumentHelp(
                "With --vmmap: processes captured together; divides the proportional sizes.", valueName: "n"))
        var count: Int = 1

        @Option(
            help: ArgumentHelp(
                "For a live process: native (/proc on Linux, vmmap on macOS) or vmmap (the vmmap program).",
                valueName: "method"))
        var capture: CaptureMethod = .platformDefault

        @Option(help: "Output format.")
        var format: Format = .table

        func validate() throws {
            let sources = [pid != nil, vmmap != nil, smaps != nil].filter { $0 }.count
            guard sources == 1 else { throw ValidationError("give one of: a PID, --vmmap FILE or --smaps FILE") }
            if let pid, pid <= 0 { throw ValidationError("\(pid) is not a process id") }
            guard count >= 1 else { throw ValidationError("--count must be at least 1") }
        }

        func run() throws {
            let renderer: SnapshotRenderer
            if let path = vmmap {
                let saved = try SavedCaptureReader.vmmap(
                    file: try InputFile(path: path), processCount: count, timeMs: SystemFacts.nowMs())
                renderer = SnapshotRenderer(capture: saved.capture, regionRows: saved.regionRows)
            } else if let path = smaps {
                let saved = try SavedCaptureReader.smaps(file: try InputFile(path: path), timeMs: SystemFacts.nowMs())
                renderer = SnapshotRenderer(capture: saved.capture, regionRows: saved.regionRows)
            } else {
                let source = try capture.makeCheckedSource()
                renderer = try SnapshotRenderer(capture: try source.snapshot(pid: pid!, timeMs: SystemFacts.nowMs()))
            }
            print(format == .json ? renderer.json() : renderer.table(), terminator: "")
        }
    }
}
