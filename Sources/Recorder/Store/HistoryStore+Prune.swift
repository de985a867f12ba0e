extension HistoryStore {
    /// Removes a session and everything recorded in it (its processes, samples, region rows, host rows and
    /// marks). Returns the samples removed.
    ///
    /// The samples go an hour of one process per transaction, so that a recorder writing the same file
    /// never waits long for the lock; the session's rows go last, in one transaction. Stopped midway, the
    /// session is still whole up to what was removed, and removing it again finishes the job. Region labels
    /// stay (one short row each): a recorder writing at the same time may hold their ids.
    @discardableResult
    public func removeSession(id: Int64) throws -> Int {
        try translatingErrors {
            var samples = 0
            let processes = try database.prepare("SELECT id FROM process WHERE session_id = ?").rows([.integer(id)]) {
                $0.int64(0)
            }
            for process in processes {
                for chunk in try hourChunks(processID: process, before: .max) {
                    try database.inTransaction {
                        let rows =
                            "process_id = \(process) AND time_ms >= \(chunk.lowerBound) AND time_ms < \(chunk.upperBound)"
                        try database.execute(
                            """
                            DELETE FROM footprint_sample WHERE \(rows);
                            DELETE FROM region_sample WHERE \(rows);
                            DELETE FROM sample WHERE \(rows);
                            """)
                        samples += database.changes
                    }
                }
            }
            try database.inTransaction {
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

    /// The hours (Unix ms, half-open, aligned to whole hours) in which a process has samples before
    /// `cutoffMs`, oldest first.
    private func hourChunks(processID: Int64, before cutoffMs: Int64) throws -> [Range<Int64>] {
        let hourMs: Int64 = 3_600_000
        return try database.prepare(
            """
            SELECT DISTINCT time_ms / \(hourMs) FROM sample
            WHERE process_id = ? AND time_ms < ? AND \(StoredRange.timeCondition("time_ms"))
            ORDER BY 1
            """
        ).rows([.integer(processID), .integer(cutoffMs)]) { row -> Range<Int64> in
            let hour = row.int64(0)
            return (hour * hourMs)..<min((hour + 1) * hourMs, cutoffMs)
        }
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
    /// transaction per hour of one process (a recorder writing the same file never waits long); returns
    /// the samples removed.
    @discardableResult
    public func downsample(before cutoffMs: Int64) throws -> Int {
        try translatingErrors {
            let processes = try database.prepare("SELECT id FROM process WHERE typeof(id) = 'integer' ORDER BY id")
                .rows { $0.int64(0) }
            try database.execute(
                """
                CREATE TEMP TABLE IF NOT EXISTS thinned (
                    process_id INTEGER NOT NULL, time_ms INTEGER NOT NULL, PRIMARY KEY (process_id, time_ms)
                ) WITHOUT ROWID
                """)
            var removed = 0
            for process in processes {
                for chunk in try hourChunks(processID: process, before: cutoffMs) {
                    // A chunk ends on a whole minute or at the cutoff: minutes cut by the cutoff keep more.
                    try database.inTransaction {
                        try database.execute(
                            """
                            DELETE FROM temp.thinned;
                            INSERT INTO temp.thinned
                            SELECT process_id, time_ms FROM (
                                SELECT process_id, time_ms, detail,
                                       row_number() OVER (PARTITION BY time_ms / 60000 ORDER BY r DESC, time_ms)
                                           AS highest,
                                       row_number() OVER (PARTITION BY time_ms / 60000 ORDER BY r, time_ms) AS lowest,
                                       row_number() OVER (PARTITION BY time_ms / 60000 ORDER BY time_ms DESC)
                                           AS latest
                                FROM (SELECT process_id, time_ms, detail,
                                             coalesce(resident_size, rss_anon + rss_file + rss_shmem, 0) AS r
                                      FROM sample
                                      WHERE process_id = \(process) AND time_ms >= \(chunk.lowerBound)
                                        AND time_ms < \(chunk.upperBound)))
                            WHERE highest > 1 AND lowest > 1 AND latest > 1 AND detail < 3;
                            DELETE FROM footprint_sample WHERE (process_id, time_ms) IN temp.thinned;
                            DELETE FROM sample WHERE (process_id, time_ms) IN temp.thinned;
                            """)
                        removed += database.changes
                    }
                }
            }
            return removed
        }
    }
}
