-- =============================================================================
-- 0001_central.sql: many portfolios in one PostgreSQL database (issue 15)
-- =============================================================================
--
-- Run by GrantPortfolioPostgres' migrator in one transaction, with its row in
-- schema_migrations (version, name, sha256, applied_at), under the same rules
-- as the SQLite migrations: a database with a newer version, or with a
-- migration whose checksum differs, is refused. No BEGIN/COMMIT here.
--
-- Every table carries the portfolio it came from (portfolio_id); a row's key
-- is the portfolio and the row's id or key in that portfolio's SQLite file,
-- so the ids of two files never collide. The vocabularies (currencies, rates,
-- statuses, transitions) are per portfolio, since portfolios may differ.
-- Money is bigint minor units, as in SQLite.
--
-- The statistics_* tables are the facts the library keeps at write time
-- (Migrations/0007_statistics_facts.sql), copied as they are: the rules that
-- make them stay in the Swift library; this database only sums them.
-- Foreign keys between the rows of a portfolio are DEFERRABLE INITIALLY
-- DEFERRED: a publish changes a file's rows table by table in one
-- transaction and the keys are checked at its commit.
-- =============================================================================

CREATE TABLE portfolio (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  handle        text NOT NULL UNIQUE CHECK (handle ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$'),
  first_published_at timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz NOT NULL DEFAULT now(),
  source_digest text NOT NULL CHECK (length(source_digest) = 64)
);

-- Per portfolio and table: the SHA-256 of the rows last published, so that an
-- unchanged table (and an unchanged file) is not copied again.
CREATE TABLE published_table (
  portfolio_id bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  table_name   text NOT NULL,
  digest       text NOT NULL CHECK (length(digest) = 64),
  row_count    bigint NOT NULL CHECK (row_count >= 0),
  PRIMARY KEY (portfolio_id, table_name)
);

-- ---------------------------------------------------------------------------
-- Vocabularies, per portfolio
-- ---------------------------------------------------------------------------
CREATE TABLE currency (
  portfolio_id bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  code         text NOT NULL CHECK (code ~ '^[A-Z]{3}$'),
  name         text NOT NULL CHECK (length(name) > 0),
  minor_unit   integer NOT NULL CHECK (minor_unit BETWEEN 0 AND 4),
  withdrawn_on date,
  builtin      smallint NOT NULL CHECK (builtin IN (0, 1)),
  PRIMARY KEY (portfolio_id, code)
);

CREATE TABLE exchange_rate (
  portfolio_id  bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  id            bigint NOT NULL,
  from_currency text NOT NULL,
  to_currency   text NOT NULL,
  numerator     bigint NOT NULL CHECK (numerator > 0),
  denominator   bigint NOT NULL CHECK (denominator > 0),
  valid_from    date NOT NULL,
  source        text NOT NULL CHECK (length(source) > 0),
  builtin       smallint NOT NULL CHECK (builtin IN (0, 1)),
  PRIMARY KEY (portfolio_id, id),
  UNIQUE (portfolio_id, from_currency, to_currency, valid_from) DEFERRABLE INITIALLY DEFERRED,
  CHECK (from_currency <> to_currency),
  FOREIGN KEY (portfolio_id, from_currency) REFERENCES currency (portfolio_id, code) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (portfolio_id, to_currency) REFERENCES currency (portfolio_id, code) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE status (
  portfolio_id bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  code         text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,49}$'),
  label        text NOT NULL CHECK (length(label) > 0),
  phase        text NOT NULL CHECK (phase IN ('preparation', 'pending', 'decided', 'implementation', 'ended')),
  outcome      text NOT NULL CHECK (outcome IN ('approved', 'rejected', 'withdrawn', 'none')),
  may_start    smallint NOT NULL CHECK (may_start IN (0, 1)),
  sort_order   bigint NOT NULL,
  builtin      smallint NOT NULL CHECK (builtin IN (0, 1)),
  PRIMARY KEY (portfolio_id, code)
);

CREATE TABLE status_transition (
  portfolio_id bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  from_status  text NOT NULL,
  to_status    text NOT NULL,
  note         text,
  builtin      smallint NOT NULL CHECK (builtin IN (0, 1)),
  PRIMARY KEY (portfolio_id, from_status, to_status),
  CHECK (from_status <> to_status),
  FOREIGN KEY (portfolio_id, from_status) REFERENCES status (portfolio_id, code) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (portfolio_id, to_status) REFERENCES status (portfolio_id, code) DEFERRABLE INITIALLY DEFERRED
);

-- ---------------------------------------------------------------------------
-- Organisations, funders, themes, projects
-- ---------------------------------------------------------------------------
CREATE TABLE organisation (
  portfolio_id bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  id           bigint NOT NULL,
  handle       text NOT NULL CHECK (length(handle) BETWEEN 1 AND 200),
  name         text NOT NULL CHECK (length(name) > 0),
  country      text CHECK (country ~ '^[A-Z]{2}$'),
  org_type     text CHECK (org_type ~ '^[0-9]{2}$'),
  identifier   text,
  note         text,
  PRIMARY KEY (portfolio_id, id),
  UNIQUE (portfolio_id, handle) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE funding_source (
  portfolio_id bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  id           bigint NOT NULL,
  handle       text NOT NULL CHECK (length(handle) BETWEEN 1 AND 200),
  parent_id    bigint,
  kind         text NOT NULL CHECK (kind IN ('donor', 'mechanism', 'programme', 'scheme', 'call')),
  code         text,
  title        text NOT NULL CHECK (length(title) > 0),
  operator_organisation_id bigint,
  opens_on     date,
  closes_on    date,
  note         text,
  PRIMARY KEY (portfolio_id, id),
  UNIQUE (portfolio_id, handle) DEFERRABLE INITIALLY DEFERRED,
  CHECK (closes_on IS NULL OR opens_on IS NULL OR closes_on >= opens_on),
  FOREIGN KEY (portfolio_id, parent_id) REFERENCES funding_source (portfolio_id, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (portfolio_id, operator_organisation_id) REFERENCES organisation (portfolio_id, id) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE theme (
  portfolio_id bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  id           bigint NOT NULL,
  vocabulary   text NOT NULL CHECK (length(vocabulary) BETWEEN 1 AND 200),
  code         text NOT NULL CHECK (length(code) BETWEEN 1 AND 200),
  title        text NOT NULL CHECK (length(title) > 0),
  PRIMARY KEY (portfolio_id, id),
  UNIQUE (portfolio_id, vocabulary, code) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE project (
  portfolio_id      bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  id                bigint NOT NULL,
  reference         text NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
  title             text NOT NULL CHECK (length(title) > 0),
  original_title    text,
  original_language text,
  summary           text,
  owner_organisation_id bigint NOT NULL,
  planned_start     date,
  planned_end       date,
  actual_start      date,
  actual_end        date,
  note              text,
  extra_json        text,
  PRIMARY KEY (portfolio_id, id),
  UNIQUE (portfolio_id, reference) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (portfolio_id, owner_organisation_id) REFERENCES organisation (portfolio_id, id) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE project_theme (
  portfolio_id bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  project_id   bigint NOT NULL,
  theme_id     bigint NOT NULL,
  PRIMARY KEY (portfolio_id, project_id, theme_id),
  FOREIGN KEY (portfolio_id, project_id) REFERENCES project (portfolio_id, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (portfolio_id, theme_id) REFERENCES theme (portfolio_id, id) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE application (
  portfolio_id      bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  id                bigint NOT NULL,
  project_id        bigint NOT NULL,
  funding_source_id bigint NOT NULL,
  submitted_on      date,
  decided_on        date,
  funder_reference  text,
  currency          text NOT NULL,
  current_status    text,
  current_status_on date,
  extra_json        text,
  PRIMARY KEY (portfolio_id, id),
  CHECK ((current_status IS NULL) = (current_status_on IS NULL)),
  FOREIGN KEY (portfolio_id, project_id) REFERENCES project (portfolio_id, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (portfolio_id, funding_source_id) REFERENCES funding_source (portfolio_id, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (portfolio_id, currency) REFERENCES currency (portfolio_id, code) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (portfolio_id, current_status) REFERENCES status (portfolio_id, code) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE participation (
  portfolio_id    bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  application_id  bigint NOT NULL,
  organisation_id bigint NOT NULL,
  role            text NOT NULL CHECK (role IN ('lead_applicant', 'partner', 'donor_partner', 'funder', 'host')),
  note            text,
  PRIMARY KEY (portfolio_id, application_id, organisation_id, role),
  FOREIGN KEY (portfolio_id, application_id) REFERENCES application (portfolio_id, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (portfolio_id, organisation_id) REFERENCES organisation (portfolio_id, id) DEFERRABLE INITIALLY DEFERRED
);

-- Append-only, as in the file: an event is never changed, only added (or
-- removed with its project, when the file no longer has it).
CREATE TABLE status_event (
  portfolio_id   bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  id             bigint NOT NULL,
  application_id bigint NOT NULL,
  status         text NOT NULL,
  effective_on   date NOT NULL,
  recorded_at    text NOT NULL,
  note           text,
  PRIMARY KEY (portfolio_id, id),
  FOREIGN KEY (portfolio_id, application_id) REFERENCES application (portfolio_id, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (portfolio_id, status) REFERENCES status (portfolio_id, code) DEFERRABLE INITIALLY DEFERRED
);

CREATE FUNCTION status_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'status history is append-only: status_event % of portfolio % cannot be changed', OLD.id, OLD.portfolio_id
    USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER status_event_no_update BEFORE UPDATE ON status_event
  FOR EACH ROW EXECUTE FUNCTION status_event_append_only();

CREATE TABLE money_figure (
  portfolio_id   bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  id             bigint NOT NULL,
  application_id bigint NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('total_cost', 'eligible_cost', 'requested', 'awarded', 'co_financing', 'own_contribution', 'disbursed')),
  amount_minor   bigint NOT NULL CHECK (amount_minor >= 0),
  currency       text NOT NULL,
  value_date     date,
  set_on         date NOT NULL,
  note           text,
  PRIMARY KEY (portfolio_id, id),
  UNIQUE (portfolio_id, application_id, kind, set_on) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (portfolio_id, application_id) REFERENCES application (portfolio_id, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (portfolio_id, currency) REFERENCES currency (portfolio_id, code) DEFERRABLE INITIALLY DEFERRED
);

-- ---------------------------------------------------------------------------
-- The statistics facts, as the library stored them in the file
-- ---------------------------------------------------------------------------
CREATE TABLE statistics_period (
  portfolio_id       bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  project_id         bigint NOT NULL,
  valid_from         text NOT NULL,
  valid_until        text NOT NULL,
  outcome            text NOT NULL CHECK (outcome IN ('approved', 'pending', 'preparation', 'rejected', 'withdrawn', 'none')),
  status             text NOT NULL,
  application_id     bigint NOT NULL,
  funding_source_id  bigint NOT NULL,
  submitted_year     bigint,
  decided_year       bigint,
  money_split        smallint NOT NULL CHECK (money_split IN (0, 1)),
  total_cost_currency text, total_cost_rate_id bigint,
  total_cost_amount  bigint, total_cost_converted bigint, total_cost_figures bigint,
  requested_currency text, requested_rate_id bigint,
  requested_amount   bigint, requested_converted bigint, requested_figures bigint,
  awarded_currency   text, awarded_rate_id bigint,
  awarded_amount     bigint, awarded_converted bigint, awarded_figures bigint,
  submitted          bigint NOT NULL,
  submitted_other_years text,
  approved           bigint NOT NULL,
  rejected           bigint NOT NULL,
  projects_approved  smallint NOT NULL CHECK (projects_approved IN (0, 1)),
  themes             text,
  countries          text,
  CHECK (valid_from < valid_until),
  PRIMARY KEY (portfolio_id, project_id, valid_from),
  FOREIGN KEY (portfolio_id, project_id) REFERENCES project (portfolio_id, id) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX statistics_period_start ON statistics_period (portfolio_id, valid_from);
CREATE INDEX statistics_period_end ON statistics_period (portfolio_id, valid_until);

CREATE TABLE statistics_period_money (
  portfolio_id    bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  project_id      bigint NOT NULL,
  valid_from      text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('total_cost', 'requested', 'awarded')),
  currency        text NOT NULL,
  rate_id         bigint NOT NULL,
  amount_minor    bigint NOT NULL,
  converted_minor bigint NOT NULL,
  figures         bigint NOT NULL,
  PRIMARY KEY (portfolio_id, project_id, valid_from, kind, currency, rate_id),
  FOREIGN KEY (portfolio_id, project_id, valid_from)
    REFERENCES statistics_period (portfolio_id, project_id, valid_from) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE statistics_change (
  portfolio_id     bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  granularity      text NOT NULL CHECK (granularity IN ('year', 'month', 'day')),
  span             text NOT NULL,
  outcome          text NOT NULL,
  under_evaluation smallint NOT NULL,
  kind             text NOT NULL,
  currency         text NOT NULL,
  rate_id          bigint NOT NULL,
  projects         bigint NOT NULL,
  amount_minor     bigint NOT NULL,
  converted_minor  bigint NOT NULL,
  figures          bigint NOT NULL,
  PRIMARY KEY (portfolio_id, granularity, span, outcome, under_evaluation, kind, currency, rate_id)
);

-- value: the SQLite value as text ('' for none): a status code, a year, a
-- funding source id, a theme id or a country code, by dimension.
CREATE TABLE statistics_breakdown_change (
  portfolio_id     bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  dimension        text NOT NULL CHECK (dimension IN ('status', 'year', 'decision-year', 'source', 'theme', 'country')),
  granularity      text NOT NULL CHECK (granularity IN ('year', 'month')),
  span             text NOT NULL,
  value            text NOT NULL,
  outcome          text NOT NULL,
  under_evaluation smallint NOT NULL,
  kind             text NOT NULL,
  currency         text NOT NULL,
  rate_id          bigint NOT NULL,
  projects         bigint NOT NULL,
  amount_minor     bigint NOT NULL,
  converted_minor  bigint NOT NULL,
  figures          bigint NOT NULL,
  PRIMARY KEY (portfolio_id, dimension, granularity, span, value, outcome, under_evaluation, kind, currency, rate_id)
);

CREATE TABLE statistics_activity_change (
  portfolio_id bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  month        text NOT NULL,
  year         bigint NOT NULL,
  measure      text NOT NULL CHECK (measure IN ('submitted', 'approved', 'rejected', 'projects_approved')),
  count        bigint NOT NULL,
  PRIMARY KEY (portfolio_id, month, year, measure)
);

-- The figures that count in a period and have no rate into EUR, one by one,
-- as the library lists them (UnconvertibleFigurePeriod): the statistics as of
-- a date list those whose period is in force on it.
CREATE TABLE statistics_unconvertible (
  portfolio_id   bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  project_id     bigint NOT NULL,
  valid_from     text NOT NULL,
  position       integer NOT NULL,
  valid_until    text NOT NULL,
  reference      text NOT NULL,
  application_id bigint NOT NULL,
  kind           text NOT NULL,
  currency       text NOT NULL,
  amount_minor   bigint NOT NULL,
  rate_date      date NOT NULL,
  PRIMARY KEY (portfolio_id, project_id, valid_from, position),
  FOREIGN KEY (portfolio_id, project_id, valid_from)
    REFERENCES statistics_period (portfolio_id, project_id, valid_from) DEFERRABLE INITIALLY DEFERRED
);

-- ---------------------------------------------------------------------------
-- Readers: `grants-central query` runs as the role grants_reader (in a
-- read-only transaction), which may only SELECT. The role is the cluster's,
-- made by whoever runs the server (.ci/postgres makes it); when it exists,
-- it may read every table here.
-- ---------------------------------------------------------------------------
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'grants_reader') THEN
    EXECUTE 'GRANT SELECT ON ALL TABLES IN SCHEMA public TO grants_reader';
  END IF;
END
$$;
