/// The fields memhist reads from `/proc/PID/status`, in bytes where they are sizes.
///
/// A kernel thread has no `Vm*` lines, so those are optional. See proc_pid_status(5).
public struct ProcessStatus: Sendable, Hashable {
    /// `VmHWM`: the peak resident set size.
    public var peakResident: Int?
    /// `VmRSS`.
    public var resident: Int?
    /// `RssAnon`.
    public var residentAnonymous: Int?
    /// `RssFile`.
    public var residentFile: Int?
    /// `RssShmem`.
    public var residentSharedMemory: Int?
    /// `VmSwap`.
    public var swap: Int?
    /// `Threads`.
    public var threads: Int?
    /// The real user id (first number of `Uid:`).
    public var uid: UInt32?

    /// Creates an empty status.
    public init() {}

    /// Parses `/proc/PID/status` text; unknown lines are skipped.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ProcessStatus {
        var status = ProcessStatus()
        bytes.forEachLine { start, end, _ in
            guard let colon = (start..<end).first(where: { bytes[$0] == UInt8(ascii: ":") }) else { return }
            var cursor = ByteCursor(bytes, from: colon + 1, to: end)
            cursor.skipSpaces()
            // A size beyond RegionSizes.limit reads as absent, like a line the kernel did not print.
            func kilobytes() -> Int? { cursor.decimal().flatMap { RegionSizes.bytes(kilobytes: $0) } }
            if bytes.matches(start, colon, "VmHWM") {
                status.peakResident = kilobytes()
            } else if bytes.matches(start, colon, "VmRSS") {
                status.resident = kilobytes()
            } else if bytes.matches(start, colon, "RssAnon") {
                status.residentAnonymous = kilobytes()
            } else if bytes.matches(start, colon, "RssFile") {
                status.residentFile = kilobytes()
            } else if bytes.matches(start, colon, "RssShmem") {
                status.residentSharedMemory = kilobytes()
            } else if bytes.matches(start, colon, "VmSwap") {
                status.swap = kilobytes()
            } else if bytes.matches(start, colon, "Threads") {
                status.threads = cursor.decimal()
            } else if bytes.matches(start, colon, "Uid") {
                status.uid = cursor.decimal().map { UInt32(truncatingIfNeeded: $0) }
            }
        }
        return status
    }

    /// The platform-neutral counters these fields are.
    public var counters: ProcessCounters {
        var counters = ProcessCounters()
        counters.resident = resident
        counters.residentAnonymous = residentAnonymous
        counters.residentFile = residentFile
        counters.residentSharedMemory = residentSharedMemory
        counters.swap = swap
        counters.peakResident = peakResident
        counters.threads = threads
        return counters
    }

    /// Parses status text given as a String.
    public static func parse(_ text: String) -> ProcessStatus {
        withUTF8Bytes(of: text) { parse($0) }
    }
}
