#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a process's cgroup keeps its memory usage and limit: v2 `memory.current` and
/// `memory.max`, or v1 `memory.usage_in_bytes` and `memory.limit_in_bytes`.
///
/// Found once from `/proc/PID/cgroup` and the mounts under `/sys/fs/cgroup`; then read every
/// tick. See cgroups(7) and the kernel's cgroup-v1/memory.rst and cgroup-v2.rst.
public struct CgroupMemoryFiles: Sendable, Hashable {
    /// The file holding the usage in bytes.
    public var usagePath: String
    /// The file holding the limit in bytes.
    public var limitPath: String
    /// Whether these are cgroup v2 files.
    public var isVersion2: Bool

    /// v1 reports "no limit" as a huge page-aligned number (`PAGE_COUNTER_MAX * PAGE_SIZE`);
    /// anything at or above this is treated as unlimited.
    static let unlimitedThreshold = 1 << 60

    /// The cgroup paths in `/proc/PID/cgroup` text: the v2 path (`0::/path`) and the v1 memory
    /// controller's path (`N:...memory...:/path`), when present.
    public static func paths(inProcCgroup text: String) -> (version2: String?, memoryVersion1: String?) {
        var version2: String?
        var version1: String?
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            if parts[0] == "0" && parts[1].isEmpty {
                version2 = String(parts[2])
            } else if parts[1].split(separator: ",").contains("memory") {
                version1 = String(parts[2])
            }
        }
        return (version2, version1)
    }

    /// Finds the memory files of `pid`'s cgroup (or memhist's own when `pid` is nil), under
    /// the cgroup file system mounted at `root`. Nil when none is readable.
    public static func locate(pid: Int32? = nil, root: String = "/sys/fs/cgroup") -> CgroupMemoryFiles? {
        let procPath = pid.map { "/proc/\($0)/cgroup" } ?? "/proc/self/cgroup"
        guard
            let text = try? ProcFileReader(capacity: 4096).withContents(
                of: procPath, pid: pid ?? 0,
                {
                    String(decoding: $0, as: UTF8.self)
                })
        else { return nil }
        let (version2, version1) = paths(inProcCgroup: text)
        // v1 first: on a hybrid host the v2 hierarchy usually has no memory controller.
        if let path = version1 {
            for directory in candidates(base: root + "/memory", path: path) {
                let files = CgroupMemoryFiles(
                    usagePath: directory + "/memory.usage_in_bytes", limitPath: directory + "/memory.limit_in_bytes",
                    isVersion2: false)
                if access(files.usagePath, R_OK) == 0 { return files }
            }
        }
        if let path = version2 {
            for base in [root, root + "/unified"] {
                for directory in candidates(base: base, path: path) {
                    let files = CgroupMemoryFiles(
                        usagePath: directory + "/memory.current", limitPath: directory + "/memory.max", isVersion2: true
                    )
                    if access(files.usagePath, R_OK) == 0 { return files }
                }
            }
        }
        return nil
    }

    /// The directory of the cgroup, then (inside a container, where the path names a cgroup
    /// outside the namespace) the mount's root.
    private static func candidates(base: String, path: String) -> [String] {
        let trimmed = path == "/" ? "" : path
        return trimmed.isEmpty ? [base] : [base + trimmed, base]
    }

    /// Reads the usage and the limit (nil limit: unlimited).
    public func read(using reader: ProcFileReader) -> (usage: Int?, limit: Int?) {
        func number(_ path: String) -> (value: Int?, unlimited: Bool) {
            guard let text = try? reader.withContents(of: path, pid: 0, { String(decoding: $0, as: UTF8.self) }) else {
                return (nil, false)
            }
            let trimmed = text.trimmingWhitespaceAndNewlines
            if trimmed == "max" { return (nil, true) }
            return (Int(trimmed).flatMap { $0 >= 0 && $0 <= RegionSizes.limit ? $0 : nil }, false)
        }
        let usage = number(usagePath).value
        let limit = number(limitPath).value.flatMap { $0 >= Self.unlimitedThreshold ? nil : $0 }
        return (usage, limit)
    }
}
