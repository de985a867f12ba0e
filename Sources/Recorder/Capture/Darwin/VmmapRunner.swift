#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why `vmmap` could not give a capture.
public enum VmmapRunnerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// There is no vmmap at the path (it comes with the macOS developer tools).
    case missing(path: String)
    /// vmmap ran and refused (for example without permission to inspect the process).
    case failed(pid: Int32, status: Int32, message: String)

    public var description: String {
        switch self {
        case .missing(let path):
            guard path == VmmapRunner.defaultPath else { return "\(path) is not an executable file" }
            return "\(path) not found: install the Xcode command line tools (xcode-select --install); "
                + "record takes another vmmap with --vmmap PATH"
        case .failed(let pid, let status, let message):
            return "vmmap \(pid) failed (status \(status)): \(message.isEmpty ? "no message" : message); "
                + "run memhist as the process's user or with sudo"
        }
    }
}

/// Runs `vmmap PID` and parses its output with ``VmmapParser``, as process-metrics does on
/// macOS. Plain Swift on every platform: on Linux it runs a vmmap-compatible stand-in (a
/// program that prints vmmap's text), which is how the macOS recording path is tested there.
public struct VmmapRunner: Sendable {
    /// Where macOS has vmmap.
    public static let defaultPath = "/usr/bin/vmmap"

    /// The vmmap executable.
    public var path: String

    /// Creates a runner for the vmmap at `path`.
    public init(path: String = VmmapRunner.defaultPath) {
        self.path = path
    }

    /// Whether the path names an executable regular file.
    public var isRunnable: Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
    }

    /// What one run of vmmap gave.
    public struct Run: Sendable {
        /// The parse of its output.
        public var capture: VmmapCapture
        /// The process's name from the output's `Process:` line, when it has one.
        public var processName: String?
        /// How long vmmap ran: what the page-walk budget charges, since vmmap inspects the
        /// target while it runs.
        public var elapsedNs: UInt64
    }

    /// Runs vmmap on `pid`: nil when the process no longer exists or vmmap printed no region.
    ///
    /// - Parameter processCount: processes captured together; divides the proportional sizes.
    /// - Throws: ``VmmapRunnerError`` when vmmap is missing or refuses; ``VmmapError`` for
    ///   output the parser refuses.
    public func run(pid: Int32, processCount: Int) throws -> Run? {
        guard isRunnable else { throw VmmapRunnerError.missing(path: path) }
        guard Self.exists(pid) else { return nil }
        let output: CommandOutput
        do {
            output = try CommandOutput.run(path, [String(pid)])
        } catch {
            throw VmmapRunnerError.missing(path: path)
        }
        guard output.status == 0 else {
            guard Self.exists(pid) else { return nil }
            let message = VisibleText.decoding(output.standardError)
            let firstLine = message.split(separator: "\n").first.map(String.init) ?? ""
            throw VmmapRunnerError.failed(pid: pid, status: output.status, message: firstLine)
        }
        let parsed = try output.standardOutput.withUnsafeBufferPointer { bytes in
            try VmmapParser.parse(bytes, processCount: max(1, processCount))
        }
        guard let parsed else { return nil }
        let header = String(decoding: output.standardOutput.prefix(4096), as: UTF8.self)
        return Run(
            capture: parsed, processName: SavedCaptureReader.processLine(in: header)?.0,
            elapsedNs: output.elapsedNs)
    }

    /// Whether a process with this pid exists (EPERM: it does, but belongs to someone else).
    static func exists(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
