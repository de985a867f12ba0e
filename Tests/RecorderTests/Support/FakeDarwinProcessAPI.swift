@testable import Recorder

/// A ``DarwinProcessAPI`` with canned answers: the processes a test describes, as the macOS
/// kernel would report them.
final class FakeDarwinProcessAPI: DarwinProcessAPI {
    /// One process as the fake kernel knows it.
    struct Entry {
        var info: DarwinBSDInfo
        var arguments: [UInt8]?
        var path: String?
        var usage: DarwinResourceUsage?
    }

    /// The processes, by pid.
    var entries: [Int32: Entry] = [:]
    /// Pids whose calls fail with EPERM, as another user's processes do.
    var protected: Set<Int32> = []
    /// Calls made, by name, for assertions.
    private(set) var calls: [String] = []

    /// Adds a process with a KERN_PROCARGS2 buffer built from `arguments`.
    func add(
        pid: Int32, parent: Int32, name: String, arguments: [String], path: String,
        startSeconds: UInt64 = 1_700_000_000,
        usage: DarwinResourceUsage? = nil, status: UInt32 = 2
    ) {
        entries[pid] = Entry(
            info: DarwinBSDInfo(
                pid: pid, parentPid: parent, status: status, name: name, startSeconds: startSeconds,
                startMicroseconds: 250_000),
            arguments: Self.procArgs2(path: path, arguments: arguments, environment: ["HOME=/Users/x"]),
            path: path, usage: usage)
    }

    /// The buffer macOS returns for KERN_PROCARGS2: argc, the exec path and padding, argv, env.
    static func procArgs2(path: String, arguments: [String], environment: [String], argc: Int32? = nil) -> [UInt8] {
        var bytes = withUnsafeBytes(of: (argc ?? Int32(arguments.count)).littleEndian) { Array($0) }
        bytes += Array(path.utf8) + [0, 0, 0, 0]
        for text in arguments + environment { bytes += Array(text.utf8) + [0] }
        return bytes
    }

    func listPids() -> [Int32] { entries.keys.sorted() }

    func bsdInfo(pid: Int32) throws -> DarwinBSDInfo {
        calls.append("bsdInfo")
        return try entry(pid).info
    }

    func processArguments(pid: Int32) throws -> [UInt8] {
        calls.append("processArguments")
        guard let bytes = try entry(pid).arguments else {
            throw DarwinProcessAPIError.failed(call: "sysctl", errno: 22)
        }
        return bytes
    }

    func executablePath(pid: Int32) -> String? { entries[pid]?.path }

    func resourceUsage(pid: Int32) throws -> DarwinResourceUsage {
        calls.append("resourceUsage")
        guard let usage = try entry(pid).usage else { throw DarwinProcessAPIError.noSuchProcess }
        return usage
    }

    private func entry(_ pid: Int32) throws -> Entry {
        if protected.contains(pid) { throw DarwinProcessAPIError.notPermitted(call: "proc_pidinfo") }
        guard let entry = entries[pid] else { throw DarwinProcessAPIError.noSuchProcess }
        return entry
    }
}
