/// A command the recording started and follows (``ChildCommand``; a fake in tests).
public protocol RunningCommand: AnyObject {
    /// Its pid.
    var pid: Int32 { get }
    /// Its exit status once reaped: the code, or 128 + the signal that killed it.
    var exitStatus: Int32? { get }
    /// Reaps it if it has exited; returns whether it has.
    @discardableResult func poll() -> Bool
    /// Blocks until it exits and returns its status.
    func waitForExit() -> Int32
    /// Waits until it exits and returns its status, calling `stopRequested` (which waits up to a
    /// second for a stop signal) meanwhile; when that says yes, the command is killed (SIGKILL).
    func waitForExit(killingWhen stopRequested: () -> Bool) -> Int32
    /// Sends it `signal` while it runs.
    func send(_ signal: Int32)
}

extension ChildCommand: RunningCommand {}
