-- memhist database, schema version 1.
--
-- One file holds any number of recording sessions. Every size is an integer number of
-- bytes; every time is Unix milliseconds (UTC). The views at the end show times as
-- ISO-8601 text and sizes in MiB, for people reading the file with sqlite3.
--
-- memhist applies this file as it is (a test keeps the copy in the binary identical).
-- Create an empty database by hand with:  sqlite3 my.db < schema/001-initial.sql

PRAGMA application_id = 1296387400; -- 'MEMH': marks the file as memhist's
PRAGMA user_version = 1;

-- One recording: what was selected, how often, on which machine.
CREATE TABLE session (
    id              INTEGER PRIMARY KEY,
    started_ms      INTEGER NOT NULL,
    ended_ms        INTEGER,              -- NULL while recording, or when the recorder was killed
    stop_reason     TEXT,                 -- duration, samples, signal, targets_exited, error
    host            TEXT NOT NULL,
    kernel          TEXT NOT NULL,        -- uname: system, release, machine
    page_size       INTEGER NOT NULL,
    clock_ticks     INTEGER NOT NULL,     -- per second; converts process.start_ticks to time
    boot_time_ms    INTEGER,
    interval_ms     INTEGER NOT NULL,
    selection       TEXT NOT NULL,        -- the targets as given on the command line
    regions_mode    TEXT NOT NULL,        -- grouped, mappings or off
    regions_every   INTEGER NOT NULL,
    memhist_version TEXT NOT NULL
);

-- One process seen in a session. pid + start_ticks identify it even when the pid is reused.
CREATE TABLE process (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES session(id),
    pid           INTEGER NOT NULL,
    start_ticks   INTEGER NOT NULL,      -- field 22 of /proc/PID/stat: clock ticks after boot
    started_ms    INTEGER,
    parent_pid    INTEGER,
    name          TEXT NOT NULL,         -- the kernel's short name (comm)
    command       TEXT NOT NULL,         -- the command line, arguments joined by spaces
    executable    TEXT,
    first_seen_ms INTEGER NOT NULL,
    last_seen_ms  INTEGER NOT NULL,
    end_reason    TEXT,                  -- NULL: alive at the end; exited, vanished, unreadable
    exit_status   INTEGER,               -- for a command memhist started: its exit status
    UNIQUE (session_id, pid, start_ticks)
);

-- One capture of one process: the totals of its address space (process-metrics' fields),
-- the kernel's peak resident size (VmHWM) and its thread count.
CREATE TABLE sample (
    id                     INTEGER PRIMARY KEY,
    process_id             INTEGER NOT NULL REFERENCES process(id),
    time_ms                INTEGER NOT NULL,
    map_count              INTEGER,
    resident_size          INTEGER,
    proportional_size      INTEGER,
    shared_clean_size      INTEGER,
    shared_dirty_size      INTEGER,
    private_clean_size     INTEGER,
    private_dirty_size     INTEGER,
    referenced_size        INTEGER,
    anonymous_size         INTEGER,
    swap_size              INTEGER,
    proportional_swap_size INTEGER,
    minor_faults           INTEGER,
    major_faults           INTEGER,
    peak_resident_size     INTEGER,       -- VmHWM
    thread_count           INTEGER,
    region_rows            INTEGER NOT NULL DEFAULT 0 -- rows in region_sample for this sample
);
CREATE INDEX sample_by_process ON sample (process_id, time_ms);

-- The distinct region labels: a path, a pseudo-name such as [heap] or [anon:NAME], or [anon].
CREATE TABLE region (
    id    INTEGER PRIMARY KEY,
    label TEXT NOT NULL UNIQUE,
    kind  TEXT NOT NULL                   -- file, heap, stack, anonymous, memfd, kernel …
);

-- A region's sizes in a sample. With --regions grouped (the default) one row per label,
-- summed over its mappings; with --regions mappings one row per mapping.
CREATE TABLE region_sample (
    sample_id              INTEGER NOT NULL REFERENCES sample(id),
    region_id              INTEGER NOT NULL REFERENCES region(id),
    start_address          TEXT,          -- hex, for --regions mappings; NULL when grouped
    mapping_count          INTEGER NOT NULL,
    size                   INTEGER NOT NULL, -- virtual
    resident_size          INTEGER NOT NULL,
    proportional_size      INTEGER NOT NULL,
    shared_clean_size      INTEGER NOT NULL,
    shared_dirty_size      INTEGER NOT NULL,
    private_clean_size     INTEGER NOT NULL,
    private_dirty_size     INTEGER NOT NULL,
    referenced_size        INTEGER NOT NULL,
    anonymous_size         INTEGER NOT NULL,
    swap_size              INTEGER NOT NULL,
    proportional_swap_size INTEGER NOT NULL
);
CREATE INDEX region_sample_by_sample ON region_sample (sample_id);

-- The host's memory (/proc/meminfo) and the recorder's cgroup at each tick.
CREATE TABLE host_sample (
    session_id     INTEGER NOT NULL REFERENCES session(id),
    time_ms        INTEGER NOT NULL,
    mem_total      INTEGER,
    mem_available  INTEGER,
    swap_total     INTEGER,
    swap_free      INTEGER,
    cgroup_usage   INTEGER,
    cgroup_limit   INTEGER,               -- NULL when the cgroup has no limit
    PRIMARY KEY (session_id, time_ms)
) WITHOUT ROWID;

-- Views for people: ISO-8601 times (UTC), sizes in MiB, command lines joined in.

CREATE VIEW session_overview AS
SELECT s.id AS session,
       strftime('%Y-%m-%dT%H:%M:%fZ', s.started_ms / 1000.0, 'unixepoch') AS started,
       strftime('%Y-%m-%dT%H:%M:%fZ', s.ended_ms / 1000.0, 'unixepoch') AS ended,
       round((coalesce(s.ended_ms, (SELECT max(time_ms) FROM sample JOIN process p ON p.id = sample.process_id
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
       round((SELECT max(resident_size) FROM sample x WHERE x.process_id = p.id) / 1048576.0, 2) AS peak_rss_mib,
       round((SELECT max(peak_resident_size) FROM sample x WHERE x.process_id = p.id) / 1048576.0, 2) AS vmhwm_mib
FROM process p;

CREATE VIEW sample_mib AS
SELECT p.session_id AS session, p.pid, p.command,
       strftime('%Y-%m-%dT%H:%M:%fZ', s.time_ms / 1000.0, 'unixepoch') AS time,
       round(s.resident_size / 1048576.0, 2) AS rss_mib,
       round(s.proportional_size / 1048576.0, 2) AS pss_mib,
       round((s.private_clean_size + s.private_dirty_size) / 1048576.0, 2) AS uss_mib,
       round(s.private_dirty_size / 1048576.0, 2) AS private_dirty_mib,
       round(s.anonymous_size / 1048576.0, 2) AS anonymous_mib,
       round(s.swap_size / 1048576.0, 2) AS swap_mib,
       round(s.peak_resident_size / 1048576.0, 2) AS vmhwm_mib,
       s.map_count, s.thread_count, s.minor_faults, s.major_faults,
       s.process_id AS process, s.id AS sample
FROM sample s JOIN process p ON p.id = s.process_id;

CREATE VIEW region_sample_mib AS
SELECT p.session_id AS session, p.pid, p.command,
       strftime('%Y-%m-%dT%H:%M:%fZ', s.time_ms / 1000.0, 'unixepoch') AS time,
       r.label, r.kind, rs.start_address, rs.mapping_count,
       round(rs.size / 1048576.0, 2) AS size_mib,
       round(rs.resident_size / 1048576.0, 2) AS rss_mib,
       round(rs.proportional_size / 1048576.0, 2) AS pss_mib,
       round(rs.private_dirty_size / 1048576.0, 2) AS private_dirty_mib,
       round(rs.swap_size / 1048576.0, 2) AS swap_mib,
       s.process_id AS process, s.id AS sample
FROM region_sample rs
JOIN sample s ON s.id = rs.sample_id
JOIN process p ON p.id = s.process_id
JOIN region r ON r.id = rs.region_id;

CREATE VIEW host_mib AS
SELECT h.session_id AS session,
       strftime('%Y-%m-%dT%H:%M:%fZ', h.time_ms / 1000.0, 'unixepoch') AS time,
       round(h.mem_total / 1048576.0, 1) AS mem_total_mib,
       round(h.mem_available / 1048576.0, 1) AS mem_available_mib,
       round((h.swap_total - h.swap_free) / 1048576.0, 1) AS swap_used_mib,
       round(h.cgroup_usage / 1048576.0, 1) AS cgroup_usage_mib,
       round(h.cgroup_limit / 1048576.0, 1) AS cgroup_limit_mib
FROM host_sample h;
