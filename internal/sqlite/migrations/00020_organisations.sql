-- +goose Up
-- Organisations and retirements (issue 12). Organisations (People's
-- Committees and Councils, departments, offices, ministries) are units of
-- the kinds oversight.OrganisationKinds: no column marks them, one SQL
-- predicate (sqlite.territorial) reads the kind. The reporting roll-up of
-- 00019 left out kind 'department' alone; mark every roll-up stale so the
-- next refresh counts with the new predicate.
INSERT INTO dash_dirty (metric_id, period) SELECT 0, 0
WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = 0 AND period = 0);
-- The demo's Văn phòng HĐND và UBND quận Hà Đông is an office, not a
-- department.
UPDATE units SET kind = 'office' WHERE code = '268-VP' AND official = 0 AND kind = 'department';
-- A unit retired in cchc (POST /units/CODE/retire), with the successor its
-- open recommendations were handed to (none when it had none). Its staff
-- can no longer write. Units loaded with an end date (the official tree,
-- history) are not retirements: their accounts record history.
CREATE TABLE unit_retirements (
    unit_id      INTEGER PRIMARY KEY REFERENCES units(id),
    valid_to     TEXT    NOT NULL,
    successor_id INTEGER REFERENCES units(id),
    at           TEXT    NOT NULL,
    user_name    TEXT    NOT NULL
);

