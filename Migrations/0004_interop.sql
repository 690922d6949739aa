-- =============================================================================
-- 0004_interop.sql: what 360Giving import and export need (issue 5)
-- =============================================================================
--
-- Same conventions as 0002 (STRICT tables, single-quoted strings, dates as
-- 'YYYY-MM-DD' checked through date(d, '+0 days'), no BEGIN/COMMIT/PRAGMA).
--
-- A 360Giving grant becomes a project with one application in status
-- 'approved' (see 0002 and Interop/ThreeSixtyGiving in the library). Three
-- things of a grant have no home in 0002:
--
--   person.identifier     the identifier of a person who received a grant to
--                         an individual ('360G-DevonCF-ACC859797'), by which
--                         the next import finds the person again, as
--                         organisation.identifier does for organisations;
--   grant_record          the grant's identifier ('360G-ptc-gr-01653'), by
--                         which a later import of an updated file finds the
--                         application again, and the person who received a
--                         grant to an individual;
--   beneficiary_location  where the grant benefits: names and country codes,
--                         queryable (the rest of each 360Giving Location object
--                         stays verbatim in application.extra_json).
--
-- Nothing records when an import ran: re-importing the same file must leave
-- the database exactly as it was.
-- =============================================================================


-- -----------------------------------------------------------------------------
-- person.identifier: like organisation.identifier, unique when present.
-- (ADD COLUMN cannot carry UNIQUE; the unique index does the same.)
-- -----------------------------------------------------------------------------
ALTER TABLE person ADD COLUMN identifier TEXT
  CHECK (identifier IS NULL OR length(identifier) BETWEEN 1 AND 500);

CREATE UNIQUE INDEX person_identifier ON person (identifier);


-- -----------------------------------------------------------------------------
-- grant_record: the 360Giving identity of an application (at most one each).
--   grant_identifier     the grant's `id`, unique across all grants (the
--                        standard makes it globally unique with its 360G-
--                        prefix); an export gives it back unchanged.
--   recipient_person_id  the person of `recipientIndividual`, for a grant to
--                        an individual (no address is kept for people).
-- Deleting the application (or its project) deletes its grant record.
-- -----------------------------------------------------------------------------
CREATE TABLE grant_record (
  application_id      INTEGER PRIMARY KEY REFERENCES application (id) ON DELETE CASCADE,
  grant_identifier    TEXT NOT NULL UNIQUE CHECK (length(grant_identifier) BETWEEN 1 AND 500),
  recipient_person_id INTEGER REFERENCES person (id)
) STRICT;

CREATE INDEX grant_record_recipient_person ON grant_record (recipient_person_id);


-- -----------------------------------------------------------------------------
-- beneficiary_location: the places a grant benefits, in the file's order.
--   name           a place name ('Sub-Sahara Africa', 'United Kingdom').
--   country_code   ISO 3166-1 alpha-2 ('GB').
--   geo_code, geo_code_type   a statistical area code and its type
--                  ('E01011681', 'LSOA').
-- At least one of the four is present.
-- -----------------------------------------------------------------------------
CREATE TABLE beneficiary_location (
  application_id INTEGER NOT NULL REFERENCES application (id) ON DELETE CASCADE,
  position       INTEGER NOT NULL CHECK (position >= 0),
  name           TEXT CHECK (name IS NULL OR length(name) > 0),
  country_code   TEXT CHECK (country_code IS NULL OR country_code GLOB '[A-Z][A-Z]'),
  geo_code       TEXT CHECK (geo_code IS NULL OR length(geo_code) > 0),
  geo_code_type  TEXT CHECK (geo_code_type IS NULL OR length(geo_code_type) > 0),
  PRIMARY KEY (application_id, position),
  CHECK (name IS NOT NULL OR country_code IS NOT NULL OR geo_code IS NOT NULL OR geo_code_type IS NOT NULL)
) STRICT;

-- "Grants benefiting GB": by country.
CREATE INDEX beneficiary_location_country ON beneficiary_location (country_code, application_id);
