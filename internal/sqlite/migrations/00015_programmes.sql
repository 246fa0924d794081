-- +goose Up
-- Supervision programmes (đợt giám sát, issue 13): one plan (the council's
-- resolution or plan, its number and date), one topic, its members and the
-- bodies supervised; the sittings that belong to it (field visits, working
-- sessions, the plenary sitting) are supervision_sessions rows pointing at
-- it, each with its own date, place and supervised body; one final report.
-- The programme's recommendations are those of its sittings, listed as one
-- set. A sitting without a programme remains possible (programme_id NULL).
CREATE TABLE supervision_programmes (
    id          INTEGER PRIMARY KEY,
    body        TEXT    NOT NULL CHECK (body <> ''),
    term        TEXT    NOT NULL DEFAULT '',
    topic       TEXT    NOT NULL CHECK (topic <> ''),
    plan_doc    TEXT    NOT NULL DEFAULT '',
    plan_date   TEXT,
    leader      TEXT    NOT NULL DEFAULT '',
    members     TEXT    NOT NULL DEFAULT '[]', -- JSON array of names
    supervised  TEXT    NOT NULL DEFAULT '[]', -- JSON array of the bodies supervised
    unit_id     INTEGER REFERENCES units(id),  -- the territory, when there is one
    date_from   TEXT,
    date_to     TEXT,
    report_no   TEXT    NOT NULL DEFAULT '',
    report_date TEXT,
    report      TEXT    NOT NULL DEFAULT '',   -- the final report's findings and conclusion
    published   INTEGER NOT NULL DEFAULT 0,
    created_by  INTEGER REFERENCES users(id),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT
);

ALTER TABLE supervision_sessions ADD COLUMN programme_id INTEGER REFERENCES supervision_programmes(id);
ALTER TABLE supervision_sessions ADD COLUMN sitting_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE supervision_sessions ADD COLUMN place TEXT NOT NULL DEFAULT '';
CREATE INDEX supervision_sessions_programme ON supervision_sessions(programme_id, held_on);

-- The programme's own words, indexed like session_words (folded in Go).
CREATE TABLE programme_words (
    programme_id INTEGER NOT NULL REFERENCES supervision_programmes(id) ON DELETE CASCADE,
    pos          INTEGER NOT NULL,
    word         TEXT    NOT NULL,
    weight       INTEGER NOT NULL,
    PRIMARY KEY (programme_id, pos)
) WITHOUT ROWID;
CREATE INDEX programme_words_word ON programme_words(word, programme_id);
