-- =============================================================================
-- 0007_statistics_facts.sql: every statistic from the stored facts (issue 11)
-- =============================================================================
--
-- Same conventions as 0002 (run by the migrator in one transaction; no
-- BEGIN/COMMIT/PRAGMA; strings in single quotes only).
--
-- 0006 kept each project's facts over time (statistics_period) and their
-- changes per month and year, but only for some readers: theme and country
-- breakdowns, projects counted without a status, and the SQL views still
-- replayed every status history. Here the facts also carry what those need,
-- and the views read the facts:
--
--   statistics_period         + application_id (the deciding application),
--                             + themes and countries (the multi-valued
--                               dimensions, space-separated), in both
--                               covering indexes
--   statistics_change         the headline's changes per year, month and day
--                             (0006: per month), so that "as of D" adds the
--                             years before D's year, the months of its year
--                             before D's month and the days of D's month up
--                             to D, without reading a period
--   statistics_breakdown_change  per year and month (0006: per year), and
--                               the dimensions 'theme' (value: theme id) and
--                               'country' (value: country code)
--   triggers                  a project is also stale when its themes, its
--                             applications' partners or a partner's country
--                             change
--   views                     project_outcome and portfolio_summary read the
--                             facts (see below for the columns that changed);
--                             money_figure_current, which reads
--                             project_outcome, now follows the facts too
--
-- The rules that make the facts live in one Swift type of the library
-- (Statistics/Facts/ProjectFacts.swift). Every derived row is dropped here
-- and every project marked stale: the library works the facts out again on
-- its next write (`grants migrate` does it at once, with progress).
-- =============================================================================

-- money_figure_current (0003) stays: it reads project_outcome by name, and
-- the new project_outcome keeps the columns it reads.
DROP VIEW portfolio_summary;
DROP VIEW project_outcome;

DROP TABLE statistics_period_money;
DROP TABLE statistics_period;
DROP TABLE statistics_breakdown_change;
DROP TABLE statistics_change;
DELETE FROM statistics_activity_change;

-- Per project, the periods [valid_from, valid_until) during which its facts
-- stay the same (0006's table, with the columns above).
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
  application_id     INTEGER NOT NULL,        -- the deciding application
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
  -- the multi-valued dimensions: theme ids and partner countries, space-separated
  themes             TEXT,
  countries          TEXT,
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
  submitted, submitted_other_years, approved, rejected, projects_approved, themes, countries);
CREATE INDEX statistics_period_end ON statistics_period (
  valid_until, outcome, status, funding_source_id, submitted_year, decided_year, money_split,
  total_cost_currency, total_cost_rate_id, total_cost_amount, total_cost_converted, total_cost_figures,
  requested_currency, requested_rate_id, requested_amount, requested_converted, requested_figures,
  awarded_currency, awarded_rate_id, awarded_amount, awarded_converted, awarded_figures, themes, countries);

CREATE TABLE statistics_period_money (
  project_id      INTEGER NOT NULL,
  valid_from      TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind = 'total_cost' OR kind = 'requested' OR kind = 'awarded'),
  currency        TEXT NOT NULL,
  rate_id         INTEGER NOT NULL,           -- the rates used into EUR (see below)
  amount_minor    INTEGER NOT NULL,
  converted_minor INTEGER NOT NULL,
  figures         INTEGER NOT NULL,
  PRIMARY KEY (project_id, valid_from, kind, currency, rate_id)
) STRICT, WITHOUT ROWID;



-- The headline's changes: a period adds its project and money on the day it
-- starts and takes them away on the day it ends; each change is kept per
-- year, per month and per day (granularity), so that the headline as of D is
-- the years before D's year, plus the months of D's year before D's month,
-- plus the days of D's month up to D: three ranges of the primary key.
-- kind '' (with currency '' and rate_id 0) carries the project counts;
-- under_evaluation is 0 on the money rows. rate_id: the rates used into EUR
-- (0: EUR itself, -1: none; two rates: the first in the low 32 bits).
CREATE TABLE statistics_change (
  granularity      TEXT NOT NULL CHECK (granularity = 'year' OR granularity = 'month' OR granularity = 'day'),
  span             TEXT NOT NULL,             -- 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'
  outcome          TEXT NOT NULL,
  under_evaluation INTEGER NOT NULL,
  kind             TEXT NOT NULL,
  currency         TEXT NOT NULL,
  rate_id          INTEGER NOT NULL,
  projects         INTEGER NOT NULL,
  amount_minor     INTEGER NOT NULL,
  converted_minor  INTEGER NOT NULL,
  figures          INTEGER NOT NULL,
  PRIMARY KEY (granularity, span, outcome, under_evaluation, kind, currency, rate_id)
) STRICT, WITHOUT ROWID;

-- The same per dimension ('status', 'year', 'decision-year', 'source': the
-- deciding application's funding source, which the library rolls up the
-- tree; 'theme': a theme id; 'country': a country code) and value ('' for
-- none), per year and month: a breakdown as of D reads the years before D's
-- year, the months of its year before D's month, and the periods that start
-- or end in D's month up to D. A multi-valued dimension has a row for each of
-- a project's values.
CREATE TABLE statistics_breakdown_change (
  dimension        TEXT NOT NULL
                   CHECK (dimension = 'status' OR dimension = 'year' OR dimension = 'decision-year'
                          OR dimension = 'source' OR dimension = 'theme' OR dimension = 'country'),
  granularity      TEXT NOT NULL CHECK (granularity = 'year' OR granularity = 'month'),
  span             TEXT NOT NULL,             -- 'YYYY' or 'YYYY-MM'
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
  PRIMARY KEY (dimension, granularity, span, value, outcome, under_evaluation, kind, currency, rate_id)
) STRICT, WITHOUT ROWID;


-- -----------------------------------------------------------------------------
-- More of what makes a project stale: its themes, and its partners' countries.
-- -----------------------------------------------------------------------------
CREATE TRIGGER statistics_stale_theme_insert AFTER INSERT ON project_theme
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id) VALUES (NEW.project_id);
END;

CREATE TRIGGER statistics_stale_theme_update AFTER UPDATE ON project_theme
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id) VALUES (OLD.project_id);
  INSERT OR IGNORE INTO statistics_stale (project_id) VALUES (NEW.project_id);
END;

CREATE TRIGGER statistics_stale_theme_delete AFTER DELETE ON project_theme
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id) VALUES (OLD.project_id);
END;

CREATE TRIGGER statistics_stale_participation_insert AFTER INSERT ON participation
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id)
  SELECT project_id FROM application WHERE id = NEW.application_id;
END;

CREATE TRIGGER statistics_stale_participation_update AFTER UPDATE ON participation
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id)
  SELECT project_id FROM application WHERE id IN (OLD.application_id, NEW.application_id);
END;

CREATE TRIGGER statistics_stale_participation_delete AFTER DELETE ON participation
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id)
  SELECT project_id FROM application WHERE id = OLD.application_id;
END;

CREATE TRIGGER statistics_stale_organisation_country AFTER UPDATE OF country ON organisation
BEGIN
  INSERT OR IGNORE INTO statistics_stale (project_id)
  SELECT DISTINCT a.project_id FROM participation pa JOIN application a ON a.id = pa.application_id
   WHERE pa.organisation_id = NEW.id;
END;


-- -----------------------------------------------------------------------------
-- project_outcome: one row per project, its facts today (date('now'), UTC),
-- from the period in force. Columns as in 0003, except that
-- first_submitted_on, first_approved_on and decided_on are replaced by
-- submitted_year (of the first submission) and decided_year (of the first
-- approval, else of the rejection in force), which the facts keep.
--   outcome             approved, pending, preparation, rejected, withdrawn
--                       or none (no application with a status today)
--   developed           1 when the project counts as developed
--   status              the status of its deciding application
--   deciding_application_id, funding_source  that application and its funder
--   applications        its applications with a status today
-- -----------------------------------------------------------------------------
CREATE VIEW project_outcome AS
SELECT p.id AS project_id,
       p.reference AS reference,
       p.title AS title,
       o.handle AS owner,
       coalesce(f.outcome, 'none') AS outcome,
       (f.project_id IS NOT NULL) AS developed,
       f.status AS status,
       f.application_id AS deciding_application_id,
       fs.handle AS funding_source,
       (SELECT count(*) FROM application a
         WHERE a.project_id = p.id
           AND EXISTS (SELECT 1 FROM status_event e
                        WHERE e.application_id = a.id AND e.effective_on <= date('now'))) AS applications,
       f.submitted_year AS submitted_year,
       f.decided_year AS decided_year
  FROM project p
  JOIN organisation o ON o.id = p.owner_organisation_id
  LEFT JOIN statistics_period f
    ON f.project_id = p.id AND f.valid_from <= date('now') AND f.valid_until > date('now')
  LEFT JOIN funding_source fs ON fs.id = f.funding_source_id;


-- -----------------------------------------------------------------------------
-- portfolio_summary: the headline today, one row, with the columns of 0003,
-- read from the facts' changes: the years before this one, the months of
-- this year before this month, and the days of this month up to today.
--   developed … undetermined   project counts by outcome
--   under_evaluation           projects whose status is exactly under_evaluation
--   decided                    approved + rejected
--   approval_rate_pct          approved / developed, per cent, one decimal
--   success_rate_pct           approved / decided, per cent, one decimal
--   approved_budget_eur_minor  the approved projects' latest total cost, in euro cents
--   approved_budget_eur        the same as text ('3228810.00')
--   unconverted_figures        counted figures with no rate into EUR
-- -----------------------------------------------------------------------------
CREATE VIEW portfolio_summary AS
WITH today(day, month, year, first_month, first_day) AS (
  SELECT date('now'), strftime('%Y-%m', 'now'), strftime('%Y', 'now'), strftime('%Y-01', 'now'),
         strftime('%Y-%m-01', 'now')
),
change AS (
  SELECT c.* FROM statistics_change c, today WHERE c.granularity = 'year' AND c.span < today.year
  UNION ALL
  SELECT c.* FROM statistics_change c, today
   WHERE c.granularity = 'month' AND c.span >= today.first_month AND c.span < today.month
  UNION ALL
  SELECT c.* FROM statistics_change c, today
   WHERE c.granularity = 'day' AND c.span >= today.first_day AND c.span <= today.day
),
counts AS (
  SELECT coalesce(sum(projects), 0) AS developed,
         coalesce(sum(CASE WHEN outcome = 'approved' THEN projects END), 0) AS approved,
         coalesce(sum(CASE WHEN outcome = 'rejected' THEN projects END), 0) AS rejected,
         coalesce(sum(CASE WHEN outcome = 'withdrawn' THEN projects END), 0) AS withdrawn,
         coalesce(sum(CASE WHEN outcome = 'pending' THEN projects END), 0) AS pending,
         coalesce(sum(CASE WHEN outcome = 'preparation' THEN projects END), 0) AS in_preparation,
         coalesce(sum(CASE WHEN outcome = 'none' THEN projects END), 0) AS undetermined,
         coalesce(sum(CASE WHEN under_evaluation = 1 THEN projects END), 0) AS under_evaluation
    FROM change WHERE kind = ''
),
budget AS (
  SELECT coalesce(sum(CASE WHEN outcome = 'approved' AND kind = 'total_cost' AND rate_id >= 0
                           THEN converted_minor END), 0) AS approved_minor,
         coalesce(sum(CASE WHEN rate_id = -1 THEN figures END), 0) AS unconverted
    FROM change WHERE kind <> ''
),
-- Percentages in tenths, rounded half to even in integers, as the library does.
rates AS (
  SELECT 1000 * approved / nullif(developed, 0) AS approval_q,
         1000 * approved % nullif(developed, 0) AS approval_r,
         nullif(developed, 0) AS approval_d,
         1000 * approved / nullif(approved + rejected, 0) AS success_q,
         1000 * approved % nullif(approved + rejected, 0) AS success_r,
         nullif(approved + rejected, 0) AS success_d
    FROM counts
)
SELECT counts.developed,
       counts.approved,
       counts.rejected,
       counts.withdrawn,
       counts.pending,
       counts.in_preparation,
       counts.undetermined,
       counts.under_evaluation,
       counts.approved + counts.rejected AS decided,
       (rates.approval_q + (2 * rates.approval_r > rates.approval_d
                            OR (2 * rates.approval_r = rates.approval_d AND rates.approval_q % 2 = 1))) / 10.0
         AS approval_rate_pct,
       (rates.success_q + (2 * rates.success_r > rates.success_d
                           OR (2 * rates.success_r = rates.success_d AND rates.success_q % 2 = 1))) / 10.0
         AS success_rate_pct,
       budget.approved_minor AS approved_budget_eur_minor,
       printf('%d.%02d', budget.approved_minor / 100, budget.approved_minor % 100) AS approved_budget_eur,
       budget.unconverted AS unconverted_figures
  FROM counts, budget, rates;


-- Every project that exists when this migration runs.
INSERT OR IGNORE INTO statistics_stale (project_id) SELECT id FROM project;
