#include <sqlite3.h>

// Swift cannot call C variadic functions, so the few sqlite3_db_config()
// calls the connection makes are wrapped here. Each returns SQLite's result
// code. See https://www.sqlite.org/c3ref/db_config.html

/// SQLITE_DBCONFIG_DQS_DML / _DDL: whether "double-quoted" strings are
/// accepted as string literals (https://www.sqlite.org/quirks.html#dblquote).
static inline int csqlite_db_config_dqs(sqlite3 *db, int enabled) {
    int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, enabled, (int *)0);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, enabled, (int *)0);
}

/// SQLITE_DBCONFIG_DEFENSIVE: forbids SQL that can corrupt the file, such as
/// writes to sqlite_schema via PRAGMA writable_schema.
static inline int csqlite_db_config_defensive(sqlite3 *db, int enabled) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, enabled, (int *)0);
}

/// SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION: the C API half of extension loading.
static inline int csqlite_db_config_load_extension(sqlite3 *db, int enabled) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, enabled, (int *)0);
}

/// SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER: the two-argument form of the SQL
/// function fts3_tokenizer(), which replaces a tokenizer's C function pointer
/// with any value given in SQL. Debian's SQLite turns it on by default.
static inline int csqlite_db_config_fts3_tokenizer(sqlite3 *db, int enabled) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, enabled, (int *)0);
}
