-- Each validation issue's reason as a message id and its arguments (JSON),
-- so that a report is shown in its reader's language; `reason` keeps the
-- English. Issues stored before have none and are shown in English.
ALTER TABLE submission_issues ADD COLUMN reason_message TEXT;
