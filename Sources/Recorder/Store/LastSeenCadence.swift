/// When the recorder writes `process.last_seen_ms`.
///
/// Samples are stored in time order, so a tick's sample rows share a page or two; updating
/// every process's row each tick would rewrite the pages of the `process` table as well (a
/// dozen at 300 processes) and undo most of that. The store keeps each process's latest tick
/// here and writes them all every ``maximumGapMs``, and a process's exactly when it ends or
/// its session ends. A recorder killed with -9 leaves `last_seen_ms` at most that far behind.
struct LastSeenCadence {
    /// The longest a written `last_seen_ms` lags the process's latest tick while recording.
    static let maximumGapMs: Int64 = 10_000

    /// Per process, its latest tick not yet written.
    private(set) var unwritten: [Int64: Int64] = [:]
    private var writtenMs: Int64?

    /// Notes that `processID` was sampled at `timeMs`.
    mutating func saw(_ processID: Int64, atMs timeMs: Int64) {
        unwritten[processID] = timeMs
    }

    /// Whether the tick at `timeMs` should write every unwritten sighting with its own.
    func isDue(atMs timeMs: Int64) -> Bool {
        guard let writtenMs else { return true }
        return timeMs - writtenMs >= Self.maximumGapMs || timeMs < writtenMs
    }

    /// Records that every sighting up to now is written, at the tick at `timeMs`.
    mutating func didWriteAll(atMs timeMs: Int64) {
        unwritten.removeAll(keepingCapacity: true)
        writtenMs = timeMs
    }

    /// Takes one process's unwritten sighting out (it is written with its end).
    mutating func take(_ processID: Int64) -> Int64? {
        unwritten.removeValue(forKey: processID)
    }
}
