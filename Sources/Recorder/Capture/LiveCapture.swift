/// One capture of a live process on this platform: `/proc` on Linux, `vmmap` on macOS.
public enum LiveCapture {
    /// Captures `pid` now, with its regions.
    /// - Throws: ``CaptureError`` (missing process, permission denied), or on macOS
    ///   ``VmmapRunnerError`` when vmmap cannot run.
    public static func snapshot(pid: Int32) throws -> ProcessCapture {
        #if os(macOS)
        guard let capture = try VmmapRunner().capture(pid: pid, processCount: 1, timeMs: SystemFacts.nowMs()) else {
            throw CaptureError.processGone(pid: pid)
        }
        return capture
        #else
        let capturer = LinuxProcessCapturer()
        let identity = try capturer.identity(pid: pid)
        return try capturer.capture(identity, withRegions: true, timeMs: SystemFacts.nowMs())
        #endif
    }
}
