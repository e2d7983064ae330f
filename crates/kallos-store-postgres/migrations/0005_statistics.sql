-- Statistics. The cube counts procedures by the patient's country of
-- residence (origin) beside the country of the procedure (destination), and
-- by the worst Clavien–Dindo grade of their case. The cases gain the two
-- columns (filled from the stored records) and the cube is recomputed.

ALTER TABLE cases ADD COLUMN residence TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN worst_grade BIGINT NOT NULL DEFAULT 0; -- 0 none, 1 = I … 7 = V
UPDATE cases SET
    residence = record::jsonb->>'residence_country',
    worst_grade = coalesce((SELECT max(CASE g->>'grade' WHEN 'I' THEN 1 WHEN 'II' THEN 2 WHEN 'IIIa' THEN 3 WHEN 'IIIb' THEN 4 WHEN 'IVa' THEN 5 WHEN 'IVb' THEN 6 WHEN 'V' THEN 7 ELSE 0 END)
                            FROM jsonb_array_elements(record::jsonb->'complications') g), 0);

DROP TABLE case_rollups;
CREATE TABLE case_rollups (
    society_id  BIGINT NOT NULL,
    year        BIGINT NOT NULL,
    month       BIGINT NOT NULL,
    country     TEXT NOT NULL,
    residence   TEXT NOT NULL,
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
    grade_i     BIGINT NOT NULL,
    grade_ii    BIGINT NOT NULL,
    grade_iiia  BIGINT NOT NULL,
    grade_iiib  BIGINT NOT NULL,
    grade_iva   BIGINT NOT NULL,
    grade_ivb   BIGINT NOT NULL,
    grade_v     BIGINT NOT NULL,
    PRIMARY KEY (society_id, year, month, country, residence, procedure, sex, age_band, setting, bmi_band, smoker, combined)
);

INSERT INTO case_rollups
SELECT c.society_id, c.year, c.month, c.country, c.residence, p.procedure, c.sex, c.age_band, c.setting, c.bmi_band, c.smoker, c.combined,
       count(*), sum(c.complicated), sum(c.major), sum(c.reoperation), sum(c.readmission), sum(c.death),
       sum(c.vte), sum(c.hematoma), sum(c.seroma), sum(c.infection),
       count(*) FILTER (WHERE c.worst_grade = 1), count(*) FILTER (WHERE c.worst_grade = 2),
       count(*) FILTER (WHERE c.worst_grade = 3), count(*) FILTER (WHERE c.worst_grade = 4),
       count(*) FILTER (WHERE c.worst_grade = 5), count(*) FILTER (WHERE c.worst_grade = 6),
       count(*) FILTER (WHERE c.worst_grade = 7)
FROM cases c JOIN case_procedures p ON p.case_id = c.id
GROUP BY c.society_id, c.year, c.month, c.country, c.residence, p.procedure, c.sex, c.age_band, c.setting, c.bmi_band, c.smoker, c.combined;

-- A society's approval of its data for a year (quarter 0) or a quarter:
-- cases of an approved period are locked, and only approved data is public.
-- Withdrawing an approval deletes its row; the audit chain keeps the history.
CREATE TABLE statistics_approvals (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    society_id         BIGINT NOT NULL REFERENCES societies (id),
    year               BIGINT NOT NULL,
    quarter            BIGINT NOT NULL CHECK (quarter BETWEEN 0 AND 4),
    approved_by        TEXT NOT NULL,
    approved_at_micros BIGINT NOT NULL,
    UNIQUE (society_id, year, quarter)
);

-- Frozen publications of a year's public report, one row per version.
CREATE TABLE statistics_publications (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year                BIGINT NOT NULL,
    version             BIGINT NOT NULL,
    sha256              TEXT NOT NULL,
    body                TEXT NOT NULL,
    published_by        TEXT NOT NULL,
    published_at_micros BIGINT NOT NULL,
    UNIQUE (year, version)
);
CREATE FUNCTION statistics_publications_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'publications are immutable'; END $$;
CREATE TRIGGER statistics_publications_immutable BEFORE UPDATE OR DELETE ON statistics_publications
FOR EACH ROW EXECUTE FUNCTION statistics_publications_immutable();

CREATE TABLE disclosure_rules (
    scope     TEXT PRIMARY KEY,
    threshold BIGINT NOT NULL CHECK (threshold >= 1),
    mode      TEXT NOT NULL CHECK (mode IN ('threshold', 'redact_round'))
);
