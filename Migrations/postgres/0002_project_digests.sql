-- =============================================================================
-- 0002_project_digests.sql: a digest per published project (issue 15)
-- =============================================================================
--
-- Run by GrantPortfolioPostgres' migrator in one transaction, with its row in
-- schema_migrations, as 0001. No BEGIN/COMMIT here.
--
-- A publish compares the rows of projects (the project, its themes,
-- applications, participants, status history, money figures and statistics
-- periods) project by project rather than table by table: it keeps here, per
-- portfolio and project, the SHA-256 of that project's rows as last
-- published, and sends only the rows of the projects whose digest differs
-- (and removes those no longer in the file). The portfolio-wide tables
-- (vocabularies, organisations, funders, themes, the statistics' sums) keep
-- their digest per table in published_table.
--
-- The two large tables of the statistics' sums (statistics_change and
-- statistics_breakdown_change) are compared in parts, one per span (a year,
-- a month or a day), through published_part: a change to a few projects
-- touches a few spans.
--
-- A portfolio published before this migration has no project digests: its
-- next publish compares every project's rows, exactly as before, and writes
-- them.
-- =============================================================================

CREATE TABLE published_project (
  portfolio_id bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  project_id   bigint NOT NULL,
  digest       text NOT NULL CHECK (length(digest) = 64),
  PRIMARY KEY (portfolio_id, project_id)
);

CREATE TABLE published_part (
  portfolio_id bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  table_name   text NOT NULL,
  part         text NOT NULL,
  digest       text NOT NULL CHECK (length(digest) = 64),
  PRIMARY KEY (portfolio_id, table_name, part)
);

-- A re-publish deletes and compares the rows of the projects sent: the
-- applications of a project, and the status events of an application, are
-- found by these (the other project tables' keys start with the project or
-- the application already).
CREATE INDEX application_project ON application (portfolio_id, project_id);
CREATE INDEX status_event_application ON status_event (portfolio_id, application_id);

-- The project tables' digests per table are no longer kept.
DELETE FROM published_table WHERE table_name IN (
  'project', 'project_theme', 'application', 'participation', 'status_event', 'money_figure',
  'statistics_period', 'statistics_period_money', 'statistics_unconvertible');

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'grants_reader') THEN
    EXECUTE 'GRANT SELECT ON published_project, published_part TO grants_reader';
  END IF;
END
$$;
