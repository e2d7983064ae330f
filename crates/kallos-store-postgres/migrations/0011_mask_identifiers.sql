-- Report lines, file names and submission audit entries stored before every
-- value passed the identifier mask may hold a refused identifier. The
-- detectors are Rust code, so this migration only marks the store: on
-- opening, the store masks what a detector finds in those columns (nothing
-- else changes), re-hashes the audit chain from the first entry it changed,
-- appends an `audit.mask_identifiers` entry naming the entries and the head
-- it replaced, and removes the mark, in one transaction.
CREATE TABLE pending_upgrades (
    name TEXT PRIMARY KEY
);
INSERT INTO pending_upgrades (name) VALUES ('mask-identifiers');
