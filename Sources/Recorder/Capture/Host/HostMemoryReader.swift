/// Reads the host's memory (`/proc/meminfo`) and one cgroup's usage and limit each tick;
/// on macOS, `hw.memsize`, `vm.swapusage` and the VM statistics `vm_stat` prints.
public final class HostMemoryReader {
    private let reader = ProcFileReader(capacity: 8192)
    private let cgroup: CgroupMemoryFiles?

    /// Creates a reader for the cgroup of `pid` (memhist's own when nil or unreadable).
    public init(cgroupOf pid: Int32?) {
        cgroup = CgroupMemoryFiles.locate(pid: pid) ?? CgroupMemoryFiles.locate(pid: nil)
    }

    /// The memory now; fields that cannot be read are nil.
    public func read() -> HostMemory {
        #if os(macOS)
        return DarwinHostMemory.read()
        #else
        var memory =
            (try? reader.withContents(of: "/proc/meminfo", pid: 0) { MeminfoParser.parse($0) }) ?? HostMemory()
        if let cgroup {
            let (usage, limit) = cgroup.read(using: reader)
            memory.cgroupUsage = usage
            memory.cgroupLimit = limit
        }
        return memory
        #endif
    }
}
