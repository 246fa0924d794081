-- +goose Up
-- Real search of sessions (issue 13, item 5). The go-sqlite3 build has no
-- FTS5 (it needs the sqlite_fts5 build tag, which cchc does not set), so
-- the store keeps its own word index: every word of a session's text
-- (header, findings, discussion points, conclusion, recommendations,
-- follow-ups, figures' notes and sources), folded in Go (no diacritics,
-- đ -> d), with its position, for phrases, and the weight of its field,
-- for ranking. It is rewritten in the transaction of every write to the
-- session's text; sessions without words (written before this migration)
-- are indexed on the first search.
CREATE TABLE session_words (
    session_id INTEGER NOT NULL REFERENCES supervision_sessions(id) ON DELETE CASCADE,
    pos        INTEGER NOT NULL,
    word       TEXT    NOT NULL,
    weight     INTEGER NOT NULL,
    PRIMARY KEY (session_id, pos)
) WITHOUT ROWID;
CREATE INDEX session_words_word ON session_words(word, session_id);
