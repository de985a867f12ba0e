/// What a recording waits for between ticks: the next tick on its clock, a request to stop, or
/// a change in the command it started.
public enum RecordingEvent: Sendable, Equatable {
    /// SIGINT or SIGTERM: finish with one last tick.
    case stop(signal: Int32)
    /// SIGCHLD: the command memhist started may have exited.
    case childChanged
}

/// The recording's clocks and its wait between ticks, so the loop runs on a fake one in tests.
public protocol RecordingClock: AnyObject {
    /// A monotonic clock in nanoseconds, for scheduling.
    func monotonicNs() -> UInt64
    /// The wall clock, Unix milliseconds, for the times stored.
    func nowMs() -> Int64
    /// Waits until the monotonic clock reaches `deadlineNs` or an event arrives, and returns the
    /// events (none when the time came).
    func wait(untilNs deadlineNs: UInt64) -> [RecordingEvent]
}

/// The real clocks, and SIGINT, SIGTERM and SIGCHLD caught while the value lives (see
/// ``StopSignals``).
public final class SystemRecordingClock: RecordingClock {
    private let signals = StopSignals()

    /// Installs the signal handlers; they are removed when the clock goes away.
    public init() {}

    public func monotonicNs() -> UInt64 { SystemFacts.monotonicNs() }

    public func nowMs() -> Int64 { SystemFacts.nowMs() }

    public func wait(untilNs deadlineNs: UInt64) -> [RecordingEvent] {
        let now = monotonicNs()
        let timeoutMs = deadlineNs > now ? Int((deadlineNs - now + 999_999) / 1_000_000) : 0
        return signals.wait(timeoutMs: timeoutMs).compactMap { signal in
            switch signal {
            case SIGINT, SIGTERM: return .stop(signal: signal)
            case SIGCHLD: return .childChanged
            default: return nil
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
