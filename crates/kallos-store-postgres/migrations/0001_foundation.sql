-- Societies (tenants), members, facilities, accounts and the audit chain.
-- The same tables and columns as the SQLite backend's first migration.
-- Timestamps are BIGINT microseconds since the Unix epoch, exactly as on
-- SQLite: the audit hash covers them. Every unique constraint is named after
-- the SQLite error text for it ("table.column"), which the store reports as
-- the `Conflict` message, so both backends fail with the same words.

CREATE TABLE societies (
    id           BIGINT GENERATED ALWAYS AS IDENTITY,
    acronym      TEXT NOT NULL,
    slug         TEXT NOT NULL,
    name         TEXT NOT NULL,
    country_iso2 TEXT,
    kind         TEXT NOT NULL CHECK (kind IN ('alliance', 'national')),
    CONSTRAINT "societies.id" PRIMARY KEY (id),
    CONSTRAINT "societies.acronym" UNIQUE (acronym),
    CONSTRAINT "societies.slug" UNIQUE (slug)
);

CREATE TABLE facilities (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY,
    name                 TEXT NOT NULL,
    country_iso2         TEXT NOT NULL,
    city                 TEXT NOT NULL,
    setting              TEXT NOT NULL,
    accreditation_body   TEXT NOT NULL,
    accreditation_number TEXT NOT NULL,
    accredited_until     DATE NOT NULL,
    CONSTRAINT "facilities.id" PRIMARY KEY (id)
);

CREATE TABLE members (
    id                BIGINT GENERATED ALWAYS AS IDENTITY,
    given_name        TEXT NOT NULL,
    family_name       TEXT NOT NULL,
    email             TEXT,
    country_iso2      TEXT NOT NULL,
    city              TEXT NOT NULL,
    languages         TEXT NOT NULL, -- comma-separated ISO 639-1 codes
    offers_follow_up  BOOLEAN NOT NULL,
    directory_opt_in  BOOLEAN NOT NULL,
    created_at_micros BIGINT NOT NULL,
    CONSTRAINT "members.id" PRIMARY KEY (id),
    CONSTRAINT "members.email" UNIQUE (email)
);

CREATE TABLE memberships (
    society_id      BIGINT NOT NULL REFERENCES societies (id),
    member_id       BIGINT NOT NULL REFERENCES members (id),
    membership_type TEXT NOT NULL,
    status          TEXT NOT NULL,
    since           DATE NOT NULL,
    CONSTRAINT "memberships.society_id, memberships.member_id" PRIMARY KEY (society_id, member_id)
);
CREATE INDEX memberships_by_member ON memberships (member_id);

CREATE TABLE certifications (
    id         BIGINT GENERATED ALWAYS AS IDENTITY,
    member_id  BIGINT NOT NULL REFERENCES members (id),
    board      TEXT NOT NULL,
    number     TEXT NOT NULL,
    issued_on  DATE NOT NULL,
    expires_on DATE,
    CONSTRAINT "certifications.id" PRIMARY KEY (id)
);
CREATE INDEX certifications_by_member ON certifications (member_id);

CREATE TABLE member_facilities (
    member_id   BIGINT NOT NULL REFERENCES members (id),
    facility_id BIGINT NOT NULL REFERENCES facilities (id),
    CONSTRAINT "member_facilities.member_id, member_facilities.facility_id" PRIMARY KEY (member_id, facility_id)
);

CREATE TABLE users (
    id                BIGINT GENERATED ALWAYS AS IDENTITY,
    email             TEXT NOT NULL,
    display_name      TEXT NOT NULL,
    password_hash     TEXT NOT NULL,
    member_id         BIGINT REFERENCES members (id),
    disabled          BOOLEAN NOT NULL DEFAULT FALSE,
    created_at_micros BIGINT NOT NULL,
    CONSTRAINT "users.id" PRIMARY KEY (id),
    CONSTRAINT "users.email" UNIQUE (email)
);

-- NULLS NOT DISTINCT: SQLite treats NULLs as distinct here, which lets the
-- same global role be granted twice; one grant per (user, role, society) is
-- what the constraint means, so PostgreSQL enforces that.
CREATE TABLE role_grants (
    user_id    BIGINT NOT NULL REFERENCES users (id),
    role       TEXT NOT NULL,
    society_id BIGINT REFERENCES societies (id),
    CONSTRAINT "role_grants.user_id, role_grants.role, role_grants.society_id"
        UNIQUE NULLS NOT DISTINCT (user_id, role, society_id)
);

CREATE TABLE sessions (
    token_hash        TEXT NOT NULL,
    user_id           BIGINT NOT NULL REFERENCES users (id),
    created_at_micros BIGINT NOT NULL,
    expires_at_micros BIGINT NOT NULL,
    CONSTRAINT "sessions.token_hash" PRIMARY KEY (token_hash)
);

CREATE TABLE api_tokens (
    id                BIGINT GENERATED ALWAYS AS IDENTITY,
    token_hash        TEXT NOT NULL,
    user_id           BIGINT NOT NULL REFERENCES users (id),
    name              TEXT NOT NULL,
    created_at_micros BIGINT NOT NULL,
    expires_at_micros BIGINT,
    CONSTRAINT "api_tokens.id" PRIMARY KEY (id),
    CONSTRAINT "api_tokens.token_hash" UNIQUE (token_hash)
);

CREATE TABLE audit_log (
    seq        BIGINT NOT NULL,
    at_micros  BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    society_id BIGINT,
    source     TEXT,
    request_id TEXT,
    detail     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL,
    CONSTRAINT "audit_log.seq" PRIMARY KEY (seq)
);

-- The chain's last entry, kept apart so that truncation is detectable. It has
-- no row while the chain is empty; writers serialise on a lock of this table.
CREATE TABLE audit_head (
    id   BIGINT NOT NULL CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL,
    CONSTRAINT "audit_head.id" PRIMARY KEY (id)
);
