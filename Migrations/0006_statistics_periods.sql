-- =============================================================================
-- 0006_statistics_periods.sql: the statistics' facts, kept at write time (issue 6)
-- =============================================================================
--
-- Same conventions as 0002 (run by the migrator in one transaction; no
-- BEGIN/COMMIT/PRAGMA; strings in single quotes only).
--
-- The statistics "as of a date D" used to replay every status history on
-- each call: 6 M events three times for a million projects, a minute. These
-- tables hold the same answers worked out once, when the data changes:
--
--   statistics_period        per project, the periods [valid_from, valid_until)
--                            during which everything the statistics read of it
--                            stays the same: outcome, status, funding source,
--                            submission and decision year, the money that
--                            counts, the activity that starts on valid_from.
--   statistics_period_money  the money of a period whose counted figures of
--                            one kind are in more than one currency or rate
--                            (money_split = 1); otherwise it is inline.
--   statistics_change        the headline's changes per month (see below).
--   statistics_breakdown_change the changes per year and breakdown value.
--   statistics_activity_change  the time series' changes per month.
--   statistics_stale         projects whose periods are out of date.
--
-- Who keeps them: the triggers below only mark a project stale (one indexed
-- insert). The library recomputes the stale projects before each of its
-- commits (Statistics/Periods/StatisticsPeriodRefresh.swift), with the very
-- definitions of Statistics/StatisticsSQL.swift, so a library write leaves no
-- stale project behind. A write from elsewhere (the sqlite3 shell) leaves some;
-- the statistics then replay the histories as before (slower, same answers)
-- until the library next writes or opens the file.
--
-- Money is converted into EUR per figure, at the rate in force on its value
-- date (else its set-on date), rounded half to even, as the library does; a
-- figure without a rate, or whose conversion overflows, is recorded with
-- rate_id -1 and makes the statistics replay (which report it). rate_id 0
-- means "already in EUR".
--
-- These tables hold nothing that is not derived: deleting their rows and
-- marking every project stale rebuilds them.
-- =============================================================================

CREATE TABLE statistics_stale (
  project_id INTEGER PRIMARY KEY
) STRICT;

-- In project order (a bulk load appends), with the periods that start or
-- end in a range of days found by the two indexes below.
CREATE TABLE statistics_period (
  project_id         INTEGER NOT NULL,        -- no FK: rows of a deleted project are removed by the refresh
  valid_from         TEXT NOT NULL,
  valid_until        TEXT NOT NULL,           -- '9999-99-99' (after every date): still in force
  -- CHECKs here are written with OR, not IN (…): SQLite builds a temporary
  -- index for an IN list of three or more values on every row it checks.
  outcome            TEXT NOT NULL
                     CHECK (outcome = 'approved' OR outcome = 'pending' OR outcome = 'preparation'
                            OR outcome = 'rejected' OR outcome = 'withdrawn' OR outcome = 'none'),
  status             TEXT NOT NULL,           -- of the deciding application
  funding_source_id  INTEGER NOT NULL,        -- of the deciding application
  submitted_year     INTEGER,                 -- of the first submission on or before D
  decided_year       INTEGER,                 -- of the first approval, else of the rejection
  money_split        INTEGER NOT NULL CHECK (money_split = 0 OR money_split = 1),
  -- per kind: currency (NULL: no figure, or split), rate used (0: EUR,
  -- -1: none), sum of amounts (minor units), sum of EUR conversions, figures
  total_cost_currency TEXT, total_cost_rate_id INTEGER,
  total_cost_amount   INTEGER, total_cost_converted INTEGER, total_cost_figures INTEGER,
  requested_currency  TEXT, requested_rate_id INTEGER,
  requested_amount    INTEGER, requested_converted INTEGER, requested_figures INTEGER,
  awarded_currency    TEXT, awarded_rate_id INTEGER,
  awarded_amount      INTEGER, awarded_converted INTEGER, awarded_figures INTEGER,
  -- activity that starts counting on valid_from (time series)
  submitted          INTEGER NOT NULL,        -- applications, counted under year(valid_from)
  submitted_other_years TEXT,                 -- those counted under another year: 'YYYY YYYY …'
  approved           INTEGER NOT NULL,        -- applications first approved on valid_from
  rejected           INTEGER NOT NULL,        -- rejection events on valid_from
  projects_approved  INTEGER NOT NULL CHECK (projects_approved = 0 OR projects_approved = 1),
  CHECK (valid_from < valid_until),
  PRIMARY KEY (project_id, valid_from)
) STRICT, WITHOUT ROWID;

-- Both cover what the statistics read of a period, so that the periods that
-- start or end in a month or a year are one contiguous range of an index,
-- not a seek into the table for each: on a million projects, the periods of a
-- year took 11 µs each through seeks.
CREATE INDEX statistics_period_start ON statistics_period (
  valid_from, outcome, status, funding_source_id, submitted_year, decided_year, money_split,
  total_cost_currency, total_cost_rate_id, total_cost_amount, total_cost_converted, total_cost_figures,
  requested_currency, requested_rate_id, requested_amount, requested_converted, requested_figures,
  awarded_currency, awarded_rate_id, awarded_amount, awarded_converted, awarded_figures,
  submitted, submitted_other_years, approved, rejected, projects_approved);
CREATE INDEX statistics_period_end ON statistics_period (
  valid_until, outcome, status, funding_source_id, submitted_year, decided_year, money_split,
  total_cost_currency, total_cost_rate_id, total_cost_amount, total_cost_converted, total_cost_figures,
  requested_currency, requested_rate_id, requested_amount, requested_converted, requested_figures,
  awarded_currency, awarded_rate_id, awarded_amount, awarded_converted, awarded_figures);

CREATE TABLE statistics_period_money (
  project_id      INTEGER NOT NULL,
  valid_from      TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind = 'total_cost' OR kind = 'requested' OR kind = 'awarded'),
  currency        TEXT NOT NULL,
  rate_id         INTEGER NOT NULL,
  amount_minor    INTEGER NOT NULL,
  converted_minor INTEGER NOT NULL,
  figures         INTEGER NOT NULL,
  PRIMARY KEY (project_id, valid_from, kind, currency, rate_id)
) STRICT, WITHOUT ROWID;

-- The changes per month: the sum of the rows of the months before D's month
-- is the headline as of the end of the month before; the periods that start
-- or end in D's month up to D (index statistics_period_start, and the primary
-- key) bring it to D. A few thousand rows, whatever the number of projects.
-- kind '' (with currency '' and rate_id 0) carries the project counts;
-- under_evaluation is 0 on the money rows.
CREATE TABLE statistics_change (
  month            TEXT NOT NULL,             -- 'YYYY-MM'
  outcome          TEXT NOT NULL,
  under_evaluation INTEGER NOT NULL,
  kind             TEXT NOT NULL,
  currency         TEXT NOT NULL,
  rate_id          INTEGER NOT NULL,
  projects         INTEGER NOT NULL,
  amount_minor     INTEGER NOT NULL,
  converted_minor  INTEGER NOT NULL,
  figures          INTEGER NOT NULL,
  PRIMARY KEY (month, outcome, under_evaluation, kind, currency, rate_id)
) STRICT, WITHOUT ROWID;

-- The same per year, for the breakdowns: per dimension ('status', 'year',
-- 'decision-year', 'source': the deciding application's funding source,
-- which the library rolls up the tree), per value ('' for none). A breakdown
-- as of D sums the years before D's year, then reads the periods that started
-- or ended in D's year up to D.
CREATE TABLE statistics_breakdown_change (
  dimension        TEXT NOT NULL
                   CHECK (dimension = 'status' OR dimension = 'year' OR dimension = 'decision-year'
                          OR dimension = 'source'),
  year             INTEGER NOT NULL,
  value            ANY NOT NULL,
  outcome          TEXT NOT NULL,
  under_evaluation INTEGER NOT NULL,
  kind             TEXT NOT NULL,
  currency         TEXT NOT NULL,
  rate_id          INTEGER NOT NULL,
  projects         INTEGER NOT NULL,
  amount_minor     INTEGER NOT NULL,
  converted_minor  INTEGER NOT NULL,
  figures          INTEGER NOT NULL,
  PRIMARY KEY (dimension, year, value, outcome, under_evaluation, kind, currency, rate_id)
) STRICT, WITHOUT ROWID;

-- The time series' activity per month it starts counting in.
CREATE TABLE statistics_activity_change (
  month   TEXT NOT NULL,                      -- 'YYYY-MM'
  year    INTEGER NOT NULL,
  measure TEXT NOT NULL
          CHECK (measure = 'submitted' OR measure = 'approved' OR measure = 'rejected' OR measure = 'projects_approved'),
  count   INTEGER NOT NULL,
  PRIMARY KEY (month, year, measure)
) STRICT, WITHOUT ROWID;


-- -----------------------------------------------------------------------------
-- What makes a project stale: anything the statistics read of it.
-- -----------------------------------------------------------------------------
CREATE TRIGGER statistics_stale_event AFTER INSERT ON status_event
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id)
  SELECT project_id FROM application WHERE id = NEW.application_id;
END;

CREATE TRIGGER statistics_stale_figure_insert AFTER INSERT ON money_figure
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id)
  SELECT project_id FROM application WHERE id = NEW.application_id;
END;

CREATE TRIGGER statistics_stale_figure_update AFTER UPDATE ON money_figure
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id)
  SELECT project_id FROM application WHERE id IN (OLD.application_id, NEW.application_id);
END;

-- When the application itself is being deleted, its row is gone already and
-- the application trigger below marks the project.
CREATE TRIGGER statistics_stale_figure_delete AFTER DELETE ON money_figure
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id)
  SELECT project_id FROM application WHERE id = OLD.application_id;
END;

CREATE TRIGGER statistics_stale_application_update
AFTER UPDATE OF project_id, funding_source_id, submitted_on ON application
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id) VALUES (OLD.project_id);
  INSERT OR IGNORE INTO statistics_stale (project_id) VALUES (NEW.project_id);
END;

CREATE TRIGGER statistics_stale_application_delete AFTER DELETE ON application
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id) VALUES (OLD.project_id);
END;

CREATE TRIGGER statistics_stale_project_delete AFTER DELETE ON project
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id) VALUES (OLD.id);
END;

-- A custom status whose phase, outcome or sort order changes.
CREATE TRIGGER statistics_stale_status_update AFTER UPDATE OF phase, outcome, sort_order ON status
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id)
  SELECT DISTINCT a.project_id FROM status_event e JOIN application a ON a.id = e.application_id
   WHERE e.status = NEW.code;
END;

-- A rate into EUR that is added, changed or removed changes the conversions
-- of every figure in its source currency.
CREATE TRIGGER statistics_stale_rate_insert AFTER INSERT ON exchange_rate
WHEN NEW.to_currency = 'EUR'
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id)
  SELECT DISTINCT a.project_id FROM money_figure m JOIN application a ON a.id = m.application_id
   WHERE m.currency = NEW.from_currency;
END;

CREATE TRIGGER statistics_stale_rate_update AFTER UPDATE ON exchange_rate
WHEN OLD.to_currency = 'EUR' OR NEW.to_currency = 'EUR'
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id)
  SELECT DISTINCT a.project_id FROM money_figure m JOIN application a ON a.id = m.application_id
   WHERE m.currency IN (OLD.from_currency, NEW.from_currency);
END;

CREATE TRIGGER statistics_stale_rate_delete AFTER DELETE ON exchange_rate
WHEN OLD.to_currency = 'EUR'
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id)
  SELECT DISTINCT a.project_id FROM money_figure m JOIN application a ON a.id = m.application_id
   WHERE m.currency = OLD.from_currency;
END;

-- A custom currency whose minor unit changes (built-in ones cannot change).
CREATE TRIGGER statistics_stale_currency_update AFTER UPDATE OF minor_unit ON currency
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id)
  SELECT DISTINCT a.project_id FROM money_figure m JOIN application a ON a.id = m.application_id
   WHERE m.currency = NEW.code;
END;

-- Every project that exists when this migration runs.
INSERT INTO statistics_stale (project_id) SELECT id FROM project;
