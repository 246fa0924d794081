-- +goose Up
-- What the dashboard needs beyond dash_rollup's monthly sums to give
-- exactly the figures of oversight.AggregateIn without reading every
-- figure of a subtree (docs/PERFORMANCE.md, "## dashboard"). Rows exist
-- for every unit that has children, like dash_rollup; scope 'all' holds
-- every figure, 'approved' only those of approved unit-months.
--
-- dash_pair: for each derived indicator (a rate) and month, the sums of its
-- two counts (a = the first count it needs, b = the second) over the
-- units of the subtree that reported both that month, and how many did.
CREATE TABLE dash_pair (
    scope     TEXT    NOT NULL,
    unit_id   INTEGER NOT NULL,
    indicator TEXT    NOT NULL,
    period    INTEGER NOT NULL,
    a         REAL    NOT NULL,
    b         REAL    NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (scope, unit_id, indicator, period)
) WITHOUT ROWID;

-- dash_gap: for a stock count metric (or a stock indicator, counted where
-- both its counts were reported), how many units of the subtree had the
-- figure in a month and none in the next (or had ceased to exist). When a
-- span holds no gap before its last month, every unit that reported in the
-- span reported in its last month, so the stock of the span is that
-- month's sum; otherwise the reader corrects from the figures themselves.
CREATE TABLE dash_gap (
    scope   TEXT    NOT NULL,
    unit_id INTEGER NOT NULL,
    code    TEXT    NOT NULL,
    period  INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (scope, unit_id, code, period)
) WITHOUT ROWID;

-- dash_approved: dash_rollup over approved figures only.
CREATE TABLE dash_approved (
    unit_id   INTEGER NOT NULL,
    metric_id INTEGER NOT NULL,
    period    INTEGER NOT NULL,
    value     REAL    NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (unit_id, metric_id, period)
) WITHOUT ROWID;

-- Approving or reopening a unit-month changes the approved figures of
-- every metric of that month: metric_id -1 marks the whole month.
-- +goose StatementBegin
CREATE TRIGGER dash_entry_insert AFTER INSERT ON entry_months
BEGIN INSERT INTO dash_dirty (metric_id, period) SELECT -1, NEW.period WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = -1 AND period = NEW.period); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER dash_entry_update AFTER UPDATE OF status, period, unit_id ON entry_months
BEGIN
  INSERT INTO dash_dirty (metric_id, period) SELECT -1, OLD.period WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = -1 AND period = OLD.period);
  INSERT INTO dash_dirty (metric_id, period) SELECT -1, NEW.period WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = -1 AND period = NEW.period);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER dash_entry_delete AFTER DELETE ON entry_months
BEGIN INSERT INTO dash_dirty (metric_id, period) SELECT -1, OLD.period WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = -1 AND period = OLD.period); END;
-- +goose StatementEnd

-- Everything is stale: the next refresh (at open or after a write) builds
-- the new tables.
INSERT INTO dash_dirty (metric_id, period) SELECT 0, 0 WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = 0 AND period = 0);
