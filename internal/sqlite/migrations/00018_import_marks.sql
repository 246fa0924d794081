-- +goose Up
-- A template import (source 'import') writes tens of thousands of figures in
-- one statement batch; the trigger of 00005 ran its body once per row (about
-- 0.4 s of CPU for a national month of 3,321 communes × 25 metrics). The
-- store's write path (writeEntries) now marks the (metric, period) slices it
-- writes itself, in one statement per slice, so the triggers leave imported
-- rows to it, as they already left the synthetic seed's to BulkLoad. Every
-- other write (form, grid, API, demo, a write outside the store) is still
-- marked row by row.
DROP TRIGGER dash_values_insert;
-- +goose StatementBegin
CREATE TRIGGER dash_values_insert AFTER INSERT ON metric_values WHEN NEW.source NOT IN ('seed', 'import')
BEGIN INSERT INTO dash_dirty (metric_id, period) SELECT NEW.metric_id, NEW.period WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = NEW.metric_id AND period = NEW.period); END;
-- +goose StatementEnd
DROP TRIGGER dash_values_update;
-- An import's upsert keeps the figure's metric and period and sets source
-- 'import': writeEntries marks that slice. Any other change is marked here.
-- +goose StatementBegin
CREATE TRIGGER dash_values_update AFTER UPDATE OF value, metric_id, period, unit_id ON metric_values
WHEN NOT (NEW.source = 'import' AND NEW.metric_id = OLD.metric_id AND NEW.period = OLD.period AND NEW.unit_id = OLD.unit_id)
BEGIN
  INSERT INTO dash_dirty (metric_id, period) SELECT OLD.metric_id, OLD.period WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = OLD.metric_id AND period = OLD.period);
  INSERT INTO dash_dirty (metric_id, period) SELECT NEW.metric_id, NEW.period WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = NEW.metric_id AND period = NEW.period);
END;
-- +goose StatementEnd

