-- The daily check of every membership against its society's continuing
-- criteria (kallos_membership::jobs): when the current shortfall began (grace
-- from that day, suspension the society's `suspension_days` later), the last
-- day the evidence of the last check keeps every criterion met (the public
-- directory lists a member only through that day), and that check's lines
-- without their evidence (JSON, kallos_domain::membership::Evaluation).
-- `checked_at_micros` (0004) says when it was made.
ALTER TABLE memberships ADD COLUMN unmet_since DATE;
ALTER TABLE memberships ADD COLUMN criteria_met_until DATE;
ALTER TABLE memberships ADD COLUMN last_check TEXT;
CREATE INDEX memberships_by_status ON memberships (society_id, status);
