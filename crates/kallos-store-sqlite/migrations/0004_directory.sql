-- The verified public directory, verification pages, signed membership
-- signed_credentials and society society_attestations.

-- An unguessable public id per member (128 random bits, hex), for the
-- verification page; the database id is never shown to the public.
ALTER TABLE members ADD COLUMN public_id TEXT;
UPDATE members SET public_id = lower(hex(randomblob(16))) WHERE public_id IS NULL;
CREATE UNIQUE INDEX members_public_id ON members (public_id);
CREATE TRIGGER members_public_id_on_insert AFTER INSERT ON members
WHEN NEW.public_id IS NULL
BEGIN
    UPDATE members SET public_id = lower(hex(randomblob(16))) WHERE id = NEW.id;
END;

-- When each item shown on a verification page was last checked (microseconds;
-- NULL for rows written before this migration: "not recorded").
ALTER TABLE memberships ADD COLUMN checked_at_micros INTEGER;
ALTER TABLE certifications ADD COLUMN checked_at_micros INTEGER;
ALTER TABLE facilities ADD COLUMN checked_at_micros INTEGER;

-- The procedures a member offers (codes of the procedure taxonomy).
CREATE TABLE member_procedures (
    member_id INTEGER NOT NULL REFERENCES members (id),
    procedure TEXT NOT NULL,
    PRIMARY KEY (member_id, procedure)
);

-- Each society's credential signing key (Ed25519). The private key is a secret.
CREATE TABLE issuer_keys (
    kid               TEXT PRIMARY KEY,
    society_id        INTEGER NOT NULL UNIQUE REFERENCES societies (id),
    public_key        TEXT NOT NULL, -- base64url, 32 bytes
    private_key       TEXT NOT NULL, -- base64url, 32 bytes
    created_at_micros INTEGER NOT NULL
);

-- Membership signed_credentials issued; the signed form is made again from these
-- fields on each download. `status_index` is the credential's position in its
-- society's status lists.
CREATE TABLE signed_credentials (
    id                 INTEGER PRIMARY KEY,
    credential_id      TEXT NOT NULL UNIQUE,
    society_id         INTEGER NOT NULL REFERENCES societies (id),
    member_id          INTEGER NOT NULL REFERENCES members (id),
    status_index       INTEGER NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('valid', 'suspended', 'revoked')),
    issued_at_micros   INTEGER NOT NULL,
    valid_until_micros INTEGER NOT NULL,
    UNIQUE (society_id, status_index)
);
CREATE INDEX signed_credentials_by_member ON signed_credentials (member_id);

-- Attestations from other societies, verified and recorded by the receiving society.
CREATE TABLE society_attestations (
    id                    INTEGER PRIMARY KEY,
    society_id            INTEGER NOT NULL REFERENCES societies (id),
    issuer_society_id     INTEGER NOT NULL REFERENCES societies (id),
    credential_id         TEXT NOT NULL,
    subject_name          TEXT NOT NULL,
    subject_public_id     TEXT NOT NULL,
    membership_type       TEXT NOT NULL,
    valid_until_micros    INTEGER NOT NULL,
    verified_at_micros    INTEGER NOT NULL,
    token                 TEXT NOT NULL,
    UNIQUE (society_id, credential_id)
);

-- Bumped by every change to what the directory and the verification pages
-- show, so that the server's in-memory read model knows when to reload.
CREATE TABLE directory_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO directory_version (id, version) VALUES (1, 1);
CREATE TRIGGER members_directory_insert AFTER INSERT ON members BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER members_directory_update AFTER UPDATE ON members BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER members_directory_delete AFTER DELETE ON members BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER memberships_directory_insert AFTER INSERT ON memberships BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER memberships_directory_update AFTER UPDATE ON memberships BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER memberships_directory_delete AFTER DELETE ON memberships BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER member_procedures_directory_insert AFTER INSERT ON member_procedures BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER member_procedures_directory_update AFTER UPDATE ON member_procedures BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER member_procedures_directory_delete AFTER DELETE ON member_procedures BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER certifications_directory_insert AFTER INSERT ON certifications BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER certifications_directory_update AFTER UPDATE ON certifications BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER certifications_directory_delete AFTER DELETE ON certifications BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER member_facilities_directory_insert AFTER INSERT ON member_facilities BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER member_facilities_directory_update AFTER UPDATE ON member_facilities BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER member_facilities_directory_delete AFTER DELETE ON member_facilities BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER facilities_directory_insert AFTER INSERT ON facilities BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER facilities_directory_update AFTER UPDATE ON facilities BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER facilities_directory_delete AFTER DELETE ON facilities BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER societies_directory_insert AFTER INSERT ON societies BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER societies_directory_update AFTER UPDATE ON societies BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER societies_directory_delete AFTER DELETE ON societies BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
