import Testing

@testable import Recorder

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A ``RecordingClock`` that never waits: ``wait(untilNs:)`` moves its time to the deadline at
/// once and returns the events scripted for the tick the loop is waiting for.
///
/// The monotonic and the wall clock start at ``startNs`` and ``startMs`` and move together.
/// Ticks are counted on the grid of the interval from the start, as ``TickClock`` lays them:
/// tick `k` is at `startNs + k × interval`, and ``tick`` is the one the time is at (a
/// ``FakeProcessSource`` reads its scripted world at that tick).
final class FakeRecordingClock: RecordingClock {
    /// Where the monotonic clock starts, ns.
    let startNs: UInt64
    /// Where the wall clock starts, Unix ms.
    let startMs: Int64
    /// The interval of the grid, ms: the loop's `intervalMs`.
    let intervalMs: Int64
    /// The monotonic time now, ns.
    private(set) var nowNs: UInt64
    /// Every deadline the loop waited for, in order.
    private(set) var deadlines: [UInt64] = []
    /// Events still to deliver, by the tick whose wait delivers them.
    private var events: [Int: [RecordingEvent]]
    /// Waits after which the clock gives up on a loop that does not stop, so a test fails
    /// instead of hanging.
    private let maximumWaits: Int

    /// Creates a clock.
    ///
    /// - Parameter events: what the wait for tick `k` returns (`events[k]`), once: a
    ///   `.stop(signal: SIGINT)` at 3 arrives after tick 2 is written, before tick 3.
    init(
        intervalMs: Int64 = 1_000, events: [Int: [RecordingEvent]] = [:], startNs: UInt64 = 7_000_000_000_000,
        startMs: Int64 = 1_700_000_000_000, maximumWaits: Int = 10_000
    ) {
        self.intervalMs = intervalMs
        self.events = events
        self.startNs = startNs
        self.startMs = startMs
        self.maximumWaits = maximumWaits
        nowNs = startNs
    }

    /// The interval, ns.
    var intervalNs: UInt64 { UInt64(intervalMs) * 1_000_000 }

    /// The tick the time is at: the last slot of the grid at or before it.
    var tick: Int { Int((nowNs - startNs) / intervalNs) }

    /// The wall time of tick `k`, Unix ms.
    func wallMs(atTick k: Int) -> Int64 {
        startMs + Int64(k) * intervalMs
    }

    /// The monotonic time of tick `k`, ns.
    func monotonicNs(atTick k: Int) -> UInt64 {
        startNs + UInt64(k) * intervalNs
    }

    /// The ticks the loop waited for, in order (a deadline between slots counts as the slot
    /// before it).
    var ticksWaitedFor: [Int] {
        deadlines.map { Int(($0 - startNs) / intervalNs) }
    }

    /// Moves the time forward by `ns`, as a tick that takes long does.
    func advance(byNs ns: UInt64) {
        nowNs += ns
    }

    func monotonicNs() -> UInt64 { nowNs }

    func nowMs() -> Int64 {
        startMs + Int64((nowNs - startNs) / 1_000_000)
    }

    func wait(untilNs deadlineNs: UInt64) -> [RecordingEvent] {
        deadlines.append(deadlineNs)
        guard deadlines.count <= maximumWaits else {
            Issue.record("the loop waited \(maximumWaits) times without stopping")
            return [.stop(signal: SIGTERM)]
        }
        nowNs = max(nowNs, deadlineNs)
        return events.removeValue(forKey: tick) ?? []
    }
}
