-- A submission whose file cannot be read as cases (another encoding or
-- delimiter, not text, a header without the required columns) ends
-- 'failed', its report saying why, so that the same file imported again is
-- not resumed. SQLite cannot change a CHECK constraint, so the table is
-- copied into a new one. The rows that reference submissions are kept:
-- foreign keys are checked at commit, when every submission is back under
-- its id (each row inserted below settles the references to it).
PRAGMA defer_foreign_keys = ON;

CREATE TABLE submissions_before_0012 AS SELECT * FROM submissions;
DROP TABLE submissions;
CREATE TABLE submissions (
    id                 INTEGER PRIMARY KEY,
    file_name          TEXT NOT NULL,
    file_sha256        TEXT NOT NULL,
    source             TEXT NOT NULL,
    society_id         INTEGER REFERENCES societies (id),
    status             TEXT NOT NULL CHECK (status IN ('running', 'completed', 'rejected', 'failed')),
    rows_done          INTEGER NOT NULL DEFAULT 0,
    rows_read          INTEGER NOT NULL DEFAULT 0,
    accepted           INTEGER NOT NULL DEFAULT 0,
    updated            INTEGER NOT NULL DEFAULT 0,
    unchanged          INTEGER NOT NULL DEFAULT 0,
    rejected           INTEGER NOT NULL DEFAULT 0,
    actor              TEXT NOT NULL,
    started_at_micros  INTEGER NOT NULL,
    finished_at_micros INTEGER
);
-- Every column, in order: a column added to submissions before this
-- migration and missing above fails here rather than being lost.
INSERT INTO submissions SELECT * FROM submissions_before_0012;
DROP TABLE submissions_before_0012;
CREATE INDEX submissions_by_file ON submissions (file_sha256, status);
