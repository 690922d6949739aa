import SQLiteCore

/// The central database's schema: `Migrations/postgres/NNNN_name.sql`,
/// embedded at build time, applied in order under the SQLite migrator's rules.
///
/// - Each migration runs in one transaction with its row in
///   `schema_migrations (version, name, sha256, applied_at)`.
/// - A database with a version this tool does not know is refused
///   (``CentralError/schemaIsNewer(databaseVersion:toolVersion:)``), and so is
///   one where an applied migration's checksum differs from this tool's
///   (``CentralError/schemaChecksumMismatch(version:name:)``).
/// - Two tools migrating at once apply each migration once: they take a
///   transaction-level advisory lock first.
public enum CentralSchema {
    /// The migrations, by version.
    public static let migrations: [Migration] = EmbeddedResources.files
        .compactMap { try? Migration(fileName: $0.path, sql: $0.text) }
        .sorted { $0.version < $1.version }

    /// The version the last migration brings a database to.
    public static var latestVersion: Int { migrations.last?.version ?? 0 }

    /// The advisory lock key the migrator holds (`pg_advisory_xact_lock(key)`).
    static let lockKey: Int64 = 0x4752_414E_5453  // "GRANTS"

    static let createTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version    integer PRIMARY KEY CHECK (version > 0),
          name       text NOT NULL,
          sha256     text NOT NULL CHECK (length(sha256) = 64),
          applied_at timestamptz NOT NULL DEFAULT now()
        )
        """
}

extension CentralDatabase {
    /// The applied migrations' versions and checksums; nil when the database
    /// has no `schema_migrations` table.
    private func appliedMigrations() async throws -> [(version: Int, name: String, checksum: String)]? {
        let exists = try await rows("SELECT to_regclass('schema_migrations') IS NOT NULL")
        guard try exists.first?[0].decode(Bool.self) == true else { return nil }
        return try await rows("SELECT version, name, sha256 FROM schema_migrations ORDER BY version").map {
            (Int(try $0.integer(0) ?? 0), try $0.text(1) ?? "", try $0.text(2) ?? "")
        }
    }

    /// Refuses a newer or tampered schema; returns the current version.
    private func validatedVersion() async throws -> Int? {
        guard let applied = try await appliedMigrations() else { return nil }
        let version = applied.map(\.version).max() ?? 0
        if version > CentralSchema.latestVersion {
            throw CentralError.schemaIsNewer(databaseVersion: version, toolVersion: CentralSchema.latestVersion)
        }
        for record in applied {
            let migration = CentralSchema.migrations[record.version - 1]
            if migration.checksum != record.checksum {
                throw CentralError.schemaChecksumMismatch(version: record.version, name: record.name)
            }
        }
        return version
    }

    /// Creates or upgrades the central schema; returns the versions before and after.
    ///
    /// - Throws: ``CentralError/schemaIsNewer(databaseVersion:toolVersion:)``,
    ///   ``CentralError/schemaChecksumMismatch(version:name:)``, or
    ///   ``CentralError/server(message:sqlState:)`` when a migration fails (it
    ///   is rolled back).
    @discardableResult
    public func migrate() async throws -> (from: Int, to: Int) {
        let from = try await validatedVersion() ?? 0
        for migration in CentralSchema.migrations where migration.version > from {
            try await transaction {
                try await execute("SELECT pg_advisory_xact_lock($1)", [.integer(CentralSchema.lockKey)])
                try await executeScript(CentralSchema.createTable)
                _ = try await validatedVersion()
                let done = try await rows("SELECT 1 FROM schema_migrations WHERE version = $1", [.integer(Int64(migration.version))])
                guard done.isEmpty else { return }
                try await executeScript(migration.sql)
                try await execute(
                    "INSERT INTO schema_migrations (version, name, sha256) VALUES ($1, $2, $3)",
                    [.integer(Int64(migration.version)), .text(migration.name), .text(migration.checksum)])
            }
        }
        return (from, CentralSchema.latestVersion)
    }

    /// Checks, without changing anything, that the schema is this tool's.
    ///
    /// - Throws: ``CentralError/notMigrated`` when the database has no schema
    ///   or an older one; as ``migrate()`` when it is newer or tampered.
    /// The check runs once per connection: a reader that found the schema
    /// right does not ask again.
    public func checkSchema() async throws {
        if schemaChecked.withLock({ $0 }) { return }
        guard let version = try await validatedVersion(), version == CentralSchema.latestVersion else {
            throw CentralError.notMigrated
        }
        schemaChecked.withLock { $0 = true }
    }
}
