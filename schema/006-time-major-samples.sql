-- memhist database, schema version 6: samples stored in time order.
--
-- Version 3 keyed sample by (process_id, time_ms), so the rows of one tick went to as many
-- places in the file as it measured processes, and every tick rewrote a page per process:
-- about 50 bytes written for each byte kept. Now each tick's rows sit side by side at the end
-- of the table, and a tick rewrites the last page or two:
--
-- * sample, footprint_sample: keyed by (time_ms, process_id).
-- * region_sample: keyed by (time_ms, process_id, region_id, start_address).
-- * process.last_seen_ms is written about every 10 seconds while a recording runs (it was every
--   tick), and exactly when the process ends and when the session ends. A recorder killed with
--   -9 leaves it up to 10 s behind the process's last sample.
--
-- One process's rows are found by time: a reader bounds its scan by the process's
-- first_seen_ms and, once the process or its session has ended, its last_seen_ms. The
-- columns and the views are unchanged.

DROP VIEW session_overview;
DROP VIEW process_overview;
DROP VIEW sample_mib;
DROP VIEW region_sample_mib;
DROP VIEW region_latest;

ALTER TABLE footprint_sample RENAME TO footprint_sample_v5;
ALTER TABLE region_sample RENAME TO region_sample_v5;
ALTER TABLE sample RENAME TO sample_v5;

-- One capture of one process. detail: 1 status, 2 rollup, 3 regions (see version 3).
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
    PRIMARY KEY (time_ms, process_id)
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
    PRIMARY KEY (time_ms, process_id, region_id, start_address),
    FOREIGN KEY (time_ms, process_id) REFERENCES sample (time_ms, process_id)
) WITHOUT ROWID;

-- macOS's physical footprint per sample (see version 4).
CREATE TABLE footprint_sample (
    process_id              INTEGER NOT NULL,
    time_ms                 INTEGER NOT NULL,
    physical_footprint      INTEGER,
    peak_physical_footprint INTEGER,
    PRIMARY KEY (time_ms, process_id),
    FOREIGN KEY (time_ms, process_id) REFERENCES sample (time_ms, process_id)
) WITHOUT ROWID;

INSERT INTO sample SELECT * FROM sample_v5 ORDER BY time_ms, process_id;
INSERT INTO region_sample SELECT * FROM region_sample_v5 ORDER BY time_ms, process_id, region_id, start_address;
INSERT INTO footprint_sample SELECT * FROM footprint_sample_v5 ORDER BY time_ms, process_id;

DROP TABLE footprint_sample_v5;
DROP TABLE region_sample_v5;
DROP TABLE sample_v5;

-- The views of versions 3 and 4, as they were, except that process_overview reads each table
-- once (a lookup by process would now scan the table).

CREATE VIEW session_overview AS
SELECT s.id AS session,
       strftime('%Y-%m-%dT%H:%M:%fZ', s.started_ms / 1000.0, 'unixepoch') AS started,
       strftime('%Y-%m-%dT%H:%M:%fZ', s.ended_ms / 1000.0, 'unixepoch') AS ended,
       round((coalesce(s.ended_ms, (SELECT max(p.last_seen_ms) FROM process p WHERE p.session_id = s.id))
              - s.started_ms) / 1000.0, 1) AS seconds,
       s.stop_reason, s.host, s.selection, s.interval_ms,
       (SELECT count(*) FROM process p WHERE p.session_id = s.id) AS processes
FROM session s;

CREATE VIEW process_overview AS
SELECT p.session_id AS session, p.id AS process, p.pid, p.command,
       strftime('%Y-%m-%dT%H:%M:%fZ', p.first_seen_ms / 1000.0, 'unixepoch') AS first_seen,
       strftime('%Y-%m-%dT%H:%M:%fZ', p.exec_ms / 1000.0, 'unixepoch') AS exec,
       strftime('%Y-%m-%dT%H:%M:%fZ', p.last_seen_ms / 1000.0, 'unixepoch') AS last_seen,
       p.end_reason, p.exit_status,
       coalesce(x.samples, 0) AS samples,
       round(x.peak_rss / 1048576.0, 2) AS peak_rss_mib,
       round(x.vmhwm / 1048576.0, 2) AS vmhwm_mib,
       round(f.peak_footprint / 1048576.0, 2) AS peak_footprint_mib
FROM process p
LEFT JOIN (SELECT s.process_id, count(*) AS samples,
                  max(CASE WHEN s.time_ms >= coalesce(q.exec_ms, s.time_ms)
                           THEN coalesce(s.resident_size, s.rss_anon + s.rss_file + s.rss_shmem) END) AS peak_rss,
                  max(s.peak_resident_size) AS vmhwm
           FROM sample s JOIN process q ON q.id = s.process_id
           GROUP BY s.process_id) x ON x.process_id = p.id
LEFT JOIN (SELECT process_id, max(peak_physical_footprint) AS peak_footprint
           FROM footprint_sample GROUP BY process_id) f ON f.process_id = p.id;

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
       round(f.physical_footprint / 1048576.0, 2) AS footprint_mib,
       round(s.peak_resident_size / 1048576.0, 2) AS vmhwm_mib,
       s.map_count, s.thread_count, s.minor_faults, s.major_faults,
       s.time_ms < coalesce(p.exec_ms, s.time_ms) AS before_exec,
       s.process_id AS process, s.time_ms
FROM sample s JOIN process p ON p.id = s.process_id
LEFT JOIN footprint_sample f ON f.process_id = s.process_id AND f.time_ms = s.time_ms;

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

PRAGMA user_version = 6;
