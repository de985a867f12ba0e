-- memhist database, schema version 3: compact samples.
--
-- A recording at 1 s writes a sample row per process per second for hours, so every byte of
-- a row counts. This version stores the same measurements in about half the space:
--
-- * `sample` is keyed by (process_id, time_ms) and stored in that order (WITHOUT ROWID): a
--   process's series is one contiguous range, and there is no separate index to keep.
-- * `region_sample` is keyed by (process_id, time_ms, region_id, start_address): a region row
--   belongs to the sample of its process at the same time. start_address is '' for grouped
--   rows (the key cannot hold NULL) and the mapping's hex start address with --regions mappings.
-- * Each tick stores the process's sizes once, from the best source it read:
--     detail 1 (stat and status only): the kernel's counters rss_anon, rss_file, rss_shmem and
--       vm_swap; the page-walk columns are NULL;
--     detail 2 and 3 (smaps_rollup or smaps): the page-walk columns resident_size,
--       anonymous_size, swap_size …; the status counters, which count the same pages less
--       exactly, are NULL.
--   Rows migrated from version 2 keep both. VmRSS is not stored: the kernel reports it as
--   RssAnon + RssFile + RssShmem. Faults, VmHWM and threads are stored on every tick.
-- * The region row count of a sample is no longer stored: count its region_sample rows.
--
-- host_sample keeps its shape; the recorder now stores a host row on the first tick, at least
-- every 10 seconds after, on any tick where a value moved by 1% of MemTotal or more, and at the
-- end of the session.
--
-- The views are rebuilt over the new tables: sample_mib's rss_mib, anonymous_mib and swap_mib
-- read whichever source the tick measured.

DROP VIEW session_overview;
DROP VIEW process_overview;
DROP VIEW sample_mib;
DROP VIEW region_sample_mib;
DROP VIEW region_latest;

ALTER TABLE region_sample RENAME TO region_sample_v2;
ALTER TABLE sample RENAME TO sample_v2;

-- One capture of one process. detail: 1 status, 2 rollup, 3 regions (see above).
CREATE TABLE sample (
    process_id             INTEGER NOT NULL REFERENCES process(id),
    time_ms                INTEGER NOT NULL,
    detail                 INTEGER NOT NULL,
    map_count              INTEGER,        -- measured with the regions (detail 3)
    resident_size          INTEGER,        -- detail 2 and 3: from the page walk
    proportional_size      INTEGER,
    shared_clean_size      INTEGER,
    shared_dirty_size      INTEGER,
    private_clean_size     INTEGER,
    private_dirty_size     INTEGER,
    referenced_size        INTEGER,
    anonymous_size         INTEGER,
    swap_size              INTEGER,
    proportional_swap_size INTEGER,
    minor_faults           INTEGER,        -- every tick: from stat and status
    major_faults           INTEGER,
    peak_resident_size     INTEGER,        -- VmHWM
    thread_count           INTEGER,
    rss_anon               INTEGER,        -- detail 1: the counters in status
    rss_file               INTEGER,
    rss_shmem              INTEGER,
    vm_swap                INTEGER,
    PRIMARY KEY (process_id, time_ms)
) WITHOUT ROWID;

-- A region's sizes in a sample, stored when they changed (mapping_count = 0: the region went away).
CREATE TABLE region_sample (
    process_id             INTEGER NOT NULL,
    time_ms                INTEGER NOT NULL,
    region_id              INTEGER NOT NULL REFERENCES region(id),
    start_address          TEXT NOT NULL,  -- hex with --regions mappings; '' when grouped
    mapping_count          INTEGER NOT NULL,
    size                   INTEGER NOT NULL,
    resident_size          INTEGER NOT NULL,
    proportional_size      INTEGER NOT NULL,
    shared_clean_size      INTEGER NOT NULL,
    shared_dirty_size      INTEGER NOT NULL,
    private_clean_size     INTEGER NOT NULL,
    private_dirty_size     INTEGER NOT NULL,
    referenced_size        INTEGER NOT NULL,
    anonymous_size         INTEGER NOT NULL,
    swap_size              INTEGER NOT NULL,
    proportional_swap_size INTEGER NOT NULL,
    PRIMARY KEY (process_id, time_ms, region_id, start_address),
    FOREIGN KEY (process_id, time_ms) REFERENCES sample (process_id, time_ms)
) WITHOUT ROWID;

-- Two samples of a process at the same millisecond cannot be told apart by the new key; the
-- recorder never wrote such a pair (its tick times only move forward), so OR IGNORE drops none.
INSERT OR IGNORE INTO sample
SELECT process_id, time_ms, detail, map_count, resident_size, proportional_size, shared_clean_size,
       shared_dirty_size, private_clean_size, private_dirty_size, referenced_size, anonymous_size,
       swap_size, proportional_swap_size, minor_faults, major_faults, peak_resident_size, thread_count,
       rss_anon, rss_file, rss_shmem, vm_swap
FROM sample_v2 ORDER BY process_id, time_ms;

INSERT OR IGNORE INTO region_sample
SELECT s.process_id, s.time_ms, rs.region_id, coalesce(rs.start_address, ''), rs.mapping_count, rs.size,
       rs.resident_size, rs.proportional_size, rs.shared_clean_size, rs.shared_dirty_size,
       rs.private_clean_size, rs.private_dirty_size, rs.referenced_size, rs.anonymous_size, rs.swap_size,
       rs.proportional_swap_size
FROM region_sample_v2 rs JOIN sample_v2 s ON s.id = rs.sample_id
ORDER BY s.process_id, s.time_ms;

DROP TABLE region_sample_v2;
DROP TABLE sample_v2;

-- Views for people: ISO-8601 times (UTC), sizes in MiB, command lines joined in.

CREATE VIEW session_overview AS
SELECT s.id AS session,
       strftime('%Y-%m-%dT%H:%M:%fZ', s.started_ms / 1000.0, 'unixepoch') AS started,
       strftime('%Y-%m-%dT%H:%M:%fZ', s.ended_ms / 1000.0, 'unixepoch') AS ended,
       round((coalesce(s.ended_ms, (SELECT max(x.time_ms) FROM process p JOIN sample x ON x.process_id = p.id
                                    WHERE p.session_id = s.id)) - s.started_ms) / 1000.0, 1) AS seconds,
       s.stop_reason, s.host, s.selection, s.interval_ms,
       (SELECT count(*) FROM process p WHERE p.session_id = s.id) AS processes
FROM session s;

CREATE VIEW process_overview AS
SELECT p.session_id AS session, p.id AS process, p.pid, p.command,
       strftime('%Y-%m-%dT%H:%M:%fZ', p.first_seen_ms / 1000.0, 'unixepoch') AS first_seen,
       strftime('%Y-%m-%dT%H:%M:%fZ', p.last_seen_ms / 1000.0, 'unixepoch') AS last_seen,
       p.end_reason, p.exit_status,
       (SELECT count(*) FROM sample x WHERE x.process_id = p.id) AS samples,
       round((SELECT max(coalesce(x.resident_size, x.rss_anon + x.rss_file + x.rss_shmem))
              FROM sample x WHERE x.process_id = p.id) / 1048576.0, 2) AS peak_rss_mib,
       round((SELECT max(peak_resident_size) FROM sample x WHERE x.process_id = p.id) / 1048576.0, 2) AS vmhwm_mib
FROM process p;

CREATE VIEW sample_mib AS
SELECT p.session_id AS session, p.pid, p.command,
       strftime('%Y-%m-%dT%H:%M:%fZ', s.time_ms / 1000.0, 'unixepoch') AS time,
       CASE s.detail WHEN 1 THEN 'status' WHEN 2 THEN 'rollup' ELSE 'regions' END AS measured,
       round(coalesce(s.resident_size, s.rss_anon + s.rss_file + s.rss_shmem) / 1048576.0, 2) AS rss_mib,
       round(s.proportional_size / 1048576.0, 2) AS pss_mib,
       round((s.private_clean_size + s.private_dirty_size) / 1048576.0, 2) AS uss_mib,
       round(s.private_dirty_size / 1048576.0, 2) AS private_dirty_mib,
       round(coalesce(s.anonymous_size, s.rss_anon) / 1048576.0, 2) AS anonymous_mib,
       round(coalesce(s.swap_size, s.vm_swap) / 1048576.0, 2) AS swap_mib,
       round(s.rss_shmem / 1048576.0, 2) AS shmem_mib,
       round(s.peak_resident_size / 1048576.0, 2) AS vmhwm_mib,
       s.map_count, s.thread_count, s.minor_faults, s.major_faults,
       s.process_id AS process, s.time_ms
FROM sample s JOIN process p ON p.id = s.process_id;

CREATE VIEW region_sample_mib AS
SELECT p.session_id AS session, p.pid, p.command,
       strftime('%Y-%m-%dT%H:%M:%fZ', rs.time_ms / 1000.0, 'unixepoch') AS time,
       r.label, r.kind, nullif(rs.start_address, '') AS start_address, rs.mapping_count,
       round(rs.size / 1048576.0, 2) AS size_mib,
       round(rs.resident_size / 1048576.0, 2) AS rss_mib,
       round(rs.proportional_size / 1048576.0, 2) AS pss_mib,
       round(rs.private_dirty_size / 1048576.0, 2) AS private_dirty_mib,
       round(rs.swap_size / 1048576.0, 2) AS swap_mib,
       rs.process_id AS process, rs.time_ms
FROM region_sample rs
JOIN process p ON p.id = rs.process_id
JOIN region r ON r.id = rs.region_id;

-- Each process's regions as of its last region capture: per region, its latest row, unless
-- that row says the region went away. (SQLite takes the other columns of a max() query from
-- the row that holds the maximum.)
CREATE VIEW region_latest AS
SELECT p.session_id AS session, p.pid, p.command, r.label, r.kind,
       nullif(rs.start_address, '') AS start_address, rs.mapping_count,
       strftime('%Y-%m-%dT%H:%M:%fZ', rs.changed_ms / 1000.0, 'unixepoch') AS changed,
       round(rs.size / 1048576.0, 2) AS size_mib,
       round(rs.resident_size / 1048576.0, 2) AS rss_mib,
       round(rs.proportional_size / 1048576.0, 2) AS pss_mib,
       round(rs.private_dirty_size / 1048576.0, 2) AS private_dirty_mib,
       round(rs.swap_size / 1048576.0, 2) AS swap_mib,
       rs.process_id AS process
FROM (SELECT process_id, region_id, start_address, mapping_count, size, resident_size, proportional_size,
             private_dirty_size, swap_size, max(time_ms) AS changed_ms
      FROM region_sample GROUP BY process_id, region_id, start_address) rs
JOIN process p ON p.id = rs.process_id
JOIN region r ON r.id = rs.region_id
WHERE rs.mapping_count > 0;

PRAGMA user_version = 3;
