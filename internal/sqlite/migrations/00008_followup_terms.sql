-- +goose Up
-- Follow-up in council terms (issue 13, item 4): a deadline may be a
-- council sitting named in text ("Kỳ họp thứ 12") with its date (deadline)
-- once known; a recommendation over several years is due at deadline_to;
-- the secretariat may record a lead body's report on its behalf.
ALTER TABLE recommendations ADD COLUMN deadline_text TEXT NOT NULL DEFAULT '';
ALTER TABLE recommendations ADD COLUMN deadline_to TEXT;
ALTER TABLE recommendation_followups ADD COLUMN on_behalf INTEGER NOT NULL DEFAULT 0;
