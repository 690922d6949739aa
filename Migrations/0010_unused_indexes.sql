-- =============================================================================
-- 0010_unused_indexes.sql: four indexes nothing reads any more (issue 11)
-- =============================================================================
--
-- Same conventions as 0002 (run by the migrator in one transaction; no
-- BEGIN/COMMIT/PRAGMA; strings in single quotes only).
--
-- 0002 indexed status events by status and money figures by kind for the
-- statistics of that time, which replayed every status history in SQL. The
-- statistics now read their stored facts (0007), and these four indexes serve
-- no statement of the library, of its views or of its triggers' hot paths,
-- while every insert of an application, a status event or a money figure
-- still writes them. On a portfolio of 1,000,000 generated projects
-- (grants-bench) they held 471 MB of 4,582 MB, 471 bytes a project:
--
--   index                       bytes a project   what it served
--   status_event_status                     229   the replay's "reached a
--                                                 status whose outcome is
--                                                 approved"
--   money_figure_kind                       184   the replay's "latest figures
--                                                 of a kind"
--   application_decided_on                   30   nothing (the search reads an
--   application_submitted_on                 29   application through its
--                                                 project: application_project_dates)
--
-- How "serves no statement" was measured: every statement the library
-- prepared during the whole test suite was run through EXPLAIN QUERY PLAN
-- (60,165 plans); the four appear only in the tests' own counting queries and
-- in their replay reference. The views were checked one by one:
-- money_figure_current used money_figure_kind and takes the same processor
-- time without it (about 10 s on 200,000 projects either way, scanning the
-- figures' UNIQUE index instead).
--
-- What is left to a scan:
--   * a status's phase, outcome or order changed (the trigger
--     statistics_stale_status_update finds the projects with events of that
--     status): one pass over status_event, before a refresh of those projects
--     that costs far more;
--   * a status deleted by hand in the sqlite3 shell (the foreign key on
--     status_event.status): one pass over status_event. The library never
--     deletes a status, and a built-in one cannot be deleted.
-- The foreign keys on currency keep their narrow indexes
-- (money_figure_currency, application_currency): a new rate into EUR finds
-- the figures of its currency through them.
-- =============================================================================

DROP INDEX status_event_status;
DROP INDEX money_figure_kind;
DROP INDEX application_submitted_on;
DROP INDEX application_decided_on;
