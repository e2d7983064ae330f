-- A case's procedures, space-separated, beside its other stored columns, as
-- on SQLite (where a rebuild of the cube reads them from one index instead
-- of `case_procedures`); here the columns of both backends stay the same.
ALTER TABLE cases ADD COLUMN procedure_codes TEXT NOT NULL DEFAULT '';
UPDATE cases SET procedure_codes = coalesce(
    (SELECT string_agg(procedure, ' ' ORDER BY procedure) FROM case_procedures WHERE case_id = cases.id),
    '');
