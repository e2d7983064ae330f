-- The registry: submissions, cases (with their earlier versions), procedures,
-- devices, and the statistics cube kept current with every batch.
-- Counts and flags that statistics sum are BIGINT.

CREATE TABLE registry_secret (
    id     BIGINT PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL
);

CREATE TABLE submissions (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_name          TEXT NOT NULL,
    file_sha256        TEXT NOT NULL,
    source             TEXT NOT NULL,
    society_id         BIGINT REFERENCES societies (id),
    status             TEXT NOT NULL CHECK (status IN ('running', 'completed', 'rejected')),
    rows_done          BIGINT NOT NULL DEFAULT 0,
    rows_read          BIGINT NOT NULL DEFAULT 0,
    accepted           BIGINT NOT NULL DEFAULT 0,
    updated            BIGINT NOT NULL DEFAULT 0,
    unchanged          BIGINT NOT NULL DEFAULT 0,
    rejected           BIGINT NOT NULL DEFAULT 0,
    actor              TEXT NOT NULL,
    started_at_micros  BIGINT NOT NULL,
    finished_at_micros BIGINT
);
CREATE INDEX submissions_by_file ON submissions (file_sha256, status);

CREATE TABLE submission_issues (
    id            BIGINT GENERATED ALWAYS AS IDENTITY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id),
    row_number    BIGINT NOT NULL,
    column_name   TEXT NOT NULL,
    value         TEXT NOT NULL,
    reason        TEXT NOT NULL,
    severity      TEXT NOT NULL
);
CREATE INDEX submission_issues_by_submission ON submission_issues (submission_id, row_number, id);

CREATE TABLE cases (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    society_id     BIGINT NOT NULL REFERENCES societies (id),
    case_ref       TEXT NOT NULL,
    version        BIGINT NOT NULL,
    content_hash   TEXT NOT NULL,
    record         TEXT NOT NULL,
    submission_id  BIGINT NOT NULL REFERENCES submissions (id),
    procedure_date DATE NOT NULL,
    year           BIGINT NOT NULL,
    month          BIGINT NOT NULL,
    country        TEXT NOT NULL,
    tourist        BOOLEAN NOT NULL,
    sex            TEXT NOT NULL,
    age_band       BIGINT NOT NULL,
    setting        TEXT NOT NULL,
    bmi_band       BIGINT NOT NULL,
    smoker         BOOLEAN NOT NULL,
    combined       BOOLEAN NOT NULL,
    complicated    BIGINT NOT NULL,
    major          BIGINT NOT NULL,
    reoperation    BIGINT NOT NULL,
    readmission    BIGINT NOT NULL,
    death          BIGINT NOT NULL,
    vte            BIGINT NOT NULL,
    hematoma       BIGINT NOT NULL,
    seroma         BIGINT NOT NULL,
    infection      BIGINT NOT NULL,
    CONSTRAINT "cases.society_id, cases.case_ref" UNIQUE (society_id, case_ref)
);

CREATE TABLE case_versions (
    case_id            BIGINT NOT NULL REFERENCES cases (id),
    version            BIGINT NOT NULL,
    content_hash       TEXT NOT NULL,
    record             TEXT NOT NULL,
    submission_id      BIGINT NOT NULL REFERENCES submissions (id),
    replaced_at_micros BIGINT NOT NULL,
    PRIMARY KEY (case_id, version)
);

CREATE TABLE case_procedures (
    case_id   BIGINT NOT NULL REFERENCES cases (id),
    procedure TEXT NOT NULL,
    PRIMARY KEY (case_id, procedure)
);

CREATE TABLE case_devices (
    case_id      BIGINT NOT NULL REFERENCES cases (id),
    position     BIGINT NOT NULL,
    manufacturer TEXT NOT NULL,
    model        TEXT NOT NULL,
    lot          TEXT,
    serial       TEXT,
    udi          TEXT,
    udi_di       TEXT,
    side         TEXT NOT NULL,
    PRIMARY KEY (case_id, position)
);
CREATE INDEX case_devices_by_lot ON case_devices (manufacturer, model, lot);
CREATE INDEX case_devices_by_lot_only ON case_devices (lot);
CREATE INDEX case_devices_by_udi ON case_devices (udi_di);

CREATE TABLE case_rollups (
    society_id  BIGINT NOT NULL,
    year        BIGINT NOT NULL,
    month       BIGINT NOT NULL,
    country     TEXT NOT NULL,
    tourist     BOOLEAN NOT NULL,
    procedure   TEXT NOT NULL,
    sex         TEXT NOT NULL,
    age_band    BIGINT NOT NULL,
    setting     TEXT NOT NULL,
    bmi_band    BIGINT NOT NULL,
    smoker      BOOLEAN NOT NULL,
    combined    BOOLEAN NOT NULL,
    procedures  BIGINT NOT NULL,
    complicated BIGINT NOT NULL,
    major       BIGINT NOT NULL,
    reoperation BIGINT NOT NULL,
    readmission BIGINT NOT NULL,
    death       BIGINT NOT NULL,
    vte         BIGINT NOT NULL,
    hematoma    BIGINT NOT NULL,
    seroma      BIGINT NOT NULL,
    infection   BIGINT NOT NULL,
    PRIMARY KEY (society_id, year, month, country, tourist, procedure, sex, age_band, setting, bmi_band, smoker, combined)
);
