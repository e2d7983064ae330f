-- Statistics. The cube counts procedures by the patient's country of
-- residence (origin) beside the country of the procedure (destination), and
-- by the worst Clavien–Dindo grade of their case. The cases gain the two
-- columns (filled from the stored records) and the cube is recomputed.

ALTER TABLE cases ADD COLUMN residence TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN worst_grade INTEGER NOT NULL DEFAULT 0; -- 0 none, 1 = I … 7 = V
UPDATE cases SET
    residence = json_extract(record, '$.residence_country'),
    worst_grade = coalesce((SELECT max(CASE json_extract(g.value, '$.grade') WHEN 'I' THEN 1 WHEN 'II' THEN 2 WHEN 'IIIa' THEN 3 WHEN 'IIIb' THEN 4 WHEN 'IVa' THEN 5 WHEN 'IVb' THEN 6 WHEN 'V' THEN 7 ELSE 0 END)
                            FROM json_each(record, '$.complications') g), 0);

DROP TABLE case_rollups;
CREATE TABLE case_rollups (
    society_id  INTEGER NOT NULL,
    year        INTEGER NOT NULL,
    month       INTEGER NOT NULL,
    country     TEXT NOT NULL,
    residence   TEXT NOT NULL,
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
    grade_i     INTEGER NOT NULL,
    grade_ii    INTEGER NOT NULL,
    grade_iiia  INTEGER NOT NULL,
    grade_iiib  INTEGER NOT NULL,
    grade_iva   INTEGER NOT NULL,
    grade_ivb   INTEGER NOT NULL,
    grade_v     INTEGER NOT NULL,
    PRIMARY KEY (society_id, year, month, country, residence, procedure, sex, age_band, setting, bmi_band, smoker, combined)
) WITHOUT ROWID;

INSERT INTO case_rollups
SELECT c.society_id, c.year, c.month, c.country, c.residence, p.procedure, c.sex, c.age_band, c.setting, c.bmi_band, c.smoker, c.combined,
       count(*), sum(c.complicated), sum(c.major), sum(c.reoperation), sum(c.readmission), sum(c.death),
       sum(c.vte), sum(c.hematoma), sum(c.seroma), sum(c.infection),
       sum(c.worst_grade = 1), sum(c.worst_grade = 2), sum(c.worst_grade = 3), sum(c.worst_grade = 4),
       sum(c.worst_grade = 5), sum(c.worst_grade = 6), sum(c.worst_grade = 7)
FROM cases c JOIN case_procedures p ON p.case_id = c.id
GROUP BY c.society_id, c.year, c.month, c.country, c.residence, p.procedure, c.sex, c.age_band, c.setting, c.bmi_band, c.smoker, c.combined;

-- A society's approval of its data for a year (quarter 0) or a quarter:
-- cases of an approved period are locked, and only approved data is public.
-- Withdrawing an approval deletes its row; the audit chain keeps the history.
CREATE TABLE statistics_approvals (
    id                 INTEGER PRIMARY KEY,
    society_id         INTEGER NOT NULL REFERENCES societies (id),
    year               INTEGER NOT NULL,
    quarter            INTEGER NOT NULL CHECK (quarter BETWEEN 0 AND 4),
    approved_by        TEXT NOT NULL,
    approved_at_micros INTEGER NOT NULL,
    UNIQUE (society_id, year, quarter)
);

-- Frozen publications of a year's public report, one row per version.
CREATE TABLE statistics_publications (
    id                  INTEGER PRIMARY KEY,
    year                INTEGER NOT NULL,
    version             INTEGER NOT NULL,
    sha256              TEXT NOT NULL,
    body                TEXT NOT NULL, -- canonical JSON of the public tables
    published_by        TEXT NOT NULL,
    published_at_micros INTEGER NOT NULL,
    UNIQUE (year, version)
);
CREATE TRIGGER statistics_publications_immutable_update BEFORE UPDATE ON statistics_publications
BEGIN SELECT RAISE(ABORT, 'publications are immutable'); END;
CREATE TRIGGER statistics_publications_immutable_delete BEFORE DELETE ON statistics_publications
BEGIN SELECT RAISE(ABORT, 'publications are immutable'); END;

-- Disclosure rules: 'default', 'society:ACRONYM' or 'country:CC'.
CREATE TABLE disclosure_rules (
    scope     TEXT PRIMARY KEY,
    threshold INTEGER NOT NULL CHECK (threshold >= 1),
    mode      TEXT NOT NULL CHECK (mode IN ('threshold', 'redact_round'))
);
