-- Societies (tenants), members, facilities, accounts and the audit chain.
-- Timestamps are microseconds since the Unix epoch; dates are ISO 8601 text.

CREATE TABLE societies (
    id           INTEGER PRIMARY KEY,
    acronym      TEXT NOT NULL UNIQUE,
    slug         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    country_iso2 TEXT,
    kind         TEXT NOT NULL CHECK (kind IN ('alliance', 'national'))
);

CREATE TABLE facilities (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL,
    country_iso2         TEXT NOT NULL,
    city                 TEXT NOT NULL,
    setting              TEXT NOT NULL,
    accreditation_body   TEXT NOT NULL,
    accreditation_number TEXT NOT NULL,
    accredited_until     TEXT NOT NULL
);

CREATE TABLE members (
    id                INTEGER PRIMARY KEY,
    given_name        TEXT NOT NULL,
    family_name       TEXT NOT NULL,
    email             TEXT UNIQUE,
    country_iso2      TEXT NOT NULL,
    city              TEXT NOT NULL,
    languages         TEXT NOT NULL, -- comma-separated ISO 639-1 codes
    offers_follow_up  INTEGER NOT NULL,
    directory_opt_in  INTEGER NOT NULL,
    created_at_micros INTEGER NOT NULL
);

CREATE TABLE memberships (
    society_id      INTEGER NOT NULL REFERENCES societies (id),
    member_id       INTEGER NOT NULL REFERENCES members (id),
    membership_type TEXT NOT NULL,
    status          TEXT NOT NULL,
    since           TEXT NOT NULL,
    PRIMARY KEY (society_id, member_id)
);
CREATE INDEX memberships_by_member ON memberships (member_id);

CREATE TABLE certifications (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id),
    board      TEXT NOT NULL,
    number     TEXT NOT NULL,
    issued_on  TEXT NOT NULL,
    expires_on TEXT
);
CREATE INDEX certifications_by_member ON certifications (member_id);

CREATE TABLE member_facilities (
    member_id   INTEGER NOT NULL REFERENCES members (id),
    facility_id INTEGER NOT NULL REFERENCES facilities (id),
    PRIMARY KEY (member_id, facility_id)
);

CREATE TABLE users (
    id                INTEGER PRIMARY KEY,
    email             TEXT NOT NULL UNIQUE,
    display_name      TEXT NOT NULL,
    password_hash     TEXT NOT NULL,
    member_id         INTEGER REFERENCES members (id),
    disabled          INTEGER NOT NULL DEFAULT 0,
    created_at_micros INTEGER NOT NULL
);

CREATE TABLE role_grants (
    user_id    INTEGER NOT NULL REFERENCES users (id),
    role       TEXT NOT NULL,
    society_id INTEGER REFERENCES societies (id)
);
-- NULL societies count as equal, as PostgreSQL's NULLS NOT DISTINCT does.
CREATE UNIQUE INDEX role_grants_unique ON role_grants (user_id, role, coalesce(society_id, 0));

CREATE TABLE sessions (
    token_hash        TEXT PRIMARY KEY,
    user_id           INTEGER NOT NULL REFERENCES users (id),
    created_at_micros INTEGER NOT NULL,
    expires_at_micros INTEGER NOT NULL
);

CREATE TABLE api_tokens (
    id                INTEGER PRIMARY KEY,
    token_hash        TEXT NOT NULL UNIQUE,
    user_id           INTEGER NOT NULL REFERENCES users (id),
    name              TEXT NOT NULL,
    created_at_micros INTEGER NOT NULL,
    expires_at_micros INTEGER
);

CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,
    at_micros  INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    society_id INTEGER,
    source     TEXT,
    request_id TEXT,
    detail     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);

-- The chain's last entry, kept apart so that truncation is detectable.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
