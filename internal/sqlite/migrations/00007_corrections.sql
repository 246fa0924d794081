-- +goose Up
-- Corrections with history (issue 13, item 3). A reported figure and a
-- recommendation can be edited or withdrawn, each with a reason; a
-- withdrawn one stays on record (struck through on the page), and every
-- correction is kept here for the session's page besides the audit log.
-- (00006 is left to the security branch.)
ALTER TABLE session_figures ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE session_figures ADD COLUMN withdrawn_on TEXT;
ALTER TABLE session_figures ADD COLUMN withdrawn_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE recommendations ADD COLUMN withdrawn_on TEXT;
ALTER TABLE recommendations ADD COLUMN withdrawn_reason TEXT NOT NULL DEFAULT '';

CREATE TABLE session_corrections (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES supervision_sessions(id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('figure', 'recommendation')),
    item_id    INTEGER NOT NULL,
    action     TEXT    NOT NULL CHECK (action IN ('edit', 'withdraw')),
    at         TEXT    NOT NULL,
    user_name  TEXT    NOT NULL,
    reason     TEXT    NOT NULL CHECK (reason <> ''),
    detail     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX session_corrections_session ON session_corrections(session_id, id);
