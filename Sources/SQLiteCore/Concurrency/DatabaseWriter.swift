/// Something that runs reads and writes on a database: a ``DatabaseQueue``
/// (for `:memory:`, or a file used by one connection) or a ``DatabasePool``
/// (a file, with concurrent readers).
///
/// ```swift
/// func rename(_ id: Int64, to title: String, in database: any DatabaseWriter) throws {
///     try database.write { db in
///         try db.execute(sql: "UPDATE project SET title = ? WHERE id = ?", arguments: [title, id])
///     }
/// }
/// ```
///
/// Writes run one at a time, each in an immediate transaction that commits
/// when the block returns and rolls back when it throws. Like reads, they are
/// not re-entrant (see ``DatabaseReader``); a nested transaction inside a
/// block is an explicit ``Connection/savepoint(_:)``.
public protocol DatabaseWriter: DatabaseReader {
    /// Runs `body` in an immediate transaction and returns its result,
    /// blocking the calling thread until it is done.
    ///
    /// - Parameter body: The work; it gets the writer connection in its
    ///   transaction.
    /// - Returns: What `body` returns, once the transaction committed.
    /// - Throws: ``DatabaseAccessError/reentrantAccess(_:path:)`` when called
    ///   from inside another access to the same database; a ``SQLiteError``
    ///   (such as ``ResultCode/busy``); or whatever `body` throws. The
    ///   transaction is rolled back.
    func write<T>(_ body: (Connection) throws -> T) throws -> T

    /// Runs `body` in an immediate transaction on the writer's own thread,
    /// without blocking a thread of Swift's cooperative pool.
    ///
    /// Cancelling the task interrupts the running statement; the transaction
    /// rolls back and the writer stays usable.
    ///
    /// - Parameter body: The work; it gets the writer connection in its
    ///   transaction.
    /// - Returns: What `body` returns, once the transaction committed.
    /// - Throws: `CancellationError` when the task was cancelled before the
    ///   transaction could commit; a ``SQLiteError``; or whatever `body`
    ///   throws. The transaction is rolled back.
    func write<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T

    /// Runs `body` with the writer connection and no transaction around it,
    /// for statements that cannot run in one (such as `VACUUM`), that manage
    /// their own (such as a ``Migrator``), or that set the connection up
    /// (such as ``Connection/willCommit``).
    ///
    /// - Parameter body: The work; it gets the writer connection.
    /// - Returns: What `body` returns.
    /// - Throws: ``DatabaseAccessError/reentrantAccess(_:path:)`` when called
    ///   from inside another access to the same database, or whatever `body`
    ///   throws.
    func withConnection<T>(_ body: (Connection) throws -> T) throws -> T
}
