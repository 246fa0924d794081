-- +goose Up
-- (Numbered 00011: main holds 00010_cleared_figures.)
-- The body supervised (e.g. "UBND TP Hà Nội"), which the print view and the
-- workbook name beside the unit (territory) the figures are about
-- (issue 13, item 6). Empty: the unit itself is the body supervised.
ALTER TABLE supervision_sessions ADD COLUMN supervised_body TEXT NOT NULL DEFAULT '';
