#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts about the machine a session records on, and the clock.
public enum SystemFacts {
    /// Now, in Unix milliseconds.
    public static func nowMs() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// The CPU time the calling thread has used, in nanoseconds: what a piece of work cost,
    /// whatever else the process does meanwhile.
    public static func threadCPUNs() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// A monotonic clock in nanoseconds, for scheduling ticks.
    public static func monotonicNs() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// The host name.
    public static var hostName: String { ProcessInfo.processInfo.hostName }

    /// System, release and machine from uname(2).
    public static var kernel: String {
        var name = utsname()
        uname(&name)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        }
        return "\(text(name.sysname)) \(text(name.release)) \(text(name.machine))"
    }

    /// The page size in bytes.
    public static var pageSize: Int { Int(sysconf(Int32(_SC_PAGESIZE))) }

    /// Clock ticks per second, the unit of start times in /proc/PID/stat.
    public static var clockTicks: Int { Int(sysconf(Int32(_SC_CLK_TCK))) }

    /// When the machine booted, Unix ms (`btime` in /proc/stat); nil where there is none.
    public static var bootTimeMs: Int64? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Int64(line.dropFirst(6).trimmingWhitespace).map { $0 * 1000 }
        }
        return nil
    }

    /// When a process started, Unix ms, from its start ticks.
    public static func startedMs(startTicks: UInt64, bootTimeMs: Int64?, clockTicks: Int) -> Int64? {
        guard let bootTimeMs, clockTicks > 0 else { return nil }
        return bootTimeMs + Int64(startTicks) * 1000 / Int64(clockTicks)
    }
}
