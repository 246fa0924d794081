-- +goose Up
-- The units each unit with children expects to report (issue 10, item 5):
-- for every unit, the leaf units of its subtree (organisations excepted:
-- they are never summed into territorial totals), counted by their dates
-- of validity. sqlite.Completeness counted them on every read by walking
-- the subtree and probing each unit for children (7 ms of a national
-- page, twice per page); it now reads these few rows.
-- Any change to the tree (a unit added, moved, retired, its kind or dates
-- changed, removed) empties the table; the write's own transaction rebuilds
-- it before it commits (refreshStale, figures_refresh.go), as Open does
-- after this migration and after a bulk load. A reader that finds no rows
-- for a unit with children counts from the units instead.
CREATE TABLE dash_leaves (
    unit_id    INTEGER NOT NULL,
    valid_from TEXT,
    valid_to   TEXT,
    n          INTEGER NOT NULL
);
CREATE INDEX dash_leaves_unit ON dash_leaves(unit_id);
-- +goose StatementBegin
CREATE TRIGGER dash_leaves_units_insert AFTER INSERT ON units
BEGIN DELETE FROM dash_leaves; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER dash_leaves_units_update AFTER UPDATE OF parent_id, kind, valid_from, valid_to ON units
BEGIN DELETE FROM dash_leaves; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER dash_leaves_units_delete AFTER DELETE ON units
BEGIN DELETE FROM dash_leaves; END;
-- +goose StatementEnd
