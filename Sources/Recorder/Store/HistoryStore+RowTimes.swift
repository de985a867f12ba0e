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

    /// The window `[sinceMs, untilMs]` narrowed to where `processID`'s rows can lie (``rowTimes(of:)``);
    /// an unknown process gets a window no row is in.
    func rowWindow(processID: Int64, sinceMs: Int64?, untilMs: Int64?) throws -> (sinceMs: Int64, untilMs: Int64) {
        guard let times = try rowTimes(of: [processID])[processID] else { return (1, 0) }
        return (max(sinceMs ?? .min, times.lowerBound), min(untilMs ?? .max, times.upperBound))
    }
}
