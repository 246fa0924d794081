-- +goose Up
-- Dashboard roll-ups: for every unit that has children, the monthly total
-- of each count metric over its whole subtree (itself included). A national
-- dashboard then reads a few thousand rows instead of millions. Leaves are
-- read from metric_values directly. Percent metrics are not rolled up (a sum
-- of shares means nothing); n is how many unit values went into the total.
CREATE TABLE dash_rollup (
    unit_id   INTEGER NOT NULL,
    metric_id INTEGER NOT NULL,
    period    INTEGER NOT NULL,
    value     REAL    NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (unit_id, metric_id, period)
) WITHOUT ROWID;
CREATE INDEX dash_rollup_slice ON dash_rollup(metric_id, period);

-- A leaf's dashboard reads its own figures by (unit, period). The index of
-- 00001 holds (unit_id, period, metric_id) and sends every row back to the
-- table for its value: about a hundred random look-ups in a large file for
-- one commune's year. With the value in the index the same read is a few
-- adjacent pages. Same name, same leading columns: every query the old index
-- served, this one serves.
DROP INDEX metric_values_unit;
CREATE INDEX metric_values_unit ON metric_values(unit_id, period, metric_id, value);

-- Writes mark the (metric, period) slices whose roll-ups are stale; the next
-- dashboard read recomputes just those slices. (Not INSERT OR IGNORE: inside a
-- trigger the outer statement's conflict policy wins, and an upsert's fails.) A change to the unit tree
-- marks everything (metric_id 0). Writers need not know about roll-ups.
CREATE TABLE dash_dirty (
    metric_id INTEGER NOT NULL,
    period    INTEGER NOT NULL,
    PRIMARY KEY (metric_id, period)
) WITHOUT ROWID;

-- The synthetic national seed (source 'seed') computes its roll-ups itself
-- while loading: marking ten million rows one by one would double its time.
-- +goose StatementBegin
CREATE TRIGGER dash_values_insert AFTER INSERT ON metric_values WHEN NEW.source <> 'seed'
BEGIN INSERT INTO dash_dirty (metric_id, period) SELECT NEW.metric_id, NEW.period WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = NEW.metric_id AND period = NEW.period); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER dash_values_update AFTER UPDATE OF value, metric_id, period, unit_id ON metric_values
BEGIN
  INSERT INTO dash_dirty (metric_id, period) SELECT OLD.metric_id, OLD.period WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = OLD.metric_id AND period = OLD.period);
  INSERT INTO dash_dirty (metric_id, period) SELECT NEW.metric_id, NEW.period WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = NEW.metric_id AND period = NEW.period);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER dash_values_delete AFTER DELETE ON metric_values
BEGIN INSERT INTO dash_dirty (metric_id, period) SELECT OLD.metric_id, OLD.period WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = OLD.metric_id AND period = OLD.period); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER dash_units_insert AFTER INSERT ON units
BEGIN INSERT INTO dash_dirty (metric_id, period) SELECT 0, 0 WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = 0 AND period = 0); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER dash_units_reparent AFTER UPDATE OF parent_id ON units
BEGIN INSERT INTO dash_dirty (metric_id, period) SELECT 0, 0 WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = 0 AND period = 0); END;
-- +goose StatementEnd
-- Existing databases: everything is stale.
INSERT INTO dash_dirty (metric_id, period) VALUES (0, 0);
