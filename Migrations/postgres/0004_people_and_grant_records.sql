-- =============================================================================
-- 0004_people_and_grant_records.sql: the file's remaining tables (issue 15)
-- =============================================================================
--
-- Run by GrantPortfolioPostgres' migrator in one transaction, with its row in
-- schema_migrations, as 0001. No BEGIN/COMMIT here.
--
-- The last tables of a portfolio's data that a publish did not send: the
-- people of a portfolio and their roles on projects (person, contact; 0002 of
-- the file), and what the 360Giving interchange keeps per application
-- (grant_record: the grant's identifier and its recipient; beneficiary_location;
-- 0004 of the file). With them every table of a portfolio's data is
-- published; only the file's own bookkeeping is not (metadata,
-- schema_migrations, statistics_stale, and the statistics' sums per quarter
-- and per block of years, which are worked out from the years and months).
--
-- person is portfolio-wide, compared as one table (published_table); contact
-- is a project's rows, grant_record and beneficiary_location an
-- application's, compared with the project they belong to (published_project).
-- A person's e-mail address and telephone number are published with them:
-- whoever may read this database may read them.
-- =============================================================================

CREATE TABLE person (
  portfolio_id bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  id           bigint NOT NULL,
  handle       text NOT NULL CHECK (length(handle) BETWEEN 1 AND 200),
  name         text NOT NULL CHECK (length(name) > 0),
  email        text CHECK (email ~ '^.+@.+$'),
  phone        text,
  note         text,
  PRIMARY KEY (portfolio_id, id),
  UNIQUE (portfolio_id, handle) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE contact (
  portfolio_id bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  project_id   bigint NOT NULL,
  person_id    bigint NOT NULL,
  role         text NOT NULL CHECK (role IN ('project_manager', 'press_contact', 'financial_manager', 'contact')),
  valid_from   date,
  valid_to     date,
  PRIMARY KEY (portfolio_id, project_id, person_id, role),
  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from),
  FOREIGN KEY (portfolio_id, project_id) REFERENCES project (portfolio_id, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (portfolio_id, person_id) REFERENCES person (portfolio_id, id) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE grant_record (
  portfolio_id        bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  application_id      bigint NOT NULL,
  grant_identifier    text NOT NULL CHECK (length(grant_identifier) BETWEEN 1 AND 500),
  recipient_person_id bigint,
  PRIMARY KEY (portfolio_id, application_id),
  UNIQUE (portfolio_id, grant_identifier) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (portfolio_id, application_id) REFERENCES application (portfolio_id, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (portfolio_id, recipient_person_id) REFERENCES person (portfolio_id, id) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE beneficiary_location (
  portfolio_id   bigint NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
  application_id bigint NOT NULL,
  position       integer NOT NULL CHECK (position >= 0),
  name           text CHECK (length(name) > 0),
  country_code   text CHECK (country_code ~ '^[A-Z]{2}$'),
  geo_code       text CHECK (length(geo_code) > 0),
  geo_code_type  text CHECK (length(geo_code_type) > 0),
  PRIMARY KEY (portfolio_id, application_id, position),
  CHECK (name IS NOT NULL OR country_code IS NOT NULL OR geo_code IS NOT NULL OR geo_code_type IS NOT NULL),
  FOREIGN KEY (portfolio_id, application_id) REFERENCES application (portfolio_id, id) DEFERRABLE INITIALLY DEFERRED
);

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'grants_reader') THEN
    EXECUTE 'GRANT SELECT ON person, contact, grant_record, beneficiary_location TO grants_reader';
  END IF;
END
$$;
