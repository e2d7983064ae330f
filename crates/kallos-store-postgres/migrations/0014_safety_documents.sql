-- Patient-safety documents an administrator edits (the trip planner's
-- rules), every version kept and dated.
CREATE TABLE safety_documents (
    kind TEXT NOT NULL,
    version BIGINT NOT NULL CHECK (version > 0),
    body TEXT NOT NULL,
    edited_by TEXT NOT NULL,
    edited_at_micros BIGINT NOT NULL,
    PRIMARY KEY (kind, version)
);
