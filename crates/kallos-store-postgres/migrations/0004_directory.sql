-- The verified public directory, verification pages, signed membership
-- signed_credentials and society society_attestations. The same tables and columns as the
-- SQLite backend's fourth migration.

-- An unguessable public id per member (128 random bits, hex), for the
-- verification page; the database id is never shown to the public.
ALTER TABLE members ADD COLUMN public_id TEXT NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', '');
ALTER TABLE members ADD CONSTRAINT "members.public_id" UNIQUE (public_id);

-- When each item shown on a verification page was last checked (microseconds;
-- NULL for rows written before this migration: "not recorded").
ALTER TABLE memberships ADD COLUMN checked_at_micros BIGINT;
ALTER TABLE certifications ADD COLUMN checked_at_micros BIGINT;
ALTER TABLE facilities ADD COLUMN checked_at_micros BIGINT;

-- The procedures a member offers (codes of the procedure taxonomy).
CREATE TABLE member_procedures (
    member_id BIGINT NOT NULL REFERENCES members (id),
    procedure TEXT NOT NULL,
    CONSTRAINT "member_procedures.member_id, member_procedures.procedure" PRIMARY KEY (member_id, procedure)
);

-- Each society's credential signing key (Ed25519). The private key is a secret.
CREATE TABLE issuer_keys (
    kid               TEXT NOT NULL,
    society_id        BIGINT NOT NULL REFERENCES societies (id),
    public_key        TEXT NOT NULL,
    private_key       TEXT NOT NULL,
    created_at_micros BIGINT NOT NULL,
    CONSTRAINT "issuer_keys.kid" PRIMARY KEY (kid),
    CONSTRAINT "issuer_keys.society_id" UNIQUE (society_id)
);

-- Membership signed_credentials issued; the signed form is made again from these
-- fields on each download. `status_index` is the credential's position in its
-- society's status lists.
CREATE TABLE signed_credentials (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY,
    credential_id      TEXT NOT NULL,
    society_id         BIGINT NOT NULL REFERENCES societies (id),
    member_id          BIGINT NOT NULL REFERENCES members (id),
    status_index       BIGINT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('valid', 'suspended', 'revoked')),
    issued_at_micros   BIGINT NOT NULL,
    valid_until_micros BIGINT NOT NULL,
    CONSTRAINT "signed_credentials.id" PRIMARY KEY (id),
    CONSTRAINT "signed_credentials.credential_id" UNIQUE (credential_id),
    CONSTRAINT "signed_credentials.society_id, signed_credentials.status_index" UNIQUE (society_id, status_index)
);
CREATE INDEX signed_credentials_by_member ON signed_credentials (member_id);

-- Attestations from other societies, verified and recorded by the receiving society.
CREATE TABLE society_attestations (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY,
    society_id         BIGINT NOT NULL REFERENCES societies (id),
    issuer_society_id  BIGINT NOT NULL REFERENCES societies (id),
    credential_id      TEXT NOT NULL,
    subject_name       TEXT NOT NULL,
    subject_public_id  TEXT NOT NULL,
    membership_type    TEXT NOT NULL,
    valid_until_micros BIGINT NOT NULL,
    verified_at_micros BIGINT NOT NULL,
    token              TEXT NOT NULL,
    CONSTRAINT "society_attestations.id" PRIMARY KEY (id),
    CONSTRAINT "society_attestations.society_id, society_attestations.credential_id" UNIQUE (society_id, credential_id)
);

-- Bumped by every change to what the directory and the verification pages
-- show, so that the server's in-memory read model knows when to reload.
-- Statement-level triggers: a batch of 100,000 members bumps it once per statement.
CREATE TABLE directory_version (
    id      BIGINT NOT NULL CHECK (id = 1),
    version BIGINT NOT NULL,
    CONSTRAINT "directory_version.id" PRIMARY KEY (id)
);
INSERT INTO directory_version (id, version) VALUES (1, 1);

CREATE FUNCTION bump_directory_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE directory_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER members_directory AFTER INSERT OR UPDATE OR DELETE ON members FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_version();
CREATE TRIGGER memberships_directory AFTER INSERT OR UPDATE OR DELETE ON memberships FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_version();
CREATE TRIGGER member_procedures_directory AFTER INSERT OR UPDATE OR DELETE ON member_procedures FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_version();
CREATE TRIGGER certifications_directory AFTER INSERT OR UPDATE OR DELETE ON certifications FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_version();
CREATE TRIGGER member_facilities_directory AFTER INSERT OR UPDATE OR DELETE ON member_facilities FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_version();
CREATE TRIGGER facilities_directory AFTER INSERT OR UPDATE OR DELETE ON facilities FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_version();
CREATE TRIGGER societies_directory AFTER INSERT OR UPDATE OR DELETE ON societies FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_version();
