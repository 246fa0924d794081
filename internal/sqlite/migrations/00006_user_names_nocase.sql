-- +goose Up
-- User names are one account whatever the case of their letters ("Admin"
-- is "admin"), as docs/SECURITY.md says: no second account may differ from
-- another only by case, and logins match without case. SQLite's NOCASE
-- folds ASCII letters only; names are ASCII in practice. A database that
-- already holds two such names refuses this migration: rename one first.
CREATE UNIQUE INDEX users_name_nocase ON users(name COLLATE NOCASE);
