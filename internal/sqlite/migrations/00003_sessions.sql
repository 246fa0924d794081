-- +goose Up
-- Sessions: the fields of DOMAIN.md the first schema lacked, and the folded
-- text they are searched by. SQLite's lower() does not fold Vietnamese, so
-- the store writes search_text (lowered, without diacritics, đ -> d) from Go
-- on every write; rows written before this migration are filled on the
-- first search.
ALTER TABLE supervision_sessions ADD COLUMN plan_date TEXT;
ALTER TABLE supervision_sessions ADD COLUMN held_to TEXT;
ALTER TABLE supervision_sessions ADD COLUMN report_date TEXT;
ALTER TABLE supervision_sessions ADD COLUMN other_units TEXT NOT NULL DEFAULT '[]'; -- JSON array of unit codes
ALTER TABLE supervision_sessions ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE supervision_sessions ADD COLUMN updated_at TEXT;

-- What cchc held for a figure's unit, metric and span when the figures were
-- pulled in; the reported value stays in value.
ALTER TABLE session_figures ADD COLUMN recorded REAL;

CREATE INDEX recommendations_deadline ON recommendations(deadline);
CREATE INDEX recommendation_followups_rec ON recommendation_followups(rec_id);

-- Evidence files live on disk, named by their SHA-256; this table ties
-- them to follow-ups. The same file attached twice is stored once.
CREATE TABLE recommendation_evidence (
    id           INTEGER PRIMARY KEY,
    followup_id  INTEGER NOT NULL REFERENCES recommendation_followups(id) ON DELETE CASCADE,
    sha256       TEXT    NOT NULL CHECK (length(sha256) = 64),
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL
);
CREATE INDEX recommendation_evidence_followup ON recommendation_evidence(followup_id);
CREATE INDEX recommendation_evidence_sha ON recommendation_evidence(sha256);
