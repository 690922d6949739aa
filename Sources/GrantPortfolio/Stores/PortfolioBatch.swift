import SQLiteCore

extension Portfolio {
    /// Runs `body` in one write transaction and commits everything it
    /// created together, or nothing when it throws.
    ///
    /// Each store method (``ProjectStore/create(_:)-ahth`` and the like) runs in a
    /// transaction of its own, and a commit costs far more than an insert.
    /// Loading many records is therefore done in a batch:
    ///
    /// ```swift
    /// try portfolio.batch { batch in
    ///     for project in projects { try batch.create(project) }
    ///     for application in applications { try batch.create(application) }
    /// }
    /// ```
    ///
    /// A batch checks every record exactly as the stores do and throws the
    /// same errors. A record that fails leaves the batch's earlier records
    /// in place until the batch ends, when the error rolls back them all.
    /// Use the batch only inside `body`, on the caller's thread.
    ///
    /// While the batch runs, the connection's page cache is raised to
    /// ``PortfolioBatch/pageCacheKiB`` (then set back): a large load updates
    /// a dozen indexes at random places, and with SQLite's default 2 MiB
    /// cache most of those pages are read again from the file
    /// (`BENCHMARKS.md`: 100,000 projects load about a quarter faster).
    ///
    /// - Throws: What `body` throws, and the errors of the stores' methods it calls, after rolling back every
    ///   record of the batch; `SQLiteError` when the transaction cannot begin or commit (`busy`, `full`);
    ///   `DatabaseAccessError` when called inside another access to this portfolio's database on the same thread.
    @discardableResult
    public func batch<T>(_ body: (PortfolioBatch) throws -> T) throws -> T {
        try database.write { try Self.batch(body, in: $0) }
    }

    /// The work of `batch(_:)`, on `db`: the caller's transaction.
    static func batch<T>(_ body: (PortfolioBatch) throws -> T, in db: Connection) throws -> T {
        // cache_size is in KiB when negative, in pages when positive.
        let previous = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
        let previousKiB = previous < 0 ? -previous : previous * pageSize / 1024
        // The statistics periods of what the batch wrote are worked out
        // here, with the larger cache, rather than by the commit hook
        // after it is restored (their indexes take random inserts too).
        func run() throws -> T {
            let result = try body(PortfolioBatch(db: db))
            try StatisticsRefresh.run(db)
            return result
        }
        guard previousKiB < PortfolioBatch.pageCacheKiB else { return try run() }
        try db.execute(sql: "PRAGMA cache_size = -\(PortfolioBatch.pageCacheKiB)")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(previous)") }
        return try run()
    }
}

/// The writes of one ``Portfolio/batch(_:)-759hk`` transaction. Each method does
/// what the store method of the same name does, without a transaction of
/// its own.
public struct PortfolioBatch {
    let db: Connection

    /// The page cache of a batch, in KiB: 64 MiB.
    public static let pageCacheKiB = 65_536

    /// Stores a new organisation; see ``OrganisationStore/create(_:)-5n6er``.
    ///
    /// - Throws: The errors of the store's `create`: ``PortfolioError`` for a refused record, `SQLiteError` when
    ///   SQLite fails. The batch's earlier records stay until the error leaves `batch(_:)`, which rolls
    ///   them all back.
    @discardableResult
    public func create(_ organisation: Organisation) throws -> Organisation.ID {
        try OrganisationStore.create(organisation, in: db)
    }

    /// Stores a new person; see ``PersonStore/create(_:)-4eeer``.
    ///
    /// - Throws: The errors of the store's `create`: ``PortfolioError`` for a refused record, `SQLiteError` when
    ///   SQLite fails. The batch's earlier records stay until the error leaves `batch(_:)`, which rolls
    ///   them all back.
    @discardableResult
    public func create(_ person: Person) throws -> Person.ID {
        try PersonStore.create(person, in: db)
    }

    /// Stores a new theme; see ``ThemeStore/create(_:)-7lin1``.
    ///
    /// - Throws: The errors of the store's `create`: ``PortfolioError`` for a refused record, `SQLiteError` when
    ///   SQLite fails. The batch's earlier records stay until the error leaves `batch(_:)`, which rolls
    ///   them all back.
    @discardableResult
    public func create(_ theme: Theme) throws -> Theme.ID {
        try ThemeStore.create(theme, in: db)
    }

    /// Stores a new funding source; see ``FundingSourceStore/create(_:)-217f6``.
    ///
    /// - Throws: The errors of the store's `create`: ``PortfolioError`` for a refused record, `SQLiteError` when
    ///   SQLite fails. The batch's earlier records stay until the error leaves `batch(_:)`, which rolls
    ///   them all back.
    @discardableResult
    public func create(_ source: FundingSource) throws -> FundingSource.ID {
        try FundingSourceStore.create(source, in: db)
    }

    /// Stores a new project with its themes and contacts; see ``ProjectStore/create(_:)-ahth``.
    ///
    /// - Throws: The errors of the store's `create`: ``PortfolioError`` for a refused record, `SQLiteError` when
    ///   SQLite fails. The batch's earlier records stay until the error leaves `batch(_:)`, which rolls
    ///   them all back.
    @discardableResult
    public func create(_ project: Project) throws -> Project.ID {
        try ProjectStore.create(project, in: db)
    }

    /// Stores a new application with its participants, status history and
    /// money figures; see ``ApplicationStore/create(_:)-8ugvv``.
    ///
    /// - Throws: The errors of the store's `create`: ``PortfolioError`` for a refused record, `SQLiteError` when
    ///   SQLite fails. The batch's earlier records stay until the error leaves `batch(_:)`, which rolls
    ///   them all back.
    @discardableResult
    public func create(_ application: Application) throws -> Application.ID {
        try ApplicationStore.create(application, in: db)
    }
}

@available(*, unavailable, message: "a batch belongs to the transaction of Portfolio.batch")
extension PortfolioBatch: Sendable {}
