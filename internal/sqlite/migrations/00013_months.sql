-- +goose Up
-- The approval counts of a dashboard ("approved only") for units with
-- children: per month, how many unit-months of the subtree hold figures,
-- how many are approved, and how many of those with figures are approved.
-- Counting them from the figures reads every figure of the subtree (0.6 s
-- for the country). Refreshed with the other roll-ups (figures.go).
CREATE TABLE dash_months (
    unit_id          INTEGER NOT NULL,
    period           INTEGER NOT NULL,
    figures          INTEGER NOT NULL,
    approved         INTEGER NOT NULL,
    approved_figures INTEGER NOT NULL,
    PRIMARY KEY (unit_id, period)
) WITHOUT ROWID;
-- Filled here (the same statement as monthsInsert in figures.go): one pass
-- over the (unit, period) index rather than rebuilding every roll-up.
WITH RECURSIVE anc(unit_id, anc_id) AS (
  SELECT id, id FROM units
  UNION ALL
  SELECT a.unit_id, u.parent_id FROM anc a JOIN units u ON u.id = a.anc_id WHERE u.parent_id IS NOT NULL
)
INSERT INTO dash_months (unit_id, period, figures, approved, approved_figures)
SELECT a.anc_id, x.period, SUM(x.f), SUM(x.ap), SUM(x.f * x.ap) FROM (
  SELECT unit_id, period, MAX(f) AS f, MAX(ap) AS ap FROM (
    SELECT DISTINCT unit_id, period, 1 AS f, 0 AS ap FROM metric_values WHERE 1
    UNION ALL
    SELECT unit_id, period, 0, 1 FROM entry_months WHERE status = 'approved' AND 1)
  GROUP BY unit_id, period) x
JOIN anc a ON a.unit_id = x.unit_id
WHERE a.anc_id IN (SELECT parent_id FROM units WHERE parent_id IS NOT NULL)
GROUP BY a.anc_id, x.period;
