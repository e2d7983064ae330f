-- Cases know their operating member, so that membership criteria can count a
-- member's procedures in a period from the registry itself.
ALTER TABLE cases ADD COLUMN member_id INTEGER;
UPDATE cases SET member_id = json_extract(record, '$.member_id');
CREATE INDEX cases_by_member ON cases (member_id, procedure_date);

-- Devices carry what a recall lists (society, case id, procedure date), and
-- each look-up index ends in the order a recall is listed in, so that the
-- cases with a lot, a model or a UDI are read from one index, in order,
-- without joining every hit to its case and sorting them.
CREATE TABLE case_devices_listed (
    case_id        INTEGER NOT NULL REFERENCES cases (id),
    position       INTEGER NOT NULL,
    society_id     INTEGER NOT NULL,
    case_ref       TEXT NOT NULL,
    procedure_date TEXT NOT NULL,
    manufacturer   TEXT NOT NULL,
    model          TEXT NOT NULL,
    lot            TEXT,
    serial         TEXT,
    udi            TEXT,
    udi_di         TEXT,
    side           TEXT NOT NULL,
    PRIMARY KEY (case_id, position)
) WITHOUT ROWID;
INSERT INTO case_devices_listed
SELECT d.case_id, d.position, c.society_id, c.case_ref, c.procedure_date,
       d.manufacturer, d.model, d.lot, d.serial, d.udi, d.udi_di, d.side
FROM case_devices d JOIN cases c ON c.id = d.case_id;
DROP TABLE case_devices;
ALTER TABLE case_devices_listed RENAME TO case_devices;
CREATE INDEX case_devices_by_lot ON case_devices (lot, society_id, case_ref, position);
CREATE INDEX case_devices_by_model ON case_devices (manufacturer, model, society_id, case_ref, position);
CREATE INDEX case_devices_by_udi ON case_devices (udi_di, society_id, case_ref, position);
