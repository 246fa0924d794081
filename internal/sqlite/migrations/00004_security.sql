-- +goose Up
-- session_gen is copied into a login session; raising it (password reset,
-- disabling the account) ends every session the user has open.
ALTER TABLE users ADD COLUMN session_gen INTEGER NOT NULL DEFAULT 0;
-- The audit page filters by action and pages by id, newest first.
CREATE INDEX audit_log_action ON audit_log(action, id);
CREATE INDEX api_tokens_user ON api_tokens(user_id);
