#if os(macOS)
import Darwin

/// The host's memory on macOS: `hw.memsize`, `vm.swapusage`, and what `vm_stat` reports
/// as free, inactive and speculative pages (memory the system can hand out without paging).
enum DarwinHostMemory {
    static func read() -> HostMemory {
        var memory = HostMemory()
        var total: UInt64 = 0
        var size = MemoryLayout<UInt64>.size
        if sysctlbyname("hw.memsize", &total, &size, nil, 0) == 0 { memory.total = Int(total) }
        var swap = xsw_usage()
        size = MemoryLayout<xsw_usage>.size
        if sysctlbyname("vm.swapusage", &swap, &size, nil, 0) == 0 {
            memory.swapTotal = Int(swap.xsu_total)
            memory.swapFree = Int(swap.xsu_avail)
        }
        var statistics = vm_statistics64_data_t()
        var count = mach_msg_type_number_t(MemoryLayout<vm_statistics64_data_t>.size / MemoryLayout<integer_t>.size)
        let result = withUnsafeMutablePointer(to: &statistics) { pointer in
            pointer.withMemoryRebound(to: integer_t.self, capacity: Int(count)) {
                host_statistics64(mach_host_self(), HOST_VM_INFO64, $0, &count)
            }
        }
        if result == KERN_SUCCESS {
            let pageSize = UInt64(sysconf(_SC_PAGESIZE))
            let pages =
                UInt64(statistics.free_count) + UInt64(statistics.inactive_count)
                + UInt64(statistics.speculative_count)
            memory.available = Int(pages * pageSize)
        }
        return memory
    }
}
#endif
