-- +goose Up
-- The digest of recommendations due and overdue (issue 13): it is e-mailed
-- to each lead body's staff, so an account may have an e-mail address; and
-- each lead body gets at most one digest a day, whoever sends it (`cchc
-- digest` or the daily tick of `cchc serve`).
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
CREATE TABLE digest_sent (
    day     TEXT    NOT NULL,                      -- yyyy-mm-dd, Vietnam's day
    unit_id INTEGER NOT NULL REFERENCES units(id),  -- the lead body
    sent_at TEXT    NOT NULL,
    PRIMARY KEY (day, unit_id)
) WITHOUT ROWID;
