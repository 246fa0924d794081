-- +goose Up
-- The administrative tree. Units are never deleted: a unit that ceases to
-- exist gets valid_to, and successions link it to the units that took over.
CREATE TABLE units (
    id         INTEGER PRIMARY KEY,
    code       TEXT    NOT NULL UNIQUE,
    official   INTEGER NOT NULL DEFAULT 0,
    name       TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    parent_id  INTEGER REFERENCES units(id),
    valid_from TEXT,
    valid_to   TEXT,
    CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to)
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE unit_successions (
    from_id INTEGER NOT NULL REFERENCES units(id),
    to_id   INTEGER NOT NULL REFERENCES units(id),
    on_date TEXT    NOT NULL,
    note    TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (from_id, to_id)
);
CREATE INDEX unit_successions_to ON unit_successions(to_id);

-- The metric catalogue; rows are kept in step with the catalogue compiled
-- into the binary (oversight.Catalogue) at every start.
CREATE TABLE metrics (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL UNIQUE,
    name_vi     TEXT    NOT NULL,
    name_en     TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    agg         TEXT    NOT NULL,
    grp         TEXT    NOT NULL,
    weight_code TEXT    NOT NULL DEFAULT '',
    position    INTEGER NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'delegate', 'staff', 'analyst')),
    unit_id       INTEGER REFERENCES units(id),
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT    NOT NULL,
    CHECK (role <> 'staff' OR unit_id IS NOT NULL)
);

-- API tokens are stored as SHA-256 hashes: the token itself is shown once.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    token_hash   TEXT    NOT NULL UNIQUE,
    label        TEXT    NOT NULL DEFAULT '',
    created_at   TEXT    NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);

-- Login sessions (server side, for alexedwards/scs).
CREATE TABLE web_sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry REAL NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions(expiry);

-- Monthly figures. Keyed (metric, period, unit) without rowid: half the size
-- of a rowid table and fast for a metric's series; the second index serves
-- one unit's month. period is year*100+month.
CREATE TABLE metric_values (
    metric_id  INTEGER NOT NULL REFERENCES metrics(id),
    period     INTEGER NOT NULL CHECK (period BETWEEN 190001 AND 299912 AND period % 100 BETWEEN 1 AND 12),
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    value      REAL    NOT NULL,
    comment    TEXT    NOT NULL DEFAULT '',
    entered_by INTEGER REFERENCES users(id),
    entered_at TEXT    NOT NULL,
    source     TEXT    NOT NULL CHECK (source IN ('form', 'grid', 'import', 'api', 'demo', 'seed')),
    PRIMARY KEY (metric_id, period, unit_id)
) WITHOUT ROWID;
CREATE INDEX metric_values_unit ON metric_values(unit_id, period);

CREATE TABLE supervision_sessions (
    id          INTEGER PRIMARY KEY,
    body        TEXT    NOT NULL,
    term        TEXT    NOT NULL DEFAULT '',
    leader      TEXT    NOT NULL DEFAULT '',
    members     TEXT    NOT NULL DEFAULT '[]', -- JSON array of names
    guests      TEXT    NOT NULL DEFAULT '[]',
    form        TEXT    NOT NULL DEFAULT '',
    topic       TEXT    NOT NULL,
    plan_doc    TEXT    NOT NULL DEFAULT '',
    held_on     TEXT    NOT NULL,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    span_from   INTEGER NOT NULL,
    span_to     INTEGER NOT NULL,
    summary     TEXT    NOT NULL DEFAULT '',
    findings    TEXT    NOT NULL DEFAULT '',
    discussion  TEXT    NOT NULL DEFAULT '[]', -- JSON array of points
    conclusion  TEXT    NOT NULL DEFAULT '',
    report_no   TEXT    NOT NULL DEFAULT '',
    published   INTEGER NOT NULL DEFAULT 0,
    source      TEXT    NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users(id),
    created_at  TEXT    NOT NULL
);

CREATE TABLE session_figures (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES supervision_sessions(id) ON DELETE CASCADE,
    metric_id  INTEGER NOT NULL REFERENCES metrics(id),
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    scope      TEXT    NOT NULL CHECK (scope IN ('unit', 'children_total', 'each_child')),
    span_from  INTEGER NOT NULL,
    span_to    INTEGER NOT NULL,
    value      REAL    NOT NULL,
    value_max  REAL,    -- set when the report gives a range ("from 4,118 to 4,354 a month")
    verified   INTEGER NOT NULL DEFAULT 0,
    note       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX session_figures_session ON session_figures(session_id);

CREATE TABLE recommendations (
    id           INTEGER PRIMARY KEY,
    session_id   INTEGER NOT NULL REFERENCES supervision_sessions(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    content      TEXT    NOT NULL,
    lead_unit_id INTEGER NOT NULL REFERENCES units(id),
    co_units     TEXT    NOT NULL DEFAULT '[]', -- JSON array of unit codes
    responsible  TEXT    NOT NULL DEFAULT '',
    output       TEXT    NOT NULL DEFAULT '',
    deadline     TEXT,
    status       TEXT    NOT NULL CHECK (status IN ('issued', 'in_progress', 'reported_done', 'verified_closed', 'partly_done', 'not_feasible', 'multi_year')),
    status_note  TEXT    NOT NULL DEFAULT '',
    verified_on  TEXT,
    UNIQUE (session_id, seq)
);
CREATE INDEX recommendations_lead ON recommendations(lead_unit_id);

CREATE TABLE recommendation_followups (
    id        INTEGER PRIMARY KEY,
    rec_id    INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    on_date   TEXT    NOT NULL,
    text      TEXT    NOT NULL,
    author_id INTEGER REFERENCES users(id),
    author    TEXT    NOT NULL DEFAULT ''
);

-- The audit log is append-only: the triggers refuse any change to a row.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT    NOT NULL,
    user_id   INTEGER,
    user_name TEXT    NOT NULL DEFAULT '',
    action    TEXT    NOT NULL,
    target    TEXT    NOT NULL DEFAULT '',
    detail    TEXT    NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
