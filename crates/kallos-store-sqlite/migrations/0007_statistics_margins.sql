-- The cube's margins (kallos_domain::registry::margins): its cells summed
-- over every dimension but one ('procedure', 'sex', 'age', 'setting',
-- 'residence' of tourists, 'bmi', 'smoker', 'combined'), per society, year,
-- quarter and country of procedure. The annual report reads these instead of
-- the cube. They change in the same transaction as the cube; the store fills
-- them from the existing cube when it opens on a database migrated to here.
CREATE TABLE case_margins (
    society_id  INTEGER NOT NULL,
    year        INTEGER NOT NULL,
    quarter     INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    country     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    value       TEXT NOT NULL,
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
    PRIMARY KEY (year, society_id, quarter, country, kind, value)
) WITHOUT ROWID;
