#if os(macOS)
import Darwin

/// The real ``DarwinProcessAPI``: libproc and sysctl, as documented in `libproc.h`,
/// `sys/proc_info.h`, `sys/resource.h` and `sys/sysctl.h`. The only code in memhist that
/// builds on macOS alone; everything over it is plain Swift tested on Linux.
public final class LibprocProcessAPI: DarwinProcessAPI {
    /// Creates the API.
    public init() {}

    public func listPids() -> [Int32] {
        // The count can grow between the two calls: ask for room to spare.
        let estimate = proc_listallpids(nil, 0)
        guard estimate > 0 else { return [] }
        var pids = [Int32](repeating: 0, count: Int(estimate) + 64)
        let written = pids.withUnsafeMutableBytes {
            proc_listallpids($0.baseAddress, Int32($0.count))
        }
        guard written > 0 else { return [] }
        return Array(pids.prefix(Int(written)))
    }

    public func bsdInfo(pid: Int32) throws -> DarwinBSDInfo {
        var info = proc_bsdinfo()
        let size = Int32(MemoryLayout<proc_bsdinfo>.size)
        let written = proc_pidinfo(pid, PROC_PIDTBSDINFO, 0, &info, size)
        guard written == size else { throw Self.error("proc_pidinfo") }
        let name = Self.text(&info.pbi_name)
        return DarwinBSDInfo(
            pid: Int32(bitPattern: info.pbi_pid), parentPid: Int32(bitPattern: info.pbi_ppid),
            status: info.pbi_status, name: name.isEmpty ? Self.text(&info.pbi_comm) : name,
            startSeconds: info.pbi_start_tvsec, startMicroseconds: info.pbi_start_tvusec)
    }

    public func processArguments(pid: Int32) throws -> [UInt8] {
        var argumentMax: Int32 = 0
        var size = MemoryLayout<Int32>.size
        var query: [Int32] = [CTL_KERN, KERN_ARGMAX]
        guard sysctl(&query, 2, &argumentMax, &size, nil, 0) == 0, argumentMax > 0 else {
            throw Self.error("sysctl KERN_ARGMAX")
        }
        var buffer = [UInt8](repeating: 0, count: Int(argumentMax))
        size = buffer.count
        query = [CTL_KERN, KERN_PROCARGS2, pid]
        let status = buffer.withUnsafeMutableBytes { sysctl(&query, 3, $0.baseAddress, &size, nil, 0) }
        guard status == 0 else { throw Self.error("sysctl KERN_PROCARGS2") }
        return Array(buffer.prefix(size))
    }

    public func executablePath(pid: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 4 * Int(MAXPATHLEN))  // PROC_PIDPATHINFO_MAXSIZE
        let length = buffer.withUnsafeMutableBytes { proc_pidpath(pid, $0.baseAddress, UInt32($0.count)) }
        guard length > 0 else { return nil }
        return VisibleText.decoding(buffer.prefix(Int(length)))
    }

    public func resourceUsage(pid: Int32) throws -> DarwinResourceUsage {
        var usage = rusage_info_v4()
        let status = withUnsafeMutablePointer(to: &usage) {
            $0.withMemoryRebound(to: rusage_info_t?.self, capacity: 1) {
                proc_pid_rusage(pid, RUSAGE_INFO_V4, $0)
            }
        }
        guard status == 0 else { throw Self.error("proc_pid_rusage") }
        return DarwinResourceUsage(
            residentSize: usage.ri_resident_size, physicalFootprint: usage.ri_phys_footprint,
            lifetimeMaxPhysicalFootprint: usage.ri_lifetime_max_phys_footprint, pageins: usage.ri_pageins)
    }

    /// The error errno says, for `call`.
    private static func error(_ call: String) -> DarwinProcessAPIError {
        switch errno {
        case ESRCH: return .noSuchProcess
        case EPERM, EACCES: return .notPermitted(call: call)
        default: return .failed(call: call, errno: errno)
        }
    }

    /// A fixed-size C string field (a tuple of CChar) as Swift text.
    private static func text<T>(_ field: inout T) -> String {
        withUnsafeBytes(of: &field) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return VisibleText.decoding(bytes)
        }
    }
}
#endif
