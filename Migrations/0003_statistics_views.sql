-- =============================================================================
-- 0003_statistics_views.sql: named views of today's figures (issue 4)
-- =============================================================================
--
-- Views for people who open the portfolio in the sqlite3 shell, DB Browser
-- for SQLite or Datasette, so that they see the same CURRENT figures as the
-- library and `grants stats` by name:
--
--   application_current_status  every application with its status today
--   project_outcome             every project with its outcome today
--   money_figure_current        the figures in force today, with EUR amounts
--   portfolio_summary           one row: "8 of 14 approved, budget, 4 under
--                               evaluation", the success rates
--
-- "Today" is date('now') (UTC), the default date of the library's statistics
-- (CalendarDate.today is UTC too), so an event recorded ahead with a future
-- effective date does not count yet, exactly as in the library. Figures as
-- of any other date are the library's business (Portfolio.statistics(asOf:)),
-- views cannot take parameters.
--
-- The definitions are those of the library (Queries/ProjectOutcome.swift and
-- Statistics/StatisticsSQL.swift); a test checks that both agree:
--   * the status of an application as of a date is its latest event dated on
--     or before it (ties: the later recorded, i.e. the higher id);
--   * a project is approved when one of its applications reached a status
--     whose outcome is 'approved' on or before the date; otherwise its
--     applications' statuses decide, in this order: pending (phase pending),
--     preparation (phase preparation), rejected, withdrawn, else none;
--   * developed = projects with at least one application that has a status;
--   * the project's status is that of its deciding application: one that
--     reached approval, else the one whose status ranks highest in the order
--     above (then by status sort_order, latest event, highest id);
--   * money counts, per project, the applications that reached approval, or
--     when none did, the deciding application; of each kind, the figure set
--     latest on or before today; converted into EUR at the rate in force on
--     its value_date (else its set_on), rounded half to even per figure.
--
-- Conventions as in 0002: run by the migrator in one transaction with
-- foreign keys on; no BEGIN/COMMIT/PRAGMA; strings in single quotes only.
-- =============================================================================


-- 0002 named the index on application (current_status, current_status_on)
-- application_current_status. Indexes and views share one namespace, so the
-- index is renamed to free the name for the view below.
DROP INDEX application_current_status;
CREATE INDEX application_by_current_status ON application (current_status, current_status_on);


-- -----------------------------------------------------------------------------
-- application_current_status: one row per application that has a status
-- today (applications whose history starts after today are left out).
--   status_since   the effective date of the status
--   latest_status  the maintained application.current_status: the latest
--                  event, even one dated after today (normally the same)
-- -----------------------------------------------------------------------------
CREATE VIEW application_current_status AS
SELECT a.id                AS application_id,
       a.project_id        AS project_id,
       p.reference         AS project_reference,
       f.handle            AS funding_source,
       e.status            AS status,
       s.label             AS status_label,
       s.phase             AS phase,
       s.outcome           AS outcome,
       e.effective_on      AS status_since,
       a.submitted_on      AS submitted_on,
       a.decided_on        AS decided_on,
       a.currency          AS currency,
       (SELECT min(ea.effective_on) FROM status_event ea JOIN status sa ON sa.code = ea.status
         WHERE ea.application_id = a.id AND sa.outcome = 'approved'
           AND ea.effective_on <= date('now')) AS approved_on,
       a.current_status    AS latest_status
  FROM application a
  JOIN project p ON p.id = a.project_id
  JOIN funding_source f ON f.id = a.funding_source_id
  JOIN status_event e
    ON e.id = (SELECT e2.id FROM status_event e2
                WHERE e2.application_id = a.id AND e2.effective_on <= date('now')
                ORDER BY e2.effective_on DESC, e2.id DESC LIMIT 1)
  JOIN status s ON s.code = e.status;


-- -----------------------------------------------------------------------------
-- project_outcome: one row per project.
--   outcome             approved, pending, preparation, rejected, withdrawn or
--                       none (no application with a status today)
--   developed           1 when the project counts as developed (it has an
--                       application with a status today)
--   status              the status of its deciding application
--   deciding_application_id, funding_source  that application and its funder
--   first_submitted_on  its earliest submission on or before today
--   first_approved_on   its earliest approval
--   decided_on          first_approved_on when approved; the date of the
--                       rejection when rejected; else NULL
-- -----------------------------------------------------------------------------
CREATE VIEW project_outcome AS
WITH app AS (
  SELECT c.*,
         CASE WHEN c.phase = 'pending' THEN 5
              WHEN c.phase = 'preparation' THEN 4
              WHEN c.outcome = 'rejected' THEN 3
              WHEN c.outcome = 'withdrawn' THEN 2
              ELSE 1 END AS status_rank,
         s.sort_order AS sort_order
    FROM application_current_status c
    JOIN status s ON s.code = c.status
),
ranked AS (
  SELECT app.*,
         row_number() OVER (PARTITION BY app.project_id
                            ORDER BY app.approved_on IS NOT NULL DESC, app.status_rank DESC,
                                     app.sort_order DESC, app.status_since DESC,
                                     app.application_id DESC) AS position
    FROM app
),
per_project AS (
  SELECT project_id,
         min(approved_on) AS first_approved_on,
         min(CASE WHEN submitted_on <= date('now') THEN submitted_on END) AS first_submitted_on,
         count(*) AS applications
    FROM app GROUP BY project_id
)
SELECT p.id AS project_id,
       p.reference AS reference,
       p.title AS title,
       o.handle AS owner,
       CASE WHEN d.project_id IS NULL THEN 'none'
            WHEN pp.first_approved_on IS NOT NULL THEN 'approved'
            WHEN d.status_rank = 5 THEN 'pending'
            WHEN d.status_rank = 4 THEN 'preparation'
            WHEN d.status_rank = 3 THEN 'rejected'
            WHEN d.status_rank = 2 THEN 'withdrawn'
            ELSE 'none' END AS outcome,
       (d.project_id IS NOT NULL) AS developed,
       d.status AS status,
       d.application_id AS deciding_application_id,
       d.funding_source AS funding_source,
       coalesce(pp.applications, 0) AS applications,
       pp.first_submitted_on AS first_submitted_on,
       pp.first_approved_on AS first_approved_on,
       CASE WHEN pp.first_approved_on IS NOT NULL THEN pp.first_approved_on
            WHEN d.status_rank = 3 THEN d.status_since END AS decided_on
  FROM project p
  JOIN organisation o ON o.id = p.owner_organisation_id
  LEFT JOIN ranked d ON d.project_id = p.id AND d.position = 1
  LEFT JOIN per_project pp ON pp.project_id = p.id;


-- -----------------------------------------------------------------------------
-- money_figure_current: the total cost, requested and awarded figures that
-- count today: per developed project, those of its applications that reached
-- approval, or when none did, of its deciding application; of each kind the
-- figure set latest on or before today.
--   amount            the amount as text in major units ('3228810.00')
--   rate_date         value_date, else set_on: the date the rate is taken on
--   eur_minor         the amount in euro cents, converted at the stored rate
--                     in force on rate_date, rounded half to even; NULL when
--                     there is no rate (or the product would not fit 64 bits)
-- -----------------------------------------------------------------------------
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


-- -----------------------------------------------------------------------------
-- portfolio_summary: the headline today, one row.
--   developed … undetermined   project counts by outcome; they add up to
--                              developed
--   under_evaluation           projects whose status is exactly under_evaluation
--   decided                    approved + rejected (withdrawn is not a decision)
--   approval_rate_pct          approved / developed, in per cent, one decimal
--                              (rounded half to even; NULL when nothing is developed)
--   success_rate_pct           approved / decided, in per cent, one decimal
--   approved_budget_eur_minor  sum of the latest total cost of the applications
--                              that reached approval, in euro cents
--   approved_budget_eur        the same as text ('3228810.00')
--   unconverted_figures        figures (of any kind) that could not be converted
--                              and are therefore missing from the EUR sums
-- -----------------------------------------------------------------------------
CREATE VIEW portfolio_summary AS
WITH counts AS (
  SELECT count(*) AS developed,
         coalesce(sum(outcome = 'approved'), 0) AS approved,
         coalesce(sum(outcome = 'rejected'), 0) AS rejected,
         coalesce(sum(outcome = 'withdrawn'), 0) AS withdrawn,
         coalesce(sum(outcome = 'pending'), 0) AS pending,
         coalesce(sum(outcome = 'preparation'), 0) AS in_preparation,
         coalesce(sum(outcome = 'none'), 0) AS undetermined,
         coalesce(sum(status = 'under_evaluation'), 0) AS under_evaluation
    FROM project_outcome WHERE developed = 1
),
budget AS (
  SELECT coalesce(sum(CASE WHEN outcome = 'approved' AND kind = 'total_cost' THEN eur_minor END), 0) AS approved_minor,
         coalesce(sum(eur_minor IS NULL), 0) AS unconverted
    FROM money_figure_current
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
