@testable import Recorder

/// A ``RunningCommand`` that runs nothing: it exits at a scripted tick of a
/// ``FakeRecordingClock`` with a scripted status, and records how it was started and the
/// signals sent to it.
///
/// Give its pid a process in the ``FakeProcessSource`` that exits at the same tick.
final class FakeCommand: RunningCommand {
    let pid: Int32
    private(set) var exitStatus: Int32?
    /// The arguments ``start(_:)`` was given; nil until then.
    private(set) var startedWith: [String]?
    /// The signals sent to it, in order.
    private(set) var signals: [Int32] = []
    /// How many times the loop blocked until it exits.
    private(set) var waits = 0
    private let clock: FakeRecordingClock
    private let exitsAtTick: Int?
    private let status: Int32

    /// Creates a command.
    ///
    /// - Parameters:
    ///   - exitsAtTick: the first tick at which ``poll()`` finds it exited; nil: it runs until
    ///     the loop waits for it (``waitForExit()``).
    ///   - status: its exit status, by then.
    init(pid: Int32, clock: FakeRecordingClock, exitsAtTick: Int? = nil, status: Int32 = 0) {
        self.pid = pid
        self.clock = clock
        self.exitsAtTick = exitsAtTick
        self.status = status
    }

    /// Starts it: what the loop's `startCommand` does.
    func start(_ arguments: [String]) throws -> RunningCommand {
        startedWith = arguments
        return self
    }

    @discardableResult func poll() -> Bool {
        if exitStatus == nil, let exitsAtTick, clock.tick >= exitsAtTick { exitStatus = status }
        return exitStatus != nil
    }

    func waitForExit() -> Int32 {
        waits += 1
        let final = exitStatus ?? status
        exitStatus = final
        return final
    }

    func waitForExit(killingWhen stopRequested: () -> Bool) -> Int32 {
        waitForExit()
    }

    func send(_ signal: Int32) {
        signals.append(signal)
    }
}
