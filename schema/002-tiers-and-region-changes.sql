-- memhist database, schema version 2: tiered samples and change-only region rows.
--
-- A tick now measures each process at one of three levels of detail, by what the kernel
-- charges for it (reading smaps_rollup or smaps walks every resident page while holding the
-- target's memory-map lock):
--   1  /proc/PID/stat and status only: the vm_* and rss_* columns, faults, threads, VmHWM;
--   2  and smaps_rollup: the process-metrics sizes (resident_size, proportional_size, ...);
--   3  and smaps: the region breakdown.
-- Columns a tick did not measure are NULL, never a copy of an older value.
--
-- Region rows are stored only when a region's sizes changed since its last stored row (or it
-- appeared); a region that went away gets one row with mapping_count = 0. The state of a
-- process's regions at a sample is therefore, per region, its latest row at or before that
-- sample: the view region_latest shows it for each process's last region capture.

ALTER TABLE sample ADD COLUMN detail INTEGER NOT NULL DEFAULT 2; -- 1, 2 or 3 as above
ALTER TABLE sample ADD COLUMN vm_rss INTEGER;       -- VmRSS in status, bytes
ALTER TABLE sample ADD COLUMN rss_anon INTEGER;     -- RssAnon
ALTER TABLE sample ADD COLUMN rss_file INTEGER;     -- RssFile
ALTER TABLE sample ADD COLUMN rss_shmem INTEGER;    -- RssShmem
ALTER TABLE sample ADD COLUMN vm_swap INTEGER;      -- VmSwap
UPDATE sample SET detail = 3 WHERE region_rows > 0;

ALTER TABLE region_sample ADD COLUMN process_id INTEGER REFERENCES process(id);
UPDATE region_sample SET process_id = (SELECT process_id FROM sample WHERE sample.id = region_sample.sample_id);
CREATE INDEX region_sample_by_region ON region_sample (process_id, region_id, sample_id);

DROP VIEW sample_mib;
CREATE VIEW sample_mib AS
SELECT p.session_id AS session, p.pid, p.command,
       strftime('%Y-%m-%dT%H:%M:%fZ', s.time_ms / 1000.0, 'unixepoch') AS time,
       CASE s.detail WHEN 1 THEN 'status' WHEN 2 THEN 'rollup' ELSE 'regions' END AS measured,
       round(s.resident_size / 1048576.0, 2) AS rss_mib,
       round(s.proportional_size / 1048576.0, 2) AS pss_mib,
       round((s.private_clean_size + s.private_dirty_size) / 1048576.0, 2) AS uss_mib,
       round(s.private_dirty_size / 1048576.0, 2) AS private_dirty_mib,
       round(s.anonymous_size / 1048576.0, 2) AS anonymous_mib,
       round(s.swap_size / 1048576.0, 2) AS swap_mib,
       round(s.vm_rss / 1048576.0, 2) AS vm_rss_mib,
       round(s.rss_anon / 1048576.0, 2) AS rss_anon_mib,
       round(s.vm_swap / 1048576.0, 2) AS vm_swap_mib,
       round(s.peak_resident_size / 1048576.0, 2) AS vmhwm_mib,
       s.map_count, s.thread_count, s.minor_faults, s.major_faults,
       s.process_id AS process, s.id AS sample
FROM sample s JOIN process p ON p.id = s.process_id;

-- Each process's regions as of its last region capture (the latest row of every region that
-- still exists).
CREATE VIEW region_latest AS
SELECT p.session_id AS session, p.pid, p.command, r.label, r.kind, rs.start_address, rs.mapping_count,
       strftime('%Y-%m-%dT%H:%M:%fZ', s.time_ms / 1000.0, 'unixepoch') AS changed,
       round(rs.size / 1048576.0, 2) AS size_mib,
       round(rs.resident_size / 1048576.0, 2) AS rss_mib,
       round(rs.proportional_size / 1048576.0, 2) AS pss_mib,
       round(rs.private_dirty_size / 1048576.0, 2) AS private_dirty_mib,
       round(rs.swap_size / 1048576.0, 2) AS swap_mib,
       rs.process_id AS process
FROM region_sample rs
JOIN sample s ON s.id = rs.sample_id
JOIN process p ON p.id = rs.process_id
JOIN region r ON r.id = rs.region_id
WHERE rs.mapping_count > 0
  AND rs.sample_id = (SELECT max(x.sample_id) FROM region_sample x
                      WHERE x.process_id = rs.process_id AND x.region_id = rs.region_id
                        AND x.start_address IS rs.start_address);

PRAGMA user_version = 2;
