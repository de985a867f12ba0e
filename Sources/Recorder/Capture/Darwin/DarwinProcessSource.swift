/// The macOS process source over libproc and sysctl (through a ``DarwinProcessAPI``): lists
/// pids, identifies a process (parent and start time from `proc_bsdinfo`, the command line
/// from `KERN_PROCARGS2`, the executable from `proc_pidpath`) and reads its cheap counters
/// from `proc_pid_rusage` (resident size, physical footprint and its lifetime peak, page-ins).
///
/// It reads no totals and no regions itself: macOS has no smaps. On macOS `record` and
/// `snapshot` put it behind ``VmmapProcessSource``, which runs `vmmap PID` for those, as
/// process-metrics does; its captures are at ``CaptureDetail/status`` whatever was asked.
///
/// Plain Swift: compiled and tested on every platform with a fake API.
public final class DarwinProcessSource: ProcessSource {
    private let api: DarwinProcessAPI

    /// Creates a source over `api`.
    public init(api: DarwinProcessAPI) {
        self.api = api
    }

    public func listPids() -> [Int32] {
        api.listPids().filter { $0 >= 0 }
    }

    public func glance(pid: Int32) throws -> ProcessGlance {
        let info = try call(pid, "proc_pidinfo") { try api.bsdInfo(pid: pid) }
        let micros = info.startMicrosecondsSinceEpoch
        return ProcessGlance(
            pid: pid, startTime: micros, startedMs: Int64(clamping: micros / 1000), parentPid: info.parentPid,
            name: info.name,
            // kernel_task: no address space memhist can read on its own.
            isKernelThread: pid == 0, isGone: info.status == DarwinBSDInfo.zombieStatus)
    }

    public func identity(pid: Int32, glance: ProcessGlance?) throws -> ProcessIdentity {
        let seen = try glance ?? self.glance(pid: pid)
        // Another user's process shows its facts but not its arguments: known by its name then.
        let command = (try? commandLine(pid: pid)) ?? ""
        return ProcessIdentity(
            pid: pid, startTime: seen.startTime, startedMs: seen.startedMs, parentPid: seen.parentPid,
            name: seen.name, commandLine: command, executable: executable(pid: pid))
    }

    public func commandLine(pid: Int32) throws -> String {
        let bytes = try call(pid, "sysctl KERN_PROCARGS2") { try api.processArguments(pid: pid) }
        return ProcArgs2.parse(bytes)?.commandLine ?? ""
    }

    public func executable(pid: Int32) -> String? {
        api.executablePath(pid: pid).flatMap { $0.isEmpty ? nil : $0 }
    }

    public func capture(_ identity: ProcessIdentity, detail: CaptureDetail, timeMs: Int64, processCount: Int) throws
        -> ProcessCapture
    {
        let pid = identity.pid
        let before = try glance(pid: pid)
        guard before.startTime == identity.startTime, !before.isGone else { throw CaptureError.processGone(pid: pid) }
        let usage: DarwinResourceUsage
        do {
            usage = try call(pid, "proc_pid_rusage") { try api.resourceUsage(pid: pid) }
        } catch CaptureError.processGone {
            throw CaptureError.processVanished(pid: pid)
        }
        var counters = ProcessCounters()
        counters.resident = Self.size(usage.residentSize)
        counters.proportionalEstimate = counters.resident.map { $0 / max(1, processCount) }
        counters.physicalFootprint = Self.size(usage.physicalFootprint)
        counters.peakPhysicalFootprint = Self.size(usage.lifetimeMaxPhysicalFootprint)
        var memory = MemoryUsage()
        memory.majorFaults = Int(clamping: usage.pageins)
        var capture = ProcessCapture(
            identity: identity, timeMs: timeMs, detail: .status, memory: memory, counters: counters, regions: nil)
        capture.mapCountMeasured = false
        capture.currentName = before.name
        return capture
    }

    public func snapshot(pid: Int32, timeMs: Int64) throws -> ProcessCapture {
        try capture(try identity(pid: pid), detail: .status, timeMs: timeMs, processCount: 1)
    }

    /// A size the kernel gave, nil beyond what memhist stores (``RegionSizes/limit``).
    private static func size(_ value: UInt64) -> Int? {
        value <= UInt64(RegionSizes.limit) ? Int(value) : nil
    }

    /// Runs an API call, translating its errors into ``CaptureError``.
    private func call<T>(_ pid: Int32, _ name: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DarwinProcessAPIError {
            switch error {
            case .noSuchProcess: throw CaptureError.processGone(pid: pid)
            case .notPermitted(let call): throw CaptureError.permissionDenied(pid: pid, path: call)
            case .failed(let call, let errno):
                throw CaptureError.systemError(path: "\(call) of pid \(pid)", errno: errno)
            }
        }
    }
}
