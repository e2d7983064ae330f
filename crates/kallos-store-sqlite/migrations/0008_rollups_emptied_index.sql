-- Every import batch removes the cube's cells whose last procedure moved
-- elsewhere (`procedures = 0`). Without an index that is a scan of the whole
-- cube per batch, which grows with the registry; this partial index holds
-- only such cells, so it stays nearly empty and the removal is a look-up.
CREATE INDEX case_rollups_emptied ON case_rollups (procedures) WHERE procedures = 0;
