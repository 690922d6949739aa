-- =============================================================================
-- 0003_statistics_span_index.sql: the statistics' sums found by span (issue 15)
-- =============================================================================
--
-- Run by GrantPortfolioPostgres' migrator in one transaction, with its row in
-- schema_migrations, as 0001. No BEGIN/COMMIT here.
--
-- A re-publish merges only the spans of statistics_change and
-- statistics_breakdown_change whose digest changed (published_part): it
-- deletes, updates and inserts the rows of those spans alone. Their primary
-- keys lead with the granularity (and the dimension), not the span, so
-- finding a few spans' rows read every row of the portfolio: 1.8 s of a
-- 9 s re-publish of 20,000 projects. These indexes find them directly.
-- =============================================================================

CREATE INDEX statistics_change_span ON statistics_change (portfolio_id, span);
CREATE INDEX statistics_breakdown_change_span ON statistics_breakdown_change (portfolio_id, span);
