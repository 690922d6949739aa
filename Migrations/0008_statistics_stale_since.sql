-- =============================================================================
-- 0008_statistics_stale_since.sql: the earliest day a write touched (issue 11)
-- =============================================================================
--
-- Same conventions as 0002 (run by the migrator in one transaction; no
-- BEGIN/COMMIT/PRAGMA; strings in single quotes only).
--
-- A stale project's facts were worked out again from its whole history: one
-- status change on a project with 2,000 events recomputed and reread its
-- 2,000 periods. Nothing before the earliest day a write touched can change
-- (a project's facts on a day follow from what is dated on or before it), so
-- statistics_stale now keeps that day, and the library recomputes the
-- project's periods from the one in force then.
--
--   statistics_stale.since   NULL: the whole history (every write that is
--                            not dated, and every row from before this
--                            migration); else the earliest day touched
--
-- Cheap on any file: one column added to a small table, no derived row
-- rewritten. Only the triggers of dated writes change (status events, money
-- figures); every other trigger still inserts the project alone, which the
-- trigger below turns into "the whole history".
-- =============================================================================

ALTER TABLE statistics_stale ADD COLUMN since TEXT;

-- Every insert into statistics_stale, also one ignored because the project
-- is there already, first merges its day into the row: the earlier of the
-- two, NULL (the whole history) if either is NULL.
CREATE TRIGGER statistics_stale_since BEFORE INSERT ON statistics_stale
BEGIN
  UPDATE statistics_stale
     SET since = CASE WHEN since IS NULL OR NEW.since IS NULL THEN NULL ELSE min(since, NEW.since) END
   WHERE project_id = NEW.project_id;
END;

-- An event counts from the day it takes effect (events are append-only).
DROP TRIGGER statistics_stale_event;
CREATE TRIGGER statistics_stale_event AFTER INSERT ON status_event
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id, since)
  SELECT project_id, NEW.effective_on FROM application WHERE id = NEW.application_id;
END;

-- A figure counts from its set-on date, whatever its amount, currency or
-- value date (which only change its own conversion).
DROP TRIGGER statistics_stale_figure_insert;
CREATE TRIGGER statistics_stale_figure_insert AFTER INSERT ON money_figure
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id, since)
  SELECT project_id, NEW.set_on FROM application WHERE id = NEW.application_id;
END;

DROP TRIGGER statistics_stale_figure_update;
CREATE TRIGGER statistics_stale_figure_update AFTER UPDATE ON money_figure
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id, since)
  SELECT project_id, min(OLD.set_on, NEW.set_on) FROM application WHERE id IN (OLD.application_id, NEW.application_id);
END;

-- When the application itself is being deleted, its row is gone already and
-- the application trigger (0006) marks the whole project.
DROP TRIGGER statistics_stale_figure_delete;
CREATE TRIGGER statistics_stale_figure_delete AFTER DELETE ON money_figure
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id, since)
  SELECT project_id, OLD.set_on FROM application WHERE id = OLD.application_id;
END;
