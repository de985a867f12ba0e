/// How `record` and `snapshot` read processes.
public enum CaptureMethod: String, Sendable, CaseIterable {
    /// The platform's own way: /proc on Linux; libproc and `vmmap` on macOS.
    case native
    /// Totals and regions from a `vmmap`-compatible executable, as process-metrics does on
    /// macOS; processes are still listed and identified natively. The default on macOS; on
    /// Linux it runs the macOS path with a stand-in for vmmap.
    case vmmap

    /// The method a platform uses by default.
    public static var platformDefault: CaptureMethod {
        #if os(macOS)
        return .vmmap
        #else
        return .native
        #endif
    }

    /// A source for this method.
    /// - Parameter vmmapPath: the vmmap executable (`/usr/bin/vmmap` when nil).
    public func makeSource(vmmapPath: String? = nil) -> ProcessSource {
        #if os(macOS)
        // Both methods are the same on macOS: libproc for the listing and the counters, vmmap for
        // the totals and the regions.
        return VmmapProcessSource(
            native: DarwinProcessSource(api: LibprocProcessAPI()),
            vmmap: VmmapRunner(path: vmmapPath ?? VmmapRunner.defaultPath))
        #else
        switch self {
        case .native: return LinuxProcessCapturer()
        case .vmmap:
            return VmmapProcessSource(
                native: LinuxProcessCapturer(), vmmap: VmmapRunner(path: vmmapPath ?? VmmapRunner.defaultPath))
        }
        #endif
    }
}

extension CaptureMethod {
    /// A source for this method, after checking that the vmmap it needs can run.
    /// - Throws: ``VmmapRunnerError/missing(path:)`` when vmmap is not an executable.
    public func makeCheckedSource(vmmapPath: String? = nil) throws -> ProcessSource {
        let needsVmmap: Bool
        #if os(macOS)
        needsVmmap = true
        #else
        needsVmmap = self == .vmmap
        #endif
        if needsVmmap {
            let path = vmmapPath ?? VmmapRunner.defaultPath
            guard VmmapRunner(path: path).isRunnable else { throw VmmapRunnerError.missing(path: path) }
        }
        return makeSource(vmmapPath: vmmapPath)
    }
}
