-- +goose NO TRANSACTION
-- +goose Up
-- A unit is a code and a period of validity (issue 12): the same code may
-- name two units in periods that do not overlap (09552 was Phường Phú La
-- until 30/06/2025 and is Phường Kiến Hưng from 01/07/2025). SQLite cannot
-- drop the UNIQUE on code, so the table is rebuilt with the same rows and
-- ids. Other tables point at units(id), so foreign keys are switched off
-- for the rebuild (which cannot be done inside a transaction: the
-- migration runs its own); the ids do not change, so every reference holds.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
CREATE TABLE units_new (
    id         INTEGER PRIMARY KEY,
    code       TEXT    NOT NULL,
    official   INTEGER NOT NULL DEFAULT 0,
    name       TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    parent_id  INTEGER REFERENCES units(id),
    valid_from TEXT,
    valid_to   TEXT,
    CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to)
);
INSERT INTO units_new (id, code, official, name, kind, parent_id, valid_from, valid_to)
SELECT id, code, official, name, kind, parent_id, valid_from, valid_to FROM units;
DROP TABLE units;
ALTER TABLE units_new RENAME TO units;
CREATE INDEX units_parent ON units(parent_id);
-- One unit per code and start; a NULL start ("always") counts once.
CREATE UNIQUE INDEX units_code_from ON units(code, COALESCE(valid_from, ''));
-- +goose StatementBegin
CREATE TRIGGER units_no_overlap_insert BEFORE INSERT ON units
WHEN EXISTS (SELECT 1 FROM units o WHERE o.code = NEW.code
  AND COALESCE(o.valid_from, '0000-00-00') <= COALESCE(NEW.valid_to, '9999-12-31')
  AND COALESCE(NEW.valid_from, '0000-00-00') <= COALESCE(o.valid_to, '9999-12-31'))
BEGIN SELECT RAISE(ABORT, 'unit_period_overlap'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER units_no_overlap_update BEFORE UPDATE OF code, valid_from, valid_to ON units
WHEN EXISTS (SELECT 1 FROM units o WHERE o.code = NEW.code AND o.id <> NEW.id
  AND COALESCE(o.valid_from, '0000-00-00') <= COALESCE(NEW.valid_to, '9999-12-31')
  AND COALESCE(NEW.valid_from, '0000-00-00') <= COALESCE(o.valid_to, '9999-12-31'))
BEGIN SELECT RAISE(ABORT, 'unit_period_overlap'); END;
-- +goose StatementEnd
-- The roll-up triggers of 00005 went with the old table.
-- +goose StatementBegin
CREATE TRIGGER dash_units_insert AFTER INSERT ON units
BEGIN INSERT INTO dash_dirty (metric_id, period) SELECT 0, 0 WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = 0 AND period = 0); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER dash_units_reparent AFTER UPDATE OF parent_id ON units
BEGIN INSERT INTO dash_dirty (metric_id, period) SELECT 0, 0 WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = 0 AND period = 0); END;
-- +goose StatementEnd
-- A succession says whether the old unit went into the new one whole (its
-- history may be summed into the new unit's comparable series) or only in
-- part (listed apart, never apportioned).
ALTER TABLE unit_successions ADD COLUMN whole INTEGER NOT NULL DEFAULT 0;
COMMIT;
PRAGMA foreign_keys = ON;
