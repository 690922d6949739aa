-- =============================================================================
-- 0009_statistics_change_blocks.sql: the changes also per block of years and
-- per quarter (issues 11 and 14)
-- =============================================================================
--
-- Same conventions as 0002 (run by the migrator in one transaction; no
-- BEGIN/COMMIT/PRAGMA; strings in single quotes only).
--
-- "As of D" added the changes of every year before D's year and of every
-- month of its year before D's month: twenty years and ten months of rows,
-- each a few thousand per span in a breakdown by funding source. On a
-- million projects that was some 94,000 rows a breakdown, most of a dashboard
-- page's time. The changes are now also kept per aligned block of 16 and of
-- 4 years and per quarter, so that the years before D's year are at most the
-- 16-year blocks before D's, three 4-year blocks and three years, and the
-- months before D's month at most three quarters and two months:
--
--   granularity   span
--   'year16'      'YYYY', the first year of a block of 16 (YYYY % 16 = 0)
--   'year4'       'YYYY', the first year of a block of 4 (YYYY % 4 = 0)
--   'year'        'YYYY' (as before)
--   'quarter'     'YYYY-MM', the first month of a quarter (01, 04, 07, 10)
--   'month'       'YYYY-MM' (as before)
--   'day'         'YYYY-MM-DD' (as before; statistics_change only)
--
-- A change is kept at every granularity; the library writes all of them
-- (Statistics/Facts/StatisticsChanges.swift) and reads the fewest spans
-- (Statistics/Reading/StoredFactsReader.swift). The CHECKs of the two tables
-- name the granularities, so the tables are rebuilt with their rows, and the
-- new rows are summed here from the year and month rows: no period is read
-- or worked out again, and no project becomes stale.
-- =============================================================================

-- portfolio_summary (0007) reads statistics_change: dropped while the table
-- is rebuilt, and made again at the end, reading the fewest spans.
DROP VIEW portfolio_summary;

CREATE TABLE statistics_change_new (
  granularity      TEXT NOT NULL
                   CHECK (granularity = 'year16' OR granularity = 'year4' OR granularity = 'year'
                          OR granularity = 'quarter' OR granularity = 'month' OR granularity = 'day'),
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

INSERT INTO statistics_change_new SELECT * FROM statistics_change;
DROP TABLE statistics_change;
ALTER TABLE statistics_change_new RENAME TO statistics_change;

CREATE TABLE statistics_breakdown_change_new (
  dimension        TEXT NOT NULL
                   CHECK (dimension = 'status' OR dimension = 'year' OR dimension = 'decision-year'
                          OR dimension = 'source' OR dimension = 'theme' OR dimension = 'country'),
  granularity      TEXT NOT NULL
                   CHECK (granularity = 'year16' OR granularity = 'year4' OR granularity = 'year'
                          OR granularity = 'quarter' OR granularity = 'month'),
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

INSERT INTO statistics_breakdown_change_new SELECT * FROM statistics_breakdown_change;
DROP TABLE statistics_breakdown_change;
ALTER TABLE statistics_breakdown_change_new RENAME TO statistics_breakdown_change;

-- The blocks of years, from the year rows; the quarters, from the month rows.
-- Rows whose sums are all zero are left out, as the library leaves them out.
INSERT INTO statistics_change
SELECT 'year16', printf('%04d', CAST(span AS INTEGER) - CAST(span AS INTEGER) % 16),
       outcome, under_evaluation, kind, currency, rate_id,
       sum(projects), sum(amount_minor), sum(converted_minor), sum(figures)
FROM statistics_change WHERE granularity = 'year'
GROUP BY 2, 3, 4, 5, 6, 7
HAVING sum(projects) <> 0 OR sum(amount_minor) <> 0 OR sum(converted_minor) <> 0 OR sum(figures) <> 0;

INSERT INTO statistics_change
SELECT 'year4', printf('%04d', CAST(span AS INTEGER) - CAST(span AS INTEGER) % 4),
       outcome, under_evaluation, kind, currency, rate_id,
       sum(projects), sum(amount_minor), sum(converted_minor), sum(figures)
FROM statistics_change WHERE granularity = 'year'
GROUP BY 2, 3, 4, 5, 6, 7
HAVING sum(projects) <> 0 OR sum(amount_minor) <> 0 OR sum(converted_minor) <> 0 OR sum(figures) <> 0;

INSERT INTO statistics_change
SELECT 'quarter', printf('%s-%02d', substr(span, 1, 4), (CAST(substr(span, 6, 2) AS INTEGER) - 1) / 3 * 3 + 1),
       outcome, under_evaluation, kind, currency, rate_id,
       sum(projects), sum(amount_minor), sum(converted_minor), sum(figures)
FROM statistics_change WHERE granularity = 'month'
GROUP BY 2, 3, 4, 5, 6, 7
HAVING sum(projects) <> 0 OR sum(amount_minor) <> 0 OR sum(converted_minor) <> 0 OR sum(figures) <> 0;

INSERT INTO statistics_breakdown_change
SELECT dimension, 'year16', printf('%04d', CAST(span AS INTEGER) - CAST(span AS INTEGER) % 16), value,
       outcome, under_evaluation, kind, currency, rate_id,
       sum(projects), sum(amount_minor), sum(converted_minor), sum(figures)
FROM statistics_breakdown_change WHERE granularity = 'year'
GROUP BY 1, 3, 4, 5, 6, 7, 8, 9
HAVING sum(projects) <> 0 OR sum(amount_minor) <> 0 OR sum(converted_minor) <> 0 OR sum(figures) <> 0;

INSERT INTO statistics_breakdown_change
SELECT dimension, 'year4', printf('%04d', CAST(span AS INTEGER) - CAST(span AS INTEGER) % 4), value,
       outcome, under_evaluation, kind, currency, rate_id,
       sum(projects), sum(amount_minor), sum(converted_minor), sum(figures)
FROM statistics_breakdown_change WHERE granularity = 'year'
GROUP BY 1, 3, 4, 5, 6, 7, 8, 9
HAVING sum(projects) <> 0 OR sum(amount_minor) <> 0 OR sum(converted_minor) <> 0 OR sum(figures) <> 0;

INSERT INTO statistics_breakdown_change
SELECT dimension, 'quarter', printf('%s-%02d', substr(span, 1, 4), (CAST(substr(span, 6, 2) AS INTEGER) - 1) / 3 * 3 + 1),
       value, outcome, under_evaluation, kind, currency, rate_id,
       sum(projects), sum(amount_minor), sum(converted_minor), sum(figures)
FROM statistics_breakdown_change WHERE granularity = 'month'
GROUP BY 1, 3, 4, 5, 6, 7, 8, 9
HAVING sum(projects) <> 0 OR sum(amount_minor) <> 0 OR sum(converted_minor) <> 0 OR sum(figures) <> 0;


-- -----------------------------------------------------------------------------
-- portfolio_summary: as in 0007 (same columns, same figures), reading the
-- blocks of years and the quarters.
-- -----------------------------------------------------------------------------
CREATE VIEW portfolio_summary AS
WITH today(day, month, year, first_month, first_day, quarter, year4, year16) AS (
  SELECT date('now'), strftime('%Y-%m', 'now'), strftime('%Y', 'now'), strftime('%Y-01', 'now'),
         strftime('%Y-%m-01', 'now'),
         printf('%s-%02d', strftime('%Y', 'now'), (CAST(strftime('%m', 'now') AS INTEGER) - 1) / 3 * 3 + 1),
         printf('%04d', CAST(strftime('%Y', 'now') AS INTEGER) - CAST(strftime('%Y', 'now') AS INTEGER) % 4),
         printf('%04d', CAST(strftime('%Y', 'now') AS INTEGER) - CAST(strftime('%Y', 'now') AS INTEGER) % 16)
),
-- The years before today's: the 16-year blocks before its block, the 4-year
-- blocks of its block before its own, the years of that before it; then the
-- quarters of its year before its quarter, and the months of that before
-- its month; then the days of its month up to today.
change AS (
  SELECT c.* FROM statistics_change c, today WHERE c.granularity = 'year16' AND c.span < today.year16
  UNION ALL
  SELECT c.* FROM statistics_change c, today
   WHERE c.granularity = 'year4' AND c.span >= today.year16 AND c.span < today.year4
  UNION ALL
  SELECT c.* FROM statistics_change c, today
   WHERE c.granularity = 'year' AND c.span >= today.year4 AND c.span < today.year
  UNION ALL
  SELECT c.* FROM statistics_change c, today
   WHERE c.granularity = 'quarter' AND c.span >= today.first_month AND c.span < today.quarter
  UNION ALL
  SELECT c.* FROM statistics_change c, today
   WHERE c.granularity = 'month' AND c.span >= today.quarter AND c.span < today.month
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
