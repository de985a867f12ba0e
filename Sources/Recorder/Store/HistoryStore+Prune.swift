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
}
