/// Why a recording stopped; stored in `session.stop_reason`.
public enum StopReason: String, Sendable {
    /// The duration ran out.
    case duration
    /// The sample count was reached.
    case samples
    /// SIGINT or SIGTERM.
    case signal
    /// Every target exited.
    case targetsExited = "targets_exited"
}
