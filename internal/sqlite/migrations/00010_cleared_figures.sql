-- +goose Up
-- A stored figure can be cleared (issue 11, item 9), with a reason, and the
-- clearing stays in the figure's history: new_value is NULL for a clearing
-- (as old_value is NULL for a first entry). SQLite cannot drop a NOT NULL
-- constraint, so the table is rebuilt with the same rows and ids.
-- (00006 and 00007 are taken by the security and supervision branches.)
CREATE TABLE value_history_new (
    id        INTEGER PRIMARY KEY,
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    period    INTEGER NOT NULL,
    metric_id INTEGER NOT NULL REFERENCES metrics(id),
    old_value REAL,    -- NULL when the figure did not exist before
    new_value REAL,    -- NULL when the figure was cleared
    reason    TEXT    NOT NULL DEFAULT '',
    source    TEXT    NOT NULL CHECK (source IN ('form', 'grid', 'import', 'api', 'demo', 'seed')),
    user_id   INTEGER REFERENCES users(id),
    user_name TEXT    NOT NULL DEFAULT '',
    at        TEXT    NOT NULL,
    CHECK (new_value IS NOT NULL OR (old_value IS NOT NULL AND reason <> ''))
);
INSERT INTO value_history_new (id, unit_id, period, metric_id, old_value, new_value, reason, source, user_id, user_name, at)
SELECT id, unit_id, period, metric_id, old_value, new_value, reason, source, user_id, user_name, at FROM value_history;
DROP TABLE value_history;
ALTER TABLE value_history_new RENAME TO value_history;
CREATE INDEX value_history_unit ON value_history(unit_id, period);
