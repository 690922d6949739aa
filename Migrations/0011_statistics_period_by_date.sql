-- =============================================================================
-- 0011_statistics_period_by_date.sql: the periods kept in the order of their
-- first day, so that the table is its own index by date (issue 11)
-- =============================================================================
--
-- Same conventions as 0002 (run by the migrator in one transaction; no
-- BEGIN/COMMIT/PRAGMA; strings in single quotes only).
--
-- The statistics read the periods by date: those that start, or end, in one
-- month. 0007 kept them in the order of their project (the primary key
-- (project_id, valid_from)) and so needed a second copy of every column in
-- the order of valid_from (statistics_period_start, 29 columns) beside the
-- one in the order of valid_until (statistics_period_end).
--
-- Here the table's primary key is (valid_from, project_id): the table itself
-- is the range by start date, and statistics_period_start goes. A project's
-- periods are found through statistics_period_project, which also holds
-- what project_outcome and the project search read of them (the dates, the
-- outcome, the deciding application's status, id and funder, the years), so
-- that those read no row of the table: through the key alone, the view took
-- 41 s instead of 4 s on a million projects. The refresh, the statistics
-- check and a publish of some projects read the rest of a project's few
-- periods from the table. statistics_period_end stays as it was.
--
-- Measured on a portfolio of 1,000,000 generated projects (grants-bench,
-- 5.6 million periods), bytes a project, before as 0010 left the file and
-- after this migration (whose copy and indexes are packed; a file that grows
-- by inserts splits pages and holds somewhat more):
--
--   statistics_period          779   -> 778   (the same rows, another order)
--   statistics_period_start    695   -> gone
--   statistics_period_project    -   -> 349
--   statistics_period_end      735   -> 650
--
-- The rows are copied as they are: no period is worked out again and no
-- project becomes stale. project_outcome reads the table by name, and
-- money_figure_current reads project_outcome: SQLite checks every view when
-- a table is renamed, so both are dropped first and made again at the end,
-- unchanged (0007's project_outcome, 0003's money_figure_current).
-- =============================================================================

DROP VIEW money_figure_current;
DROP VIEW project_outcome;

CREATE TABLE statistics_period_new (
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
  PRIMARY KEY (valid_from, project_id)
) STRICT, WITHOUT ROWID;

INSERT INTO statistics_period_new SELECT * FROM statistics_period ORDER BY valid_from, project_id;
DROP TABLE statistics_period;
ALTER TABLE statistics_period_new RENAME TO statistics_period;

-- A project's periods, in the order of their first day, with what
-- project_outcome and the project search read of them: the refresh replaces
-- them from a date on, a publish reads those of the projects that changed.
CREATE INDEX statistics_period_project ON statistics_period (
  project_id, valid_from, valid_until, outcome, status, application_id, funding_source_id,
  submitted_year, decided_year);

-- As in 0007: the periods that end in a month are one contiguous range.
CREATE INDEX statistics_period_end ON statistics_period (
  valid_until, outcome, status, funding_source_id, submitted_year, decided_year, money_split,
  total_cost_currency, total_cost_rate_id, total_cost_amount, total_cost_converted, total_cost_figures,
  requested_currency, requested_rate_id, requested_amount, requested_converted, requested_figures,
  awarded_currency, awarded_rate_id, awarded_amount, awarded_converted, awarded_figures, themes, countries);


-- -----------------------------------------------------------------------------
-- The two views, as they were.
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

CREATE VIEW money_figure_current AS
WITH counted AS (
  SELECT c.application_id, po.project_id, po.reference, po.outcome
    FROM project_outcome po
    JOIN application_current_status c ON c.project_id = po.project_id
   WHERE po.developed = 1
     AND (c.approved_on IS NOT NULL OR c.application_id = po.deciding_application_id)
),
latest AS (
  SELECT counted.project_id, counted.reference, counted.outcome, m.*,
         row_number() OVER (PARTITION BY m.application_id, m.kind ORDER BY m.set_on DESC) AS position
    FROM counted
    JOIN money_figure m ON m.application_id = counted.application_id
   WHERE m.kind IN ('total_cost', 'requested', 'awarded') AND m.set_on <= date('now')
),
rated AS (
  SELECT l.*, c.minor_unit AS minor_unit,
         coalesce(l.value_date, l.set_on) AS rate_date,
         r.numerator AS numerator, r.denominator AS denominator, r.valid_from AS rate_valid_from,
         -- 10^minor_unit of the source and of EUR (2)
         CASE c.minor_unit WHEN 0 THEN 1 WHEN 1 THEN 10 WHEN 2 THEN 100 WHEN 3 THEN 1000 ELSE 10000 END AS source_scale
    FROM latest l
    JOIN currency c ON c.code = l.currency
    LEFT JOIN exchange_rate r
      ON r.id = (SELECT r2.id FROM exchange_rate r2
                  WHERE r2.from_currency = l.currency AND r2.to_currency = 'EUR'
                    AND r2.valid_from <= coalesce(l.value_date, l.set_on)
                  ORDER BY r2.valid_from DESC LIMIT 1)
   WHERE l.position = 1
),
divided AS (
  SELECT rated.*,
         CASE WHEN rated.currency = 'EUR' THEN NULL
              WHEN rated.numerator IS NULL THEN NULL
              WHEN rated.numerator > 92233720368547 THEN NULL
              WHEN rated.amount_minor > 9223372036854775807 / (rated.numerator * 100) THEN NULL
              WHEN rated.denominator > 9223372036854775807 / rated.source_scale THEN NULL
              ELSE rated.amount_minor * rated.numerator * 100 END AS dividend,
         rated.denominator * rated.source_scale AS divisor
    FROM rated
)
SELECT project_id,
       reference AS project_reference,
       outcome,
       application_id,
       kind,
       amount_minor,
       currency,
       printf('%d', amount_minor / source_scale)
         || CASE minor_unit WHEN 0 THEN ''
            ELSE '.' || substr(printf('%05d', amount_minor % source_scale), 6 - minor_unit) END AS amount,
       value_date,
       set_on,
       rate_date,
       CASE WHEN currency = 'EUR' THEN NULL ELSE numerator END AS rate_numerator,
       CASE WHEN currency = 'EUR' THEN NULL ELSE denominator END AS rate_denominator,
       CASE WHEN currency = 'EUR' THEN NULL ELSE rate_valid_from END AS rate_valid_from,
       CASE WHEN currency = 'EUR' THEN amount_minor
            WHEN dividend IS NULL THEN NULL
            ELSE dividend / divisor
                 + (2 * (dividend % divisor) > divisor
                    OR (2 * (dividend % divisor) = divisor AND (dividend / divisor) % 2 = 1)) END AS eur_minor
  FROM divided;
