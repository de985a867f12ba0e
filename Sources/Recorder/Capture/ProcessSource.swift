/// Where the recorder, discovery and `snapshot` get processes from: the seam between memhist
/// and a platform. Linux implements it over `/proc` (``LinuxProcessCapturer``), macOS over
/// libproc and `vmmap` (``DarwinProcessSource``), and `record --capture vmmap` puts vmmap
/// behind the native listing (``VmmapProcessSource``); tests use a scripted fake.
///
/// A source is used from one thread (it may reuse buffers between calls).
public protocol ProcessSource: AnyObject {
    /// Every process id listed now, in no particular order.
    func listPids() -> [Int32]

    /// The cheap facts about `pid`.
    /// - Throws: ``CaptureError/processGone(pid:)`` when there is no such process,
    ///   ``CaptureError/permissionDenied(pid:path:)`` when the system will not tell.
    func glance(pid: Int32) throws -> ProcessGlance

    /// Who `pid` is: the glance (read again when nil) with its command line and executable.
    /// - Throws: as ``glance(pid:)``.
    func identity(pid: Int32, glance: ProcessGlance?) throws -> ProcessIdentity

    /// The command line of `pid` now, arguments joined by spaces (it changes with an exec).
    func commandLine(pid: Int32) throws -> String

    /// The executable of `pid` now, when the system tells.
    func executable(pid: Int32) -> String?

    /// Captures the process `identity` names, as deep as `detail`: the counters always, the
    /// totals from ``CaptureDetail/rollup``, the regions at ``CaptureDetail/regions``. The
    /// capture says what its deep reads cost (``ProcessCapture/pageWalkNs``) and the process's
    /// name now (``ProcessCapture/currentName``).
    ///
    /// - Parameter processCount: how many processes this tick captures together (macOS has no
    ///   PSS and estimates it as resident ÷ this count, as process-metrics does).
    /// - Throws: ``CaptureError/processGone(pid:)`` when the process is gone (or the pid now
    ///   names another process), ``CaptureError/processVanished(pid:)`` when it went away during
    ///   the reads, ``CaptureError/permissionDenied(pid:path:)``.
    func capture(_ identity: ProcessIdentity, detail: CaptureDetail, timeMs: Int64, processCount: Int) throws
        -> ProcessCapture

    /// One capture of `pid` with its regions, as exact as the platform allows (`memhist snapshot`).
    func snapshot(pid: Int32, timeMs: Int64) throws -> ProcessCapture
}

extension ProcessSource {
    /// Who `pid` is, read from scratch.
    public func identity(pid: Int32) throws -> ProcessIdentity {
        try identity(pid: pid, glance: nil)
    }
}
