-- A submission whose file cannot be read as cases (another encoding or
-- delimiter, not text, a header without the required columns) ends
-- 'failed', its report saying why, so that the same file imported again is
-- not resumed.
ALTER TABLE submissions DROP CONSTRAINT submissions_status_check;
ALTER TABLE submissions ADD CONSTRAINT submissions_status_check
    CHECK (status IN ('running', 'completed', 'rejected', 'failed'));
