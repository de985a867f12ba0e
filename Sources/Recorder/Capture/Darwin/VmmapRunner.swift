#if os(macOS)
import Darwin
import Foundation

/// Why `vmmap` could not give a capture.
public enum VmmapRunnerError: Error, Sendable, CustomStringConvertible {
    /// There is no vmmap at the path (it comes with the macOS developer tools).
    case missing(path: String)
    /// vmmap ran and refused (for example without permission to inspect the process).
    case failed(pid: Int32, status: Int32, message: String)

    public var description: String {
        switch self {
        case .missing(let path):
            return "\(path) not found: install the Xcode command line tools (xcode-select --install)"
        case .failed(let pid, let status, let message):
            return "vmmap \(pid) failed (status \(status)): \(message.isEmpty ? "no message" : message); "
                + "run memhist as the process's user or with sudo"
        }
    }
}

/// Runs `/usr/bin/vmmap PID` and parses its output with ``VmmapParser``, as process-metrics
/// does on macOS.
public struct VmmapRunner: Sendable {
    /// The vmmap executable.
    public var path: String

    /// Creates a runner for the vmmap at `path`.
    public init(path: String = "/usr/bin/vmmap") {
        self.path = path
    }

    /// Captures `pid`: nil when the process no longer exists or vmmap printed no region.
    /// - Parameter processCount: processes captured together; divides the proportional sizes.
    /// - Throws: ``VmmapRunnerError`` when vmmap is missing or refuses; ``VmmapError`` for
    ///   output the parser refuses.
    public func capture(pid: Int32, processCount: Int, timeMs: Int64) throws -> ProcessCapture? {
        guard FileManager.default.isExecutableFile(atPath: path) else { throw VmmapRunnerError.missing(path: path) }
        guard Self.exists(pid) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [String(pid)]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Drain stderr on another thread so neither pipe can fill and block vmmap.
        let errorText = ErrorText()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorText.value = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            group.leave()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            guard Self.exists(pid) else { return nil }
            let firstLine = errorText.value.split(separator: "\n").first.map(String.init) ?? ""
            throw VmmapRunnerError.failed(pid: pid, status: process.terminationStatus, message: firstLine)
        }
        guard let parsed = try VmmapParser.parse(data, processCount: processCount) else { return nil }
        let text = String(decoding: data.prefix(4096), as: UTF8.self)
        let name = SavedCaptureReader.processLine(in: text)?.0 ?? "pid \(pid)"
        let identity = ProcessIdentity(
            pid: pid, startTicks: 0, parentPid: 0, name: name, commandLine: name, executable: nil)
        return ProcessCapture(
            identity: identity, timeMs: timeMs, memory: parsed.memory,
            peakResidentSize: parsed.physicalFootprintPeak,
            threadCount: nil, regions: parsed.regions.map { $0.region(processCount: processCount) })
    }

    /// Whether a process with this pid exists (EPERM: it does, but belongs to someone else).
    static func exists(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    private final class ErrorText: @unchecked Sendable {
        var value = ""
    }
}
#endif
