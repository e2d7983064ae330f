-- Membership: the same tables and columns as the SQLite backend's 0003.
-- Unique constraints are named "table.column", as SQLite reports them.

CREATE TABLE membership_criteria (
    society_id        BIGINT NOT NULL REFERENCES societies (id),
    criteria          TEXT NOT NULL, -- JSON (kallos_domain::membership::SocietyCriteria)
    updated_at_micros BIGINT NOT NULL,
    CONSTRAINT "membership_criteria.society_id" PRIMARY KEY (society_id)
);

ALTER TABLE memberships ADD COLUMN renewal_due DATE;
ALTER TABLE memberships ADD COLUMN resigned_on DATE;
CREATE INDEX memberships_by_renewal ON memberships (renewal_due);
ALTER TABLE members ADD COLUMN practice_since DATE;

CREATE TABLE credentials (
    id                BIGINT GENERATED ALWAYS AS IDENTITY,
    member_id         BIGINT NOT NULL REFERENCES members (id),
    kind              TEXT NOT NULL CHECK (kind IN ('board_certification', 'licence', 'facility_accreditation')),
    issuer            TEXT NOT NULL,
    number            TEXT NOT NULL,
    subject           TEXT,
    issued_on         DATE NOT NULL,
    expires_on        DATE,
    evidence_name     TEXT, -- generated; never the uploader's file name
    evidence_type     TEXT CHECK (evidence_type IN ('pdf', 'png', 'jpeg')),
    evidence_size     BIGINT,
    evidence_sha256   TEXT,
    created_at_micros BIGINT NOT NULL,
    CONSTRAINT "credentials.id" PRIMARY KEY (id)
);
CREATE INDEX credentials_by_member ON credentials (member_id);
CREATE INDEX credentials_by_expiry ON credentials (expires_on);

CREATE TABLE cme_credits (
    id                BIGINT GENERATED ALWAYS AS IDENTITY,
    member_id         BIGINT NOT NULL REFERENCES members (id),
    society_id        BIGINT REFERENCES societies (id),
    activity          TEXT NOT NULL,
    completed_on      DATE NOT NULL,
    credits_x100      BIGINT NOT NULL,
    category          TEXT NOT NULL,
    created_at_micros BIGINT NOT NULL,
    CONSTRAINT "cme_credits.id" PRIMARY KEY (id)
);
CREATE INDEX cme_credits_by_member ON cme_credits (member_id, completed_on);

CREATE TABLE attestations (
    id                BIGINT GENERATED ALWAYS AS IDENTITY,
    member_id         BIGINT NOT NULL REFERENCES members (id),
    society_id        BIGINT NOT NULL REFERENCES societies (id),
    kind              TEXT NOT NULL CHECK (kind IN ('ethics', 'facility')),
    attested_on       DATE NOT NULL,
    created_at_micros BIGINT NOT NULL,
    CONSTRAINT "attestations.id" PRIMARY KEY (id)
);
CREATE INDEX attestations_by_member ON attestations (member_id, society_id, kind, attested_on);

CREATE TABLE applications (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY,
    society_id          BIGINT NOT NULL REFERENCES societies (id),
    member_id           BIGINT NOT NULL REFERENCES members (id),
    membership_type     TEXT NOT NULL,
    renewal             BOOLEAN NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    sponsors            TEXT NOT NULL, -- JSON list of member ids
    sponsors_unrelated  BOOLEAN NOT NULL,
    eligible            BOOLEAN NOT NULL,
    evaluation          TEXT NOT NULL, -- JSON (kallos_domain::membership::Evaluation)
    submitted_at_micros BIGINT NOT NULL,
    decided_at_micros   BIGINT,
    reason              TEXT,
    CONSTRAINT "applications.id" PRIMARY KEY (id)
);
CREATE INDEX applications_by_society ON applications (society_id, status, id);
CREATE INDEX applications_by_member ON applications (member_id, id);

CREATE TABLE outbox (
    id                BIGINT GENERATED ALWAYS AS IDENTITY,
    dedupe_key        TEXT NOT NULL,
    member_id         BIGINT REFERENCES members (id),
    recipient         TEXT NOT NULL,
    subject           TEXT NOT NULL,
    body              TEXT NOT NULL,
    created_at_micros BIGINT NOT NULL,
    sent_at_micros    BIGINT,
    attempts          BIGINT NOT NULL DEFAULT 0,
    last_error        TEXT,
    CONSTRAINT "outbox.id" PRIMARY KEY (id),
    CONSTRAINT "outbox.dedupe_key" UNIQUE (dedupe_key)
);
CREATE INDEX outbox_pending ON outbox (sent_at_micros, id);
