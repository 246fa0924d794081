-- +goose Up
-- Every change to a figure: who, when, old and new value, the reason given
-- (required for a confirmed warning) and where it came from.
CREATE TABLE value_history (
    id        INTEGER PRIMARY KEY,
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    period    INTEGER NOT NULL,
    metric_id INTEGER NOT NULL REFERENCES metrics(id),
    old_value REAL,    -- NULL when the figure did not exist before
    new_value REAL    NOT NULL,
    reason    TEXT    NOT NULL DEFAULT '',
    source    TEXT    NOT NULL CHECK (source IN ('form', 'grid', 'import', 'api', 'demo', 'seed')),
    user_id   INTEGER REFERENCES users(id),
    user_name TEXT    NOT NULL DEFAULT '',
    at        TEXT    NOT NULL
);
CREATE INDEX value_history_unit ON value_history(unit_id, period);

-- The approval workflow per unit and month. No row means draft.
CREATE TABLE entry_months (
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    period      INTEGER NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
    comment     TEXT    NOT NULL DEFAULT '',
    updated_by  TEXT    NOT NULL DEFAULT '',
    updated_at  TEXT    NOT NULL,
    approved_by TEXT    NOT NULL DEFAULT '',
    approved_at TEXT,
    PRIMARY KEY (unit_id, period)
) WITHOUT ROWID;

-- The figures as they were when a month was last approved, so a reopened
-- month can show what changed since approval.
CREATE TABLE entry_approved_values (
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    period    INTEGER NOT NULL,
    metric_id INTEGER NOT NULL REFERENCES metrics(id),
    value     REAL    NOT NULL,
    PRIMARY KEY (unit_id, period, metric_id)
) WITHOUT ROWID;

-- Figures of approved months only, for dashboards and exports that offer
-- "approved figures only".
CREATE VIEW approved_metric_values AS
SELECT v.* FROM metric_values v
JOIN entry_months e ON e.unit_id = v.unit_id AND e.period = v.period AND e.status = 'approved';
