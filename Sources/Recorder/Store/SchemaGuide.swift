/// What `memhist schema` prints: a short guide to the tables and views of a memhist database, then the SQL
/// that creates the current schema, so `memhist schema | less` answers "how do I query this".
public enum SchemaGuide {
    /// The guide, then the current schema's SQL (tables, indexes, views), ending in a newline.
    public static func text() throws -> String {
        guide + "\n" + (try currentSQL())
    }

    /// The `CREATE` statements of a database made by every migration, tables and indexes first, then views:
    /// the schema as it is now, not the history of how it got there.
    public static func currentSQL() throws -> String {
        let database = try Database.inMemory()
        for migration in Schema.migrations { try database.execute(migration.sql) }
        let statements = try database.prepare(
            """
            SELECT sql FROM sqlite_master WHERE sql IS NOT NULL
            ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, name
            """
        ).rows { $0.text(0) ?? "" }
        return "-- memhist schema version \(Schema.currentVersion)\n\n"
            + statements.map { $0 + ";\n" }.joined(separator: "\n")
    }

    static let guide = """
        memhist database guide

        One SQLite file (WAL mode: sqlite3 can read it while a recording runs). Sizes are bytes,
        times Unix milliseconds; the views show ISO times and MiB.

        Tables
          session          one recording: when, host, kernel, interval, what it selected, how it stopped
          process          one process of a session: pid and start time (a reused pid is a new
                           process), command, first and last sight (last_seen_ms is written every
                           10 s while recording, exactly at the end), exec_ms when it exec'd, end
          sample           one row per process per tick, keyed by (time_ms, process_id): a tick's
                           rows are stored together (bound time_ms to read one process fast); detail says
                           how deep the tick read: 1 status counters, 2 smaps_rollup, 3 regions.
                           Page-walk columns (proportional_size, private_dirty_size …) are NULL on
                           detail 1; rss_anon, rss_file, rss_shmem, vm_swap come from status
          region           each region label once (a path, [heap], [anon], /memfd:name …) and its kind
          region_sample    a region's sizes at a sample, stored only when they changed; mapping_count
                           0 marks a region gone
          host_sample      the host's memory and the cgroup's (first tick, every 10 s, on a 1% move)
          footprint_sample macOS only: the physical footprint and its peak per sample
          mark             timestamped notes (memhist mark "deploy v2")

        Views
          session_overview   sessions with ISO times
          process_overview   processes with samples, peak RSS, VmHWM, exec and end
          sample_mib         every sample in MiB, with its measured depth
          region_sample_mib  region rows in MiB, by pid and label
          region_latest      each region's latest row per process
          host_mib           host and cgroup memory in MiB

        Examples
          SELECT * FROM session_overview;
          SELECT session, pid, command, samples, peak_rss_mib FROM process_overview;
          SELECT time, measured, pss_mib, rss_mib FROM sample_mib WHERE pid = 4242;
          SELECT label, rss_mib, pss_mib FROM region_latest WHERE pid = 4242 ORDER BY pss_mib DESC LIMIT 10;
          SELECT time, note FROM mark ORDER BY time_ms;

        """
}
