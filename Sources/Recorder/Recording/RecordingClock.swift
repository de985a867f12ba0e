/// What a recording waits for between ticks: the next tick on its clock, a request to stop, or
/// a change in the command it started.
public enum RecordingEvent: Sendable, Equatable {
    /// SIGINT or SIGTERM: finish with one last tick.
    case stop(signal: Int32)
    /// SIGCHLD: the command memhist started may have exited.
    case childChanged
    /// The signal of `record --mark-on-signal` (SIGUSR1 …): store a mark now.
    case mark(signal: Int32)
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

/// The real clocks, and SIGINT, SIGTERM and SIGCHLD (and a mark signal, when given) caught while
/// the value lives (see ``StopSignals``).
public final class SystemRecordingClock: RecordingClock {
    private let signals: StopSignals
    private let markSignal: Int32?

    /// Installs the signal handlers; they are removed when the clock goes away. `markSignal` (such as
    /// SIGUSR1) becomes a ``RecordingEvent/mark(signal:)``.
    public init(markSignal: Int32? = nil) {
        self.markSignal = markSignal
        signals = StopSignals(also: markSignal.map { [$0] } ?? [])
    }

    public func monotonicNs() -> UInt64 { SystemFacts.monotonicNs() }

    public func nowMs() -> Int64 { SystemFacts.nowMs() }

    public func wait(untilNs deadlineNs: UInt64) -> [RecordingEvent] {
        let now = monotonicNs()
        let timeoutMs = deadlineNs > now ? Int((deadlineNs - now + 999_999) / 1_000_000) : 0
        return signals.wait(timeoutMs: timeoutMs).compactMap { signal in
            switch signal {
            case SIGINT, SIGTERM: return .stop(signal: signal)
            case SIGCHLD: return .childChanged
            case markSignal: return .mark(signal: signal)
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
