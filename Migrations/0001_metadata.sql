-- 0001: the portfolio file's own metadata.
--
-- The migrator keeps its bookkeeping in schema_migrations (created by the
-- migrator itself, see SQLiteCore's Migrator) and mirrors the latest version in
-- PRAGMA user_version. This first migration only adds a key/value table the
-- library uses to mark the file as a GrantPortfolio database.

CREATE TABLE metadata (
    key   TEXT NOT NULL PRIMARY KEY CHECK (length(key) > 0),
    value TEXT NOT NULL
) STRICT;

INSERT INTO metadata (key, value) VALUES ('application', 'GrantPortfolio');
