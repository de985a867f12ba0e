-- memhist database, schema version 5: marks.
--
-- * mark: a timestamped note in a session ("deploy v2", "load test starts"), stored by
--   `memhist mark` (also while the session records) or by the recorder on a signal
--   (`record --mark-on-signal USR1`). Reports list the marks of the window and charts draw
--   them as vertical lines. time_ms is Unix ms; note is the user's text, stored as given
--   (reports escape it).

CREATE TABLE mark (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session (id),
    time_ms    INTEGER NOT NULL,
    note       TEXT NOT NULL
);

CREATE INDEX mark_by_session ON mark (session_id, time_ms);

PRAGMA user_version = 5;
