-- =============================================================================
-- 0003_statistics_change_blocks.sql: the granularities of SQLite's 0009
-- =============================================================================
--
-- Run by GrantPortfolioPostgres' migrator in one transaction, with its row in
-- schema_migrations, as 0001. No BEGIN/COMMIT here.
--
-- A portfolio file at SQLite schema 9 also keeps the statistics' changes per
-- block of 16 and of 4 years ('year16', 'year4') and per quarter
-- ('quarter'), so that a reader adds fewer spans. They are published with the
-- other rows. The central reader still reads the years and months alone,
-- which every publish has carried, so a portfolio published before this
-- migration reads the same figures.
-- =============================================================================

ALTER TABLE statistics_change DROP CONSTRAINT statistics_change_granularity_check;
ALTER TABLE statistics_change ADD CONSTRAINT statistics_change_granularity_check
  CHECK (granularity IN ('year16', 'year4', 'year', 'quarter', 'month', 'day'));

ALTER TABLE statistics_breakdown_change DROP CONSTRAINT statistics_breakdown_change_granularity_check;
ALTER TABLE statistics_breakdown_change ADD CONSTRAINT statistics_breakdown_change_granularity_check
  CHECK (granularity IN ('year16', 'year4', 'year', 'quarter', 'month'));
