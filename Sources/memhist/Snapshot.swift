import ArgumentParser
import Recorder

extension Memhist {
    struct Snapshot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Capture one process once and print it.",
            discussion: "JSON keys are those of process-metrics (map_count, resident_size, proportional_size …), in bytes.")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table, json
        }

        @Argument(help: "The process to capture.")
        var pid: Int32

        @Option(help: "Output format.")
        var format: Format = .table

        func validate() throws {
            guard pid > 0 else { throw ValidationError("\(pid) is not a process id") }
        }

        func run() throws {
            do {
                let capturer = LinuxProcessCapturer()
                let identity = try capturer.identity(pid: pid)
                let capture = try capturer.capture(identity, withRegions: true, timeMs: SystemFacts.nowMs())
                let renderer = SnapshotRenderer(capture: capture)
                print(format == .json ? renderer.json() : renderer.table(), terminator: "")
            } catch {
                throw RuntimeError(error)
            }
        }
    }
}
