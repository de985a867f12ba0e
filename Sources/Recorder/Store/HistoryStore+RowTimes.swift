/// Where a process's rows lie in the sample tables, which are keyed by time (schema 6): a
/// read of one process scans the times between its first sight and its last, and filters by
/// process there.
extension HistoryStore {
    /// The times between which each of `processIDs` can have rows: from its first sight to its
    /// last once the process ended (then `last_seen_ms` is exact), or to the later of that and
    /// its session's end once the session ended; else to the end of time (a recording still
    /// running, or killed, writes `last_seen_ms` only every 10 seconds). Unknown processes are
    /// left out.
    func rowTimes(of processIDs: [Int64]) throws -> [Int64: ClosedRange<Int64>] {
        guard !processIDs.isEmpty else { return [:] }
        var times: [Int64: ClosedRange<Int64>] = [:]
        // Chunks keep the statement's text short for thousands of processes.
        for start in stride(from: 0, to: processIDs.count, by: 500) {
            let list = processIDs[start..<min(start + 500, processIDs.count)].map(String.init).joined(separator: ",")
            _ = try database.prepare(
                """
                SELECT p.id, p.first_seen_ms,
                       CASE WHEN typeof(p.last_seen_ms) != 'integer' THEN NULL
                            WHEN typeof(s.ended_ms) = 'integer' THEN max(p.last_seen_ms, s.ended_ms)
                            WHEN p.end_reason IS NOT NULL THEN p.last_seen_ms END
                FROM process p LEFT JOIN session s ON s.id = p.session_id
                WHERE p.id IN (\(list)) AND typeof(p.first_seen_ms) = 'integer'
                """
            ).rows { row in
                let first = row.int64(1)
                let last = row.optionalInt64(2) ?? .max
                times[row.int64(0)] = first <= last ? first...last : first...first
            }
        }
        return times
    }

    /// The window `[sinceMs, untilMs]` narrowed to where `processID`'s rows can lie (``rowTimes(of:)``),
    /// and the process's first sight, where its rows begin (region rows before a window count
    /// towards the state within it); an unknown process gets a window no row is in.
    func rowWindow(processID: Int64, sinceMs: Int64?, untilMs: Int64?) throws
        -> (sinceMs: Int64, untilMs: Int64, firstSightMs: Int64)
    {
        guard let times = try rowTimes(of: [processID])[processID] else { return (1, 0, 1) }
        return (max(sinceMs ?? .min, times.lowerBound), min(untilMs ?? .max, times.upperBound), times.lowerBound)
    }

    /// The distinct processes of several requests, with where each one's rows are read: what a
    /// one-pass read (``histories(_:metric:)``, ``samples(of:)``) scans and sorts its rows into.
    struct RequestedRows {
        /// A distinct process of the requests.
        struct Entry {
            /// The first request's process.
            var process: StoredProcess
            /// Its window narrowed to where its rows lie and to ``StoredRange/timeMs``; nil: nowhere.
            var window: ClosedRange<Int64>?
            /// Its first sight: where its rows begin, whatever the window.
            var firstSightMs: Int64
        }

        /// Per process id, its index in ``entries``.
        var slots: [Int64: Int] = [:]
        /// The processes, in the order of the requests.
        var entries: [Entry] = []

        /// The times that hold every window, nil when no window holds any.
        var span: ClosedRange<Int64>? {
            let windows = entries.compactMap(\.window)
            guard let low = windows.map(\.lowerBound).min(), let high = windows.map(\.upperBound).max() else {
                return nil
            }
            return low...high
        }
    }

    /// `requests` by distinct process, with their windows (``RequestedRows``); unknown processes are left out.
    func requestedRows(_ requests: [HistoryRequest]) throws -> RequestedRows {
        let rowTimes = try rowTimes(of: Array(Set(requests.map(\.process.id))))
        var rows = RequestedRows()
        for request in requests where rows.slots[request.process.id] == nil {
            guard let times = rowTimes[request.process.id] else { continue }
            let low = max(request.sinceMs ?? .min, times.lowerBound, StoredRange.timeMs.lowerBound)
            let high = min(request.untilMs ?? .max, times.upperBound, StoredRange.timeMs.upperBound)
            rows.slots[request.process.id] = rows.entries.count
            rows.entries.append(
                .init(process: request.process, window: low <= high ? low...high : nil, firstSightMs: times.lowerBound))
        }
        return rows
    }
}
