-- Membership: each society's criteria, credentials with evidence files, CME
-- credits, yearly attestations, applications with their evaluation, the
-- dates a membership's status follows, and the outbox of reminders.

CREATE TABLE membership_criteria (
    society_id        INTEGER PRIMARY KEY REFERENCES societies (id),
    criteria          TEXT NOT NULL, -- JSON (kallos_domain::membership::SocietyCriteria)
    updated_at_micros INTEGER NOT NULL
);

ALTER TABLE memberships ADD COLUMN renewal_due TEXT;
ALTER TABLE memberships ADD COLUMN resigned_on TEXT;
CREATE INDEX memberships_by_renewal ON memberships (renewal_due);
ALTER TABLE members ADD COLUMN practice_since TEXT;

CREATE TABLE credentials (
    id                INTEGER PRIMARY KEY,
    member_id         INTEGER NOT NULL REFERENCES members (id),
    kind              TEXT NOT NULL CHECK (kind IN ('board_certification', 'licence', 'facility_accreditation')),
    issuer            TEXT NOT NULL,
    number            TEXT NOT NULL,
    subject           TEXT,
    issued_on         TEXT NOT NULL,
    expires_on        TEXT,
    evidence_name     TEXT, -- generated; never the uploader's file name
    evidence_type     TEXT CHECK (evidence_type IN ('pdf', 'png', 'jpeg')),
    evidence_size     INTEGER,
    evidence_sha256   TEXT,
    created_at_micros INTEGER NOT NULL
);
CREATE INDEX credentials_by_member ON credentials (member_id);
CREATE INDEX credentials_by_expiry ON credentials (expires_on);

CREATE TABLE cme_credits (
    id                INTEGER PRIMARY KEY,
    member_id         INTEGER NOT NULL REFERENCES members (id),
    society_id        INTEGER REFERENCES societies (id),
    activity          TEXT NOT NULL,
    completed_on      TEXT NOT NULL,
    credits_x100      INTEGER NOT NULL,
    category          TEXT NOT NULL,
    created_at_micros INTEGER NOT NULL
);
CREATE INDEX cme_credits_by_member ON cme_credits (member_id, completed_on);

CREATE TABLE attestations (
    id                INTEGER PRIMARY KEY,
    member_id         INTEGER NOT NULL REFERENCES members (id),
    society_id        INTEGER NOT NULL REFERENCES societies (id),
    kind              TEXT NOT NULL CHECK (kind IN ('ethics', 'facility')),
    attested_on       TEXT NOT NULL,
    created_at_micros INTEGER NOT NULL
);
CREATE INDEX attestations_by_member ON attestations (member_id, society_id, kind, attested_on);

CREATE TABLE applications (
    id                  INTEGER PRIMARY KEY,
    society_id          INTEGER NOT NULL REFERENCES societies (id),
    member_id           INTEGER NOT NULL REFERENCES members (id),
    membership_type     TEXT NOT NULL,
    renewal             INTEGER NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    sponsors            TEXT NOT NULL, -- JSON list of member ids
    sponsors_unrelated  INTEGER NOT NULL,
    eligible            INTEGER NOT NULL,
    evaluation          TEXT NOT NULL, -- JSON (kallos_domain::membership::Evaluation)
    submitted_at_micros INTEGER NOT NULL,
    decided_at_micros   INTEGER,
    reason              TEXT
);
CREATE INDEX applications_by_society ON applications (society_id, status, id);
CREATE INDEX applications_by_member ON applications (member_id, id);

CREATE TABLE outbox (
    id                INTEGER PRIMARY KEY,
    dedupe_key        TEXT NOT NULL UNIQUE,
    member_id         INTEGER REFERENCES members (id),
    recipient         TEXT NOT NULL,
    subject           TEXT NOT NULL,
    body              TEXT NOT NULL,
    created_at_micros INTEGER NOT NULL,
    sent_at_micros    INTEGER,
    attempts          INTEGER NOT NULL DEFAULT 0,
    last_error        TEXT
);
CREATE INDEX outbox_pending ON outbox (sent_at_micros, id);
