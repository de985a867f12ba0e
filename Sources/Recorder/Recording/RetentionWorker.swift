import Dispatch

/// Applies `record --retain` and `--downsample-after` to the file being recorded, on another thread with its
/// own connection, so the recording's ticks go on meanwhile: the worker's transactions are an hour of one
/// process each, and a tick waits at most for one of them.
final class RetentionWorker: @unchecked Sendable {
    private let lock = Lock()
    private let group = DispatchGroup()
    private var running = false
    private var failure: String?

    /// Starts a pass unless one is still running; returns whether it started.
    ///
    /// A pass removes the sessions other than `sessionID` that last wrote longer ago than `retainMs`, thins
    /// the samples older than `downsampleAfterMs`, and gives the space back.
    @discardableResult
    func start(path: String, sessionID: Int64, retainMs: Int64?, downsampleAfterMs: Int64?, nowMs: Int64) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !running else { return false }
        running = true
        DispatchQueue.global(qos: .utility).async(group: group) { [self] in
            var message: String?
            do {
                try Self.pass(
                    path: path, sessionID: sessionID, retainMs: retainMs, downsampleAfterMs: downsampleAfterMs,
                    nowMs: nowMs)
            } catch {
                message = "retention: \(error)"
            }
            lock.lock()
            running = false
            if let message { failure = message }
            lock.unlock()
        }
        return true
    }

    /// The last pass's error, once; nil when none failed since the last call.
    func takeFailure() -> String? {
        lock.lock()
        defer { lock.unlock() }
        defer { failure = nil }
        return failure
    }

    /// Waits for a running pass to finish.
    func wait() {
        group.wait()
    }

    private static func pass(path: String, sessionID: Int64, retainMs: Int64?, downsampleAfterMs: Int64?, nowMs: Int64)
        throws
    {
        _ = try HistoryStore(path: path, access: .existing).applyRetention(
            RetentionPolicy(olderThanMs: retainMs), downsampleBefore: downsampleAfterMs.map { nowMs - $0 },
            sparing: sessionID, nowMs: nowMs)
    }
}
