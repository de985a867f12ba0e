extension HistoryStore {
    /// Removes a session and everything recorded in it (its processes, samples, region rows, host rows and
    /// marks). Returns the samples removed.
    ///
    /// The samples go ten minutes at a time (``chunkMs``), so that a recorder writing the same file never
    /// waits long for the lock; the session's rows go last, in one transaction. Stopped midway, the session
    /// is still whole up to what was removed, and removing it again finishes the job. Region labels stay
    /// (one short row each): a recorder writing at the same time may hold their ids.
    @discardableResult
    public func removeSession(id: Int64) throws -> Int {
        try translatingErrors {
            var samples = 0
            let processes = try database.prepare("SELECT id FROM process WHERE session_id = ?").rows([.integer(id)]) {
                $0.int64(0)
            }
            let owned = processes.map(String.init).joined(separator: ",")
            if let first = try rowTimes(of: processes).values.map(\.lowerBound).min() {
                // The next time at or after ?1 that holds one of the session's samples. Times out of
                // range (a damaged file) are not chunked: the last transaction removes their rows.
                let next = try database.prepare(
                    """
                    SELECT time_ms FROM sample
                    WHERE time_ms >= ? AND process_id IN (\(owned)) AND \(StoredRange.timeCondition("time_ms"))
                    ORDER BY time_ms LIMIT 1
                    """)
                var cursor = try next.rows([.integer(max(first, StoredRange.timeMs.lowerBound))]) { $0.int64(0) }.first
                while let from = cursor {
                    let chunk = Self.chunk(containing: from)
                    try database.inTransaction {
                        let rows =
                            "time_ms >= \(chunk.lowerBound) AND time_ms < \(chunk.upperBound) AND process_id IN (\(owned))"
                        try database.execute(
                            """
                            DELETE FROM footprint_sample WHERE \(rows);
                            DELETE FROM region_sample WHERE \(rows);
                            DELETE FROM sample WHERE \(rows);
                            """)
                        samples += database.changes
                    }
                    cursor = try next.rows([.integer(chunk.upperBound)]) { $0.int64(0) }.first
                }
            }
            try database.inTransaction {
                // Rows at times no chunk reached (out of range in a damaged file).
                let owned = "SELECT id FROM process WHERE session_id = \(id)"
                try database.execute(
                    """
                    DELETE FROM footprint_sample WHERE process_id IN (\(owned));
                    DELETE FROM region_sample WHERE process_id IN (\(owned));
                    DELETE FROM sample WHERE process_id IN (\(owned));
                    DELETE FROM mark WHERE session_id = \(id);
                    DELETE FROM host_sample WHERE session_id = \(id);
                    DELETE FROM process WHERE session_id = \(id);
                    DELETE FROM session WHERE id = \(id);
                    """)
            }
            return samples
        }
    }

    /// How much time one transaction of ``removeSession(id:)`` or ``downsample(before:)`` covers:
    /// ten minutes, about 6,000 samples of 10 processes at 1 s or 180,000 of 300.
    static let chunkMs: Int64 = 600_000

    /// The chunk (Unix ms, half-open, aligned to ``chunkMs``, which is whole minutes) that holds
    /// `timeMs`, a time within ``StoredRange/timeMs`` (the callers' queries see to it).
    static func chunk(containing timeMs: Int64) -> Range<Int64> {
        let start = timeMs - timeMs % chunkMs
        return start..<(start + chunkMs)
    }

    /// Gives the pages freed by removals back to the file system: `PRAGMA incremental_vacuum` on files made
    /// with auto-vacuum (every file memhist created since schema 5), which works while a recording writes;
    /// `VACUUM` on older files, which needs the file to itself and is skipped (returning false) while
    /// another connection uses it.
    @discardableResult
    public func reclaimSpace() throws -> Bool {
        try translatingErrors {
            if try database.scalarInt("PRAGMA auto_vacuum") == 2 {
                try database.execute("PRAGMA incremental_vacuum")
            } else {
                do { try database.execute("VACUUM") } catch let error as SQLiteError where error.isBusy { return false }
            }
            // Fold the WAL into the file so its size shows the space given back; a reader may hold it.
            try? database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return true
        }
    }

    /// Thins the samples taken before `cutoffMs` to at most three a minute per process (the highest and
    /// the lowest resident size of the minute, and its last sample), plus every sample that carries
    /// regions (region rows hang on those, and hold the region history). Peaks survive, and the trends
    /// are judged on the same shape at minute resolution. Thinning again keeps what is there. One
    /// transaction per ten minutes of samples (``chunkMs``; a recorder writing the same file never waits
    /// long); returns the samples removed.
    @discardableResult
    public func downsample(before cutoffMs: Int64) throws -> Int {
        try translatingErrors {
            try database.execute(
                """
                CREATE TEMP TABLE IF NOT EXISTS thinned (
                    time_ms INTEGER NOT NULL, process_id INTEGER NOT NULL, PRIMARY KEY (time_ms, process_id)
                ) WITHOUT ROWID
                """)
            let next = try database.prepare(
                "SELECT min(time_ms) FROM sample WHERE time_ms >= ? AND \(StoredRange.timeCondition("time_ms"))")
            var removed = 0
            var cursor = try next.rows([.integer(StoredRange.timeMs.lowerBound)]) { $0.optionalInt64(0) }.first ?? nil
            while let from = cursor, from < cutoffMs {
                let whole = Self.chunk(containing: from)
                // A chunk ends on a whole minute or at the cutoff: minutes cut by the cutoff keep more.
                let chunk = whole.lowerBound..<min(whole.upperBound, cutoffMs)
                try database.inTransaction {
                    try database.execute(
                        """
                        DELETE FROM temp.thinned;
                        INSERT INTO temp.thinned
                        SELECT time_ms, process_id FROM (
                            SELECT process_id, time_ms, detail,
                                   row_number() OVER (PARTITION BY process_id, time_ms / 60000 ORDER BY r DESC, time_ms)
                                       AS highest,
                                   row_number() OVER (PARTITION BY process_id, time_ms / 60000 ORDER BY r, time_ms)
                                       AS lowest,
                                   row_number() OVER (PARTITION BY process_id, time_ms / 60000 ORDER BY time_ms DESC)
                                       AS latest
                            FROM (SELECT process_id, time_ms, detail,
                                         coalesce(resident_size, rss_anon + rss_file + rss_shmem, 0) AS r
                                  FROM sample
                                  WHERE time_ms >= \(chunk.lowerBound) AND time_ms < \(chunk.upperBound)))
                        WHERE highest > 1 AND lowest > 1 AND latest > 1 AND detail < 3;
                        DELETE FROM footprint_sample WHERE (time_ms, process_id) IN temp.thinned;
                        DELETE FROM sample WHERE (time_ms, process_id) IN temp.thinned;
                        """)
                    removed += database.changes
                }
                cursor = try next.rows([.integer(whole.upperBound)]) { $0.optionalInt64(0) }.first ?? nil
            }
            return removed
        }
    }
}
