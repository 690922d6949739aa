import SQLiteCore

/// A grant portfolio kept in one SQLite file.
///
/// Opening a portfolio migrates the file to the library's schema (creating it
/// when it does not exist, unless opened read-only):
///
/// ```swift
/// let portfolio = try Portfolio(path: "portfolio.sqlite")
/// ```
///
/// A portfolio is `Sendable`, and every operation runs in its own
/// transaction. A file is opened as a ``SQLiteCore/DatabasePool``: writes run
/// one at a time on its writer while reads run beside them on its readers,
/// each on the latest committed snapshot. `:memory:` is opened as a
/// ``SQLiteCore/DatabaseQueue`` (one connection).
public final class Portfolio: Sendable {
    /// The database: a `DatabasePool` for a file, a `DatabaseQueue` for `:memory:`.
    public let database: any DatabaseWriter
    /// What opening did to the schema.
    public let migration: Migrator.Report

    /// Opens (and unless `readOnly`, creates and migrates) the portfolio at `path`.
    ///
    /// - Parameters:
    ///   - path: A file path, or `:memory:`.
    ///   - readOnly: Open with `SQLITE_OPEN_READONLY` and `PRAGMA query_only`;
    ///     the file must exist and be at the library's schema version or older.
    public init(path: String, readOnly: Bool = false) throws {
        var configuration = Connection.Configuration()
        if readOnly {
            configuration.mode = .readOnly
            configuration.isQueryOnly = true
        }
        let database: any DatabaseWriter =
            if Connection.isInMemory(path: path) {
                try DatabaseQueue(path: path, configuration: configuration)
            } else {
                try DatabasePool(path: path, configuration: configuration)
            }
        let migrator = try PortfolioSchema.migrator
        self.migration = try database.withConnection { db in
            if readOnly {
                let version = try migrator.currentVersion(db)
                _ = try migrator.status(db)  // refuses newer or altered schemas
                return Migrator.Report(fromVersion: version, toVersion: version, applied: [])
            }
            return try migrator.migrate(db)
        }
        self.database = database
        if !readOnly { try keepStatisticsPeriods() }
    }

    /// Keeps the statistics periods up to date from now on (before each commit
    /// of this connection), and brings them up to date now if a write from
    /// elsewhere, or a migration, left some project stale.
    private func keepStatisticsPeriods() throws {
        try database.withConnection { db in
            db.willCommit = { try StatisticsRefresh.run($0) }
        }
        if try database.read(StatisticsRefresh.hasStaleProjects) {
            try database.write { try StatisticsRefresh.run($0) }
        }
    }
}
