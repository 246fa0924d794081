-- +goose Up
-- Reporting completeness from roll-ups (issue 10): per unit with children,
-- month and scope ('all' figures, 'approved' ones), how many leaf units of
-- its subtree (departments and offices excepted) that existed that month
-- hold at least one figure for it. sqlite.Completeness counted them by
-- probing every unit's every month (about 130 ms of CPU for a national
-- page); it now reads these rows. Refreshed with the other roll-ups
-- (figures.go, reportedInsert: the same statement as below).
CREATE TABLE dash_reported (
    scope   TEXT    NOT NULL,
    unit_id INTEGER NOT NULL,
    period  INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (scope, unit_id, period)
) WITHOUT ROWID;
-- Filled here in one pass per scope rather than by marking everything stale.
WITH RECURSIVE anc(unit_id, anc_id) AS (
  SELECT id, id FROM units
  UNION ALL
  SELECT a.unit_id, u.parent_id FROM anc a JOIN units u ON u.id = a.anc_id WHERE u.parent_id IS NOT NULL
)
INSERT INTO dash_reported (scope, unit_id, period, n)
SELECT 'all', a.anc_id, r.period, COUNT(*)
FROM (SELECT DISTINCT unit_id, period FROM metric_values) r
JOIN units vu ON vu.id = r.unit_id JOIN anc a ON a.unit_id = r.unit_id
WHERE a.anc_id IN (SELECT parent_id FROM units WHERE parent_id IS NOT NULL) AND a.anc_id <> r.unit_id
  AND vu.kind <> 'department' AND NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_id = vu.id)
  AND (vu.valid_from IS NULL OR r.period >= CAST(strftime('%Y%m', vu.valid_from) AS INTEGER))
  AND (vu.valid_to IS NULL OR r.period <= CAST(strftime('%Y%m', vu.valid_to) AS INTEGER))
GROUP BY a.anc_id, r.period;
WITH RECURSIVE anc(unit_id, anc_id) AS (
  SELECT id, id FROM units
  UNION ALL
  SELECT a.unit_id, u.parent_id FROM anc a JOIN units u ON u.id = a.anc_id WHERE u.parent_id IS NOT NULL
)
INSERT INTO dash_reported (scope, unit_id, period, n)
SELECT 'approved', a.anc_id, r.period, COUNT(*)
FROM (SELECT DISTINCT unit_id, period FROM approved_metric_values) r
JOIN units vu ON vu.id = r.unit_id JOIN anc a ON a.unit_id = r.unit_id
WHERE a.anc_id IN (SELECT parent_id FROM units WHERE parent_id IS NOT NULL) AND a.anc_id <> r.unit_id
  AND vu.kind <> 'department' AND NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_id = vu.id)
  AND (vu.valid_from IS NULL OR r.period >= CAST(strftime('%Y%m', vu.valid_from) AS INTEGER))
  AND (vu.valid_to IS NULL OR r.period <= CAST(strftime('%Y%m', vu.valid_to) AS INTEGER))
GROUP BY a.anc_id, r.period;
