-- What a rebuild of the cube reads, in one index led by the society and
-- the year as the cube's key is: each case's dimensions, its procedures and
-- its outcome flags. A rebuild reads it society by society and writes each
-- society's years while the next is read; without it, a rebuild reads the
-- cases' wide rows in id order and can write nothing until all are read.
-- Within a society's year the entries follow the case id, so an import adds
-- them at the end of its societies' years (a few pages a batch) rather than
-- all over the index.
-- `procedure_codes` are the case's procedures, space-separated, as
-- `case_procedures` holds them (PostgreSQL rebuilds with a join instead).
ALTER TABLE cases ADD COLUMN procedure_codes TEXT NOT NULL DEFAULT '';
UPDATE cases SET procedure_codes = coalesce(
    (SELECT group_concat(procedure, ' ') FROM
        (SELECT procedure FROM case_procedures WHERE case_id = cases.id ORDER BY procedure)),
    '');
CREATE INDEX cases_by_cell ON cases (
    society_id, year, id, month, country, residence, sex, age_band, setting, bmi_band, smoker,
    combined, procedure_codes, complicated, major, reoperation, readmission, death, vte,
    hematoma, seroma, infection, worst_grade);
