-- The cube's margins (kallos_domain::registry::margins): its cells summed
-- over every dimension but one ('procedure', 'sex', 'age', 'setting',
-- 'residence' of tourists, 'bmi', 'smoker', 'combined'), per society, year,
-- quarter and country of procedure. The annual report reads these instead of
-- the cube. They change in the same transaction as the cube; the store fills
-- them from the existing cube when it opens on a database migrated to here.
CREATE TABLE case_margins (
    society_id  BIGINT NOT NULL,
    year        BIGINT NOT NULL,
    quarter     BIGINT NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    country     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    value       TEXT NOT NULL,
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
    PRIMARY KEY (year, society_id, quarter, country, kind, value)
);
