extension HistoryStore {
    /// Every session with how many processes and samples it holds and when it last wrote, oldest first.
    public func sessionSummaries() throws -> [SessionSummary] {
        let sessions = try sessions()
        return try translatingErrors {
            var counts: [Int64: (processes: Int, samples: Int, last: Int64?)] = [:]
            _ = try database.prepare(
                """
                SELECT p.session_id, count(p.id), total(x.samples), max(x.last)
                FROM process p
                LEFT JOIN (SELECT process_id, count(*) AS samples, max(time_ms) AS last FROM sample
                           WHERE \(StoredRange.timeCondition("time_ms")) GROUP BY process_id) x ON x.process_id = p.id
                GROUP BY p.session_id
                """
            ).rows { row in
                counts[row.int64(0)] = (row.int(1), row.int(2), row.optionalInt64(3))
            }
            var hostLast: [Int64: Int64] = [:]
            _ = try database.prepare(
                """
                SELECT session_id, max(time_ms) FROM host_sample WHERE \(StoredRange.timeCondition("time_ms"))
                GROUP BY session_id
                """
            ).rows { row in
                if let last = row.optionalInt64(1) { hostLast[row.int64(0)] = last }
            }
            return sessions.map { session in
                let count = counts[session.id]
                let last = [count?.last, hostLast[session.id]].compactMap { $0 }.max()
                return SessionSummary(
                    session: session, processes: count?.processes ?? 0, samples: count?.samples ?? 0,
                    lastWrittenMs: last)
            }
        }
    }
}
