-- Cases know their operating member, so that membership criteria can count a
-- member's procedures in a period from the registry itself.
ALTER TABLE cases ADD COLUMN member_id BIGINT;
UPDATE cases SET member_id = (record::jsonb ->> 'member_id')::bigint;
CREATE INDEX cases_by_member ON cases (member_id, procedure_date);

-- Devices carry what a recall lists (society, case id, procedure date), and
-- each look-up index ends in the order a recall is listed in, so that the
-- cases with a lot, a model or a UDI are read from one index, in order,
-- without joining every hit to its case and sorting them.
ALTER TABLE case_devices ADD COLUMN society_id BIGINT;
ALTER TABLE case_devices ADD COLUMN case_ref TEXT;
ALTER TABLE case_devices ADD COLUMN procedure_date DATE;
UPDATE case_devices d SET society_id = c.society_id, case_ref = c.case_ref, procedure_date = c.procedure_date
FROM cases c WHERE c.id = d.case_id;
ALTER TABLE case_devices ALTER COLUMN society_id SET NOT NULL;
ALTER TABLE case_devices ALTER COLUMN case_ref SET NOT NULL;
ALTER TABLE case_devices ALTER COLUMN procedure_date SET NOT NULL;
DROP INDEX case_devices_by_lot;
DROP INDEX case_devices_by_lot_only;
DROP INDEX case_devices_by_udi;
CREATE INDEX case_devices_by_lot ON case_devices (lot, society_id, case_ref COLLATE "C", position);
CREATE INDEX case_devices_by_model ON case_devices (manufacturer, model, society_id, case_ref COLLATE "C", position);
CREATE INDEX case_devices_by_udi ON case_devices (udi_di, society_id, case_ref COLLATE "C", position);
