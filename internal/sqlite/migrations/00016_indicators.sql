-- +goose Up
-- Reported figures of any kind (issue 13): what a supervision report cites
-- that is not a catalogue figure of one unit and month span, such as the PAR
-- Index rank "3/63", SIPAS 87,11%, PAPI and PCI, the 766 index's score,
-- or a share of dossiers filed online. The value is kept as reported
-- (value_text, unrounded) and as a number (value; a rank's position, with
-- rank_of its N). A metric code links it to the catalogue when one
-- matches, and the page then compares it with cchc's own figure.
CREATE TABLE session_indicators (
    id               INTEGER PRIMARY KEY,
    session_id       INTEGER NOT NULL REFERENCES supervision_sessions(id) ON DELETE CASCADE,
    label            TEXT    NOT NULL CHECK (label <> ''),
    family           TEXT    NOT NULL DEFAULT '' CHECK (family IN ('', 'par_index', 'sipas', 'papi', 'pci', 'index766')),
    kind             TEXT    NOT NULL CHECK (kind IN ('count', 'percent', 'score', 'rank', 'money')),
    value_text       TEXT    NOT NULL,
    value            REAL    NOT NULL,
    rank_of          INTEGER,
    period_kind      TEXT    NOT NULL CHECK (period_kind IN ('month', 'quarter', 'year')),
    span_from        INTEGER NOT NULL,
    span_to          INTEGER NOT NULL,
    unit_id          INTEGER REFERENCES units(id),
    scope_name       TEXT    NOT NULL DEFAULT '', -- an organisation, when the scope is not a unit
    metric           TEXT    NOT NULL DEFAULT '', -- a catalogue metric code when one matches
    source           TEXT    NOT NULL DEFAULT '',
    withdrawn_on     TEXT,
    withdrawn_reason TEXT    NOT NULL DEFAULT '',
    CHECK (unit_id IS NOT NULL OR scope_name <> '')
);
CREATE INDEX session_indicators_session ON session_indicators(session_id);
CREATE INDEX session_indicators_unit ON session_indicators(unit_id, family, span_from);
