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
/// transaction. A file is opened as a `DatabasePool`: writes run
/// one at a time on its writer while reads run beside them on its readers,
/// each on the latest committed snapshot. `:memory:` is opened as a
/// `DatabaseQueue` (one connection).
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
    ///
    /// - Throws: `SQLiteError` when the file cannot be opened (`cantOpen`, `notADatabase`, or a read-only file that
    ///   does not exist); `DatabaseAccessError` when a pool cannot put the file in WAL mode; `MigrationError` when
    ///   the file's schema is newer than this library or an applied migration differs from the embedded one, or a
    ///   migration fails (the file is left as it was).
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
        if !readOnly { try keepStatisticsFacts() }
    }

    /// Keeps the statistics facts up to date from now on (before each commit
    /// of the writer), and, when a write from elsewhere or a migration left
    /// some project stale, starts bringing them up to date in the background
    /// on the writer: opening returns at once, and readers work the stale
    /// projects out in memory meanwhile (<doc:StatisticsModel>).
    private func keepStatisticsFacts() throws {
        try database.withConnection { db in
            db.willCommit = { try StatisticsRefresh.run($0) }
        }
        if try database.read({ try StatisticsRefresh.hasStaleProjects($0) }) {
            let database = self.database
            Task.detached(priority: .background) {
                // An error leaves the projects stale, as they were: the next
                // write, or refreshStatistics(), tries again and reports it.
                try? await database.write { try StatisticsRefresh.run($0) }
            }
        }
    }

    /// Brings the statistics facts of every stale project up to date now, in
    /// one transaction on the writer: those that a program other than the
    /// library changed, or that an upgrade of the schema left to work out.
    ///
    /// Opening a portfolio starts this in the background and every write of
    /// the library does it before it commits, so a caller needs it only to
    /// choose when the work happens (`grants migrate` does it with progress).
    ///
    /// ```swift
    /// try portfolio.refreshStatistics { done, total in print("\(done)/\(total)") }
    /// ```
    ///
    /// - Parameter progress: Called now and then with the projects done and their number.
    /// - Throws: ``MoneyError/overflow`` when a sum does not fit 64 bits; `SQLiteError` when the file cannot be
    ///   read or written, such as a portfolio opened read-only.
    public func refreshStatistics(progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws {
        try database.write { try StatisticsRefresh.run($0, progress: progress) }
    }
}
