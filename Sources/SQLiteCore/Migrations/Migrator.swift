/// Applies ``Migration``s to a database, in order, each once.
///
/// ```swift
/// let migrator = try Migrator(migrations: [
///     Migration(version: 1, name: "metadata", sql: "CREATE TABLE metadata (...) STRICT;"),
/// ])
/// let report = try migrator.migrate(db)
/// print("schema version \(report.fromVersion) → \(report.toVersion)")
/// ```
///
/// Guarantees:
/// - Each migration runs in its own `BEGIN IMMEDIATE` transaction together with
///   its row in `schema_migrations(version, name, sha256, applied_at)`, and sets
///   `PRAGMA user_version` to its version. A failed migration leaves the
///   database exactly at the previous version.
/// - Each migration runs with foreign keys off (`PRAGMA foreign_keys = OFF`,
///   set outside its transaction and set back after it), so it can rebuild a
///   table the standard way (create new, copy, drop old, rename) without
///   `DROP TABLE` cascading into, or failing on, the rows that reference it.
///   `PRAGMA foreign_key_check` runs before the commit; any violation rolls the
///   migration back with ``MigrationError/foreignKeyViolations(version:name:violations:)``
///   naming each one.
/// - A database with versions this migrator does not know is refused
///   (``MigrationError/databaseIsNewer(databaseVersion:libraryVersion:)``), and so is one
///   where an applied migration's checksum differs from this migrator's
///   (``MigrationError/checksumMismatch(version:name:applied:embedded:)``).
/// - Two processes migrating one file at once apply each migration once: the
///   second waits for the first's lock, then sees the version applied.
public struct Migrator: Sendable {
    /// The migrations, by increasing version.
    public let migrations: [Migration]

    /// The version the last migration brings a database to.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Creates a migrator. Versions must run 1, 2, 3, … without gaps or duplicates.
    ///
    /// - Throws: ``MigrationError/duplicateVersion(_:)`` or ``MigrationError/missingVersion(expected:found:)`` when
    ///   the versions are not 1, 2, 3, … without a gap.
    public init(migrations: [Migration]) throws {
        let sorted = migrations.sorted { $0.version < $1.version }
        for (offset, migration) in sorted.enumerated() {
            if offset > 0 && sorted[offset - 1].version == migration.version {
                throw MigrationError.duplicateVersion(migration.version)
            }
            if migration.version != offset + 1 {
                throw MigrationError.missingVersion(expected: offset + 1, found: migration.version)
            }
        }
        self.migrations = sorted
    }

    /// What ``migrate(_:)`` did.
    public struct Report: Sendable, Equatable {
        /// The schema version before.
        public var fromVersion: Int
        /// The schema version after.
        public var toVersion: Int
        /// The migrations applied, in order.
        public var applied: [Migration]

        /// Creates a report.
        public init(fromVersion: Int, toVersion: Int, applied: [Migration]) {
            self.fromVersion = fromVersion
            self.toVersion = toVersion
            self.applied = applied
        }
    }

    /// One migration and whether the database has it.
    public struct Status: Sendable, Equatable {
        /// The migration.
        public var migration: Migration
        /// When it was applied (UTC, `YYYY-MM-DD HH:MM:SS.SSS`), or nil when pending.
        public var appliedAt: String?
    }

    /// Brings the database to ``latestVersion``, applying each pending migration
    /// in its own transaction, with foreign keys off.
    ///
    /// - Parameter db: A connection outside any transaction.
    /// - Returns: The versions before and after, and the migrations applied.
    /// - Throws: A ``MigrationError`` when the database is newer or altered, or a migration fails or breaks a
    ///   foreign key (it is rolled back); a ``SQLiteError`` when the database cannot be read or locked.
    @discardableResult
    public func migrate(_ db: Connection) throws -> Report {
        precondition(!db.isInTransaction, "migrate runs its own transactions; call it outside one")
        let fromVersion = try validate(db)
        var applied: [Migration] = []
        for migration in migrations where migration.version > fromVersion {
            if try db.withForeignKeysOff({ try apply(migration, to: db) }) { applied.append(migration) }
        }
        return Report(fromVersion: fromVersion, toVersion: try currentVersion(db), applied: applied)
    }

    /// Each migration, with when it was applied. Validates the database first.
    ///
    /// - Throws: ``MigrationError`` when the database is newer than the migrations
    ///   (``MigrationError/databaseIsNewer(databaseVersion:libraryVersion:)``) or an applied migration's checksum
    ///   differs (``MigrationError/checksumMismatch(version:name:applied:embedded:)``); ``SQLiteError`` when SQLite
    ///   cannot read the migrations table.
    public func status(_ db: Connection) throws -> [Status] {
        _ = try validate(db)
        let appliedAt = try appliedRecords(db).reduce(into: [Int: String]()) { $0[$1.version] = $1.appliedAt }
        return migrations.map { Status(migration: $0, appliedAt: appliedAt[$0.version]) }
    }

    /// The database's schema version: the highest applied migration, or 0.
    ///
    /// - Throws: ``SQLiteError`` when SQLite cannot read the migrations table; ``RowDecodingError`` when it holds
    ///   an unexpected value.
    public func currentVersion(_ db: Connection) throws -> Int {
        try appliedRecords(db).map(\.version).max() ?? 0
    }

    // MARK: - Private

    private struct AppliedRecord {
        var version: Int, name: String, checksum: String, appliedAt: String
    }

    private static let createTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER NOT NULL PRIMARY KEY CHECK (version > 0),
            name       TEXT    NOT NULL,
            sha256     TEXT    NOT NULL CHECK (length(sha256) = 64),
            applied_at TEXT    NOT NULL
        ) STRICT
        """

    private func appliedRecords(_ db: Connection) throws -> [AppliedRecord] {
        let exists = try Int64.fetchOne(
            db, sql: "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'") ?? 0
        guard exists > 0 else { return [] }
        return try db.fetchAll(sql: "SELECT version, name, sha256, applied_at FROM schema_migrations ORDER BY version") {
            AppliedRecord(version: try $0[0], name: try $0[1], checksum: try $0[2], appliedAt: try $0[3])
        }
    }

    /// Refuses a database that is newer or was migrated with other SQL, and
    /// returns its current version.
    private func validate(_ db: Connection) throws -> Int {
        let records = try appliedRecords(db)
        let userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        let databaseVersion = max(records.map(\.version).max() ?? 0, userVersion)
        if databaseVersion > latestVersion {
            throw MigrationError.databaseIsNewer(databaseVersion: databaseVersion, libraryVersion: latestVersion)
        }
        for record in records {
            let migration = migrations[record.version - 1]
            if migration.checksum != record.checksum {
                throw MigrationError.checksumMismatch(
                    version: record.version, name: record.name, applied: record.checksum, embedded: migration.checksum)
            }
        }
        return records.map(\.version).max() ?? 0
    }

    /// Applies one migration unless another connection already did. Returns
    /// whether it was applied here.
    private func apply(_ migration: Migration, to db: Connection) throws -> Bool {
        try db.transaction(.immediate) { db in
            try db.execute(sql: Self.createTable)
            let done = try Int64.fetchOne(
                db, sql: "SELECT count(*) FROM schema_migrations WHERE version = ?", arguments: [migration.version]) ?? 0
            if done > 0 { return false }
            do {
                try db.executeScript(migration.sql)
            } catch let error as SQLiteError {
                throw MigrationError.failed(version: migration.version, name: migration.name, error: error)
            }
            let violations = try db.fetchAll(sql: "PRAGMA foreign_key_check") { row in
                let table: String = try row[0]
                let rowid: Int64? = try row[1]
                let parent: String = try row[2]
                return "\(table) row \(rowid.map(String.init) ?? "?") references a missing \(parent) row"
            }
            if !violations.isEmpty {
                throw MigrationError.foreignKeyViolations(
                    version: migration.version, name: migration.name, violations: violations)
            }
            try db.execute(
                sql: """
                    INSERT INTO schema_migrations (version, name, sha256, applied_at)
                    VALUES (?, ?, ?, strftime('%Y-%m-%d %H:%M:%f', 'now'))
                    """,
                arguments: [migration.version, migration.name, migration.checksum])
            // PRAGMA takes no bound parameters; the version is an Int, not user text.
            try db.executeScript("PRAGMA user_version = \(migration.version)")
            return true
        }
    }
}
