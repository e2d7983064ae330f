-- The registry: submissions, cases (with their earlier versions), procedures,
-- devices, and the statistics cube kept current with every batch.

CREATE TABLE registry_secret (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL -- hex; keys the patient pseudonyms
);

CREATE TABLE submissions (
    id                 INTEGER PRIMARY KEY,
    file_name          TEXT NOT NULL,
    file_sha256        TEXT NOT NULL,
    source             TEXT NOT NULL,
    society_id         INTEGER REFERENCES societies (id),
    status             TEXT NOT NULL CHECK (status IN ('running', 'completed', 'rejected')),
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
CREATE INDEX submissions_by_file ON submissions (file_sha256, status);

CREATE TABLE submission_issues (
    id            INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions (id),
    row_number    INTEGER NOT NULL,
    column_name   TEXT NOT NULL,
    value         TEXT NOT NULL, -- masked when it looked like an identifier
    reason        TEXT NOT NULL,
    severity      TEXT NOT NULL
);
CREATE INDEX submission_issues_by_submission ON submission_issues (submission_id, row_number, id);

-- One row per case; `record` is the whole validated case (JSON, patient key
-- pseudonymised); the other columns are what statistics group by.
CREATE TABLE cases (
    id                INTEGER PRIMARY KEY,
    society_id        INTEGER NOT NULL REFERENCES societies (id),
    case_ref          TEXT NOT NULL,
    version           INTEGER NOT NULL,
    content_hash      TEXT NOT NULL,
    record            TEXT NOT NULL,
    submission_id     INTEGER NOT NULL REFERENCES submissions (id),
    procedure_date    TEXT NOT NULL,
    year              INTEGER NOT NULL,
    month             INTEGER NOT NULL,
    country           TEXT NOT NULL,
    tourist           INTEGER NOT NULL,
    sex               TEXT NOT NULL,
    age_band          INTEGER NOT NULL,
    setting           TEXT NOT NULL,
    bmi_band          INTEGER NOT NULL,
    smoker            INTEGER NOT NULL,
    combined          INTEGER NOT NULL,
    complicated       INTEGER NOT NULL,
    major             INTEGER NOT NULL,
    reoperation       INTEGER NOT NULL,
    readmission       INTEGER NOT NULL,
    death             INTEGER NOT NULL,
    vte               INTEGER NOT NULL,
    hematoma          INTEGER NOT NULL,
    seroma            INTEGER NOT NULL,
    infection         INTEGER NOT NULL,
    UNIQUE (society_id, case_ref)
);

CREATE TABLE case_versions (
    case_id            INTEGER NOT NULL REFERENCES cases (id),
    version            INTEGER NOT NULL,
    content_hash       TEXT NOT NULL,
    record             TEXT NOT NULL,
    submission_id      INTEGER NOT NULL REFERENCES submissions (id),
    replaced_at_micros INTEGER NOT NULL,
    PRIMARY KEY (case_id, version)
);

CREATE TABLE case_procedures (
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    procedure TEXT NOT NULL,
    PRIMARY KEY (case_id, procedure)
) WITHOUT ROWID;

CREATE TABLE case_devices (
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    position     INTEGER NOT NULL,
    manufacturer TEXT NOT NULL,
    model        TEXT NOT NULL,
    lot          TEXT,
    serial       TEXT,
    udi          TEXT,
    udi_di       TEXT,
    side         TEXT NOT NULL,
    PRIMARY KEY (case_id, position)
) WITHOUT ROWID;
CREATE INDEX case_devices_by_lot ON case_devices (manufacturer, model, lot);
CREATE INDEX case_devices_by_lot_only ON case_devices (lot);
CREATE INDEX case_devices_by_udi ON case_devices (udi_di);

CREATE TABLE case_rollups (
    society_id  INTEGER NOT NULL,
    year        INTEGER NOT NULL,
    month       INTEGER NOT NULL,
    country     TEXT NOT NULL,
    tourist     INTEGER NOT NULL,
    procedure   TEXT NOT NULL,
    sex         TEXT NOT NULL,
    age_band    INTEGER NOT NULL,
    setting     TEXT NOT NULL,
    bmi_band    INTEGER NOT NULL,
    smoker      INTEGER NOT NULL,
    combined    INTEGER NOT NULL,
    procedures  INTEGER NOT NULL,
    complicated INTEGER NOT NULL,
    major       INTEGER NOT NULL,
    reoperation INTEGER NOT NULL,
    readmission INTEGER NOT NULL,
    death       INTEGER NOT NULL,
    vte         INTEGER NOT NULL,
    hematoma    INTEGER NOT NULL,
    seroma      INTEGER NOT NULL,
    infection   INTEGER NOT NULL,
    PRIMARY KEY (society_id, year, month, country, tourist, procedure, sex, age_band, setting, bmi_band, smoker, combined)
) WITHOUT ROWID;
