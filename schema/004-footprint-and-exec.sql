-- memhist database, schema version 4: macOS counters, and the time a process exec'd.
--
-- * footprint_sample: macOS's physical footprint (proc_pid_rusage's ri_phys_footprint, what
--   Activity Monitor shows as "Memory": the process's dirty memory, compressed and swapped
--   memory included) and its lifetime peak, per sample. Linux has no such counter and stores
--   no row, so a Linux sample costs nothing more. Keyed as sample is.
-- * On macOS a sample that read only the counters (detail 1) has resident_size from
--   ri_resident_size (the one resident counter there) and proportional_size estimated as
--   process-metrics does, resident ÷ the processes captured together in that tick;
--   major_faults holds the page-ins (ri_pageins). Linux's detail-1 rows are as before.
-- * process.exec_ms: the time of the first sample after the process exec'd another program
--   (a launcher such as `env`, `sh -c` or a pyenv shim that execs the real program). The
--   process's name, command and executable are the new program's; its samples before exec_ms
--   are the launcher's and the report leaves them out. NULL: no exec seen while recorded.
--
-- The views show both: sample_mib's footprint_mib and before_exec, process_overview's exec
-- time and peak footprint.

CREATE TABLE footprint_sample (
    process_id              INTEGER NOT NULL,
    time_ms                 INTEGER NOT NULL,
    physical_footprint      INTEGER,
    peak_physical_footprint INTEGER,
    PRIMARY KEY (process_id, time_ms),
    FOREIGN KEY (process_id, time_ms) REFERENCES sample (process_id, time_ms)
) WITHOUT ROWID;

ALTER TABLE process ADD COLUMN exec_ms INTEGER;

DROP VIEW process_overview;
DROP VIEW sample_mib;

CREATE VIEW process_overview AS
SELECT p.session_id AS session, p.id AS process, p.pid, p.command,
       strftime('%Y-%m-%dT%H:%M:%fZ', p.first_seen_ms / 1000.0, 'unixepoch') AS first_seen,
       strftime('%Y-%m-%dT%H:%M:%fZ', p.exec_ms / 1000.0, 'unixepoch') AS exec,
       strftime('%Y-%m-%dT%H:%M:%fZ', p.last_seen_ms / 1000.0, 'unixepoch') AS last_seen,
       p.end_reason, p.exit_status,
       (SELECT count(*) FROM sample x WHERE x.process_id = p.id) AS samples,
       round((SELECT max(coalesce(x.resident_size, x.rss_anon + x.rss_file + x.rss_shmem))
              FROM sample x WHERE x.process_id = p.id AND x.time_ms >= coalesce(p.exec_ms, x.time_ms))
             / 1048576.0, 2) AS peak_rss_mib,
       round((SELECT max(peak_resident_size) FROM sample x WHERE x.process_id = p.id) / 1048576.0, 2) AS vmhwm_mib,
       round((SELECT max(peak_physical_footprint) FROM footprint_sample f WHERE f.process_id = p.id) / 1048576.0, 2)
           AS peak_footprint_mib
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
       round(f.physical_footprint / 1048576.0, 2) AS footprint_mib,
       round(s.peak_resident_size / 1048576.0, 2) AS vmhwm_mib,
       s.map_count, s.thread_count, s.minor_faults, s.major_faults,
       s.time_ms < coalesce(p.exec_ms, s.time_ms) AS before_exec,
       s.process_id AS process, s.time_ms
FROM sample s JOIN process p ON p.id = s.process_id
LEFT JOIN footprint_sample f ON f.process_id = s.process_id AND f.time_ms = s.time_ms;

PRAGMA user_version = 4;
