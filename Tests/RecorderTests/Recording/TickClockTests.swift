import Testing

@testable import Recorder

@Suite("tick clock: the interval grid and the duration on the monotonic clock")
struct TickClockTests {
    static let ms: UInt64 = 1_000_000

    @Test func ticksFallOnTheGridAndALateTickSkipsToTheNextSlot() {
        let clock = TickClock(startNs: 5_000 * Self.ms, intervalMs: 100, durationMs: nil)
        #expect(clock.nextTick(after: 5_010 * Self.ms, tick: 1) == 5_100 * Self.ms)
        #expect(clock.nextTick(after: 5_150 * Self.ms, tick: 2) == 5_200 * Self.ms)
        // Tick 2 ended at 5 370 ms: slots 200 and 300 have passed; the next is 400.
        #expect(clock.nextTick(after: 5_370 * Self.ms, tick: 2) == 5_400 * Self.ms)
        #expect(!clock.isLastTick(at: 9_999_999 * Self.ms))
        #expect(!clock.isPastEnd(.max))
    }

    @Test func theDurationCountsTimeNotTicks() {
        // 10 s at 1 s: ticks at 0 … 10 s, the one at 10 s the last.
        let clock = TickClock(startNs: 0, intervalMs: 1_000, durationMs: 10_000)
        #expect(!clock.isLastTick(at: 9_002 * Self.ms))
        #expect(clock.isLastTick(at: 10_001 * Self.ms))
        // Stopped (SIGSTOP) or starved for 8 s at second 4: the next tick is the last one, and
        // a tick that ends after the duration ends the recording.
        #expect(clock.isLastTick(at: 12_000 * Self.ms))
        #expect(!clock.isPastEnd(9_999 * Self.ms))
        #expect(clock.isPastEnd(10_000 * Self.ms))
        // Ticks that take longer than the interval do not stretch the duration either.
        let busy = TickClock(startNs: 0, intervalMs: 1, durationMs: 2_000)
        #expect(busy.isPastEnd(2_000 * Self.ms))
        #expect(!busy.isLastTick(at: 1_998_500_000))
        #expect(busy.isLastTick(at: 2_000_500_000))
    }

    @Test func extremeValuesSaturateInsteadOfTrapping() {
        let clock = TickClock(startNs: .max - 10, intervalMs: .max, durationMs: .max)
        #expect(clock.nextTick(after: .max, tick: .max) == .max)
        #expect(!clock.isLastTick(at: .max - 5))
        #expect(clock.isPastEnd(.max))
        let tiny = TickClock(startNs: 0, intervalMs: 0, durationMs: -5)
        #expect(tiny.intervalNs == Self.ms)
        #expect(tiny.isPastEnd(0))
    }
}
