/// A ``ProcessSource`` whose deep reads run `vmmap PID`, as process-metrics does on macOS:
/// processes are listed and identified, and their cheap counters read every tick, by a native
/// source (libproc on macOS, /proc on Linux); the totals and the regions come from vmmap's
/// output, parsed by ``VmmapParser`` (proportional sizes are resident ÷ the processes captured
/// together, macOS having no PSS). vmmap inspects the target while it runs, so its wall time is
/// what a read costs the page-walk budget.
///
/// This is the macOS recording path (`record`'s default there), and `record --capture vmmap
/// --vmmap PATH` on any platform: on Linux, with a stand-in for vmmap, it is how that path is
/// tested.
public final class VmmapProcessSource: ProcessSource {
    private let native: ProcessSource
    private let vmmap: VmmapRunner

    /// Creates a source that lists and identifies through `native` and captures through `vmmap`.
    public init(native: ProcessSource, vmmap: VmmapRunner) {
        self.native = native
        self.vmmap = vmmap
    }

    public func listPids() -> [Int32] { native.listPids() }

    public func glance(pid: Int32) throws -> ProcessGlance { try native.glance(pid: pid) }

    public func identity(pid: Int32, glance: ProcessGlance?) throws -> ProcessIdentity {
        try native.identity(pid: pid, glance: glance)
    }

    public func commandLine(pid: Int32) throws -> String { try native.commandLine(pid: pid) }

    public func executable(pid: Int32) -> String? { native.executable(pid: pid) }

    public func capture(_ identity: ProcessIdentity, detail: CaptureDetail, timeMs: Int64, processCount: Int) throws
        -> ProcessCapture
    {
        let counted = try native.capture(identity, detail: .status, timeMs: timeMs, processCount: processCount)
        guard detail >= .rollup else { return counted }
        let run: VmmapRunner.Run?
        do {
            run = try vmmap.run(pid: identity.pid, processCount: processCount)
        } catch let error as VmmapRunnerError {
            if case .missing = error { throw error }
            throw CaptureError.vmmapFailed(pid: identity.pid, reason: error.description)
        } catch let error as VmmapError {
            throw CaptureError.vmmapFailed(pid: identity.pid, reason: "vmmap \(identity.pid): \(error)")
        }
        // Gone during vmmap, or the pid names another process now: not this process's capture.
        guard let run, let after = try? native.glance(pid: identity.pid), after.startTime == identity.startTime,
            !after.isGone
        else { throw CaptureError.processVanished(pid: identity.pid) }
        var memory = run.capture.memory
        memory.minorFaults = counted.memory.minorFaults
        memory.majorFaults = counted.memory.majorFaults
        var counters = counted.counters
        counters.physicalFootprint = counters.physicalFootprint ?? run.capture.physicalFootprint
        counters.peakPhysicalFootprint = counters.peakPhysicalFootprint ?? run.capture.physicalFootprintPeak
        var capture = ProcessCapture(
            identity: identity, timeMs: timeMs, detail: detail, memory: memory, counters: counters,
            regions: detail == .regions ? run.capture.regions.map { $0.region(processCount: processCount) } : nil,
            pageWalkNs: run.elapsedNs)
        capture.currentName = after.name
        return capture
    }

    public func snapshot(pid: Int32, timeMs: Int64) throws -> ProcessCapture {
        try capture(try identity(pid: pid), detail: .regions, timeMs: timeMs, processCount: 1)
    }
}
