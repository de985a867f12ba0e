extension HistoryStore {
    /// Removes a session and everything recorded in it (its processes, samples, region rows, host rows and
    /// marks), in one transaction. Returns the samples removed.
    ///
    /// Region labels stay (one short row each): a recorder writing at the same time may hold their ids.
    @discardableResult
    public func removeSession(id: Int64) throws -> Int {
        try translatingErrors {
            var samples = 0
            try database.inTransaction {
                let processes = "SELECT id FROM process WHERE session_id = \(id)"
                samples = Int(
                    try database.scalarInt("SELECT count(*) FROM sample WHERE process_id IN (\(processes))") ?? 0)
                try database.execute(
                    """
                    DELETE FROM mark WHERE session_id = \(id);
                    DELETE FROM footprint_sample WHERE process_id IN (\(processes));
                    DELETE FROM region_sample WHERE process_id IN (\(processes));
                    DELETE FROM sample WHERE process_id IN (\(processes));
                    DELETE FROM host_sample WHERE session_id = \(id);
                    DELETE FROM process WHERE session_id = \(id);
                    DELETE FROM session WHERE id = \(id);
                    """)
            }
            return samples
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
    /// transaction per session; returns the samples removed.
    @discardableResult
    public func downsample(before cutoffMs: Int64) throws -> Int {
        try translatingErrors {
            let sessions = try database.prepare("SELECT id FROM session WHERE typeof(id) = 'integer' ORDER BY id")
                .rows { $0.int64(0) }
            try database.execute(
                """
                CREATE TEMP TABLE IF NOT EXISTS thinned (
                    process_id INTEGER NOT NULL, time_ms INTEGER NOT NULL, PRIMARY KEY (process_id, time_ms)
                ) WITHOUT ROWID
                """)
            var removed = 0
            for session in sessions {
                try database.inTransaction {
                    try database.execute(
                        """
                        DELETE FROM temp.thinned;
                        INSERT INTO temp.thinned
                        SELECT process_id, time_ms FROM (
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
                                  WHERE process_id IN (SELECT id FROM process WHERE session_id = \(session))
                                    AND time_ms < \(cutoffMs)))
                        WHERE highest > 1 AND lowest > 1 AND latest > 1 AND detail < 3;
                        DELETE FROM footprint_sample WHERE (process_id, time_ms) IN temp.thinned;
                        DELETE FROM sample WHERE (process_id, time_ms) IN temp.thinned;
                        """)
                    removed += database.changes
                }
            }
            return removed
        }
    }
}
