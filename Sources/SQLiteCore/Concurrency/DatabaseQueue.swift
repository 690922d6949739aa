import Dispatch

/// A `Sendable` handle on one database connection that serialises access to it.
///
/// Every `read` and `write` block runs on the queue's private serial
/// dispatch queue, one at a time: reads in a read-only transaction
/// (``DatabaseReader``), writes in an immediate one. Both have `async` forms
/// for Swift concurrency:
///
/// ```swift
/// let queue = try DatabaseQueue(path: ":memory:")
/// let count = try await queue.read { db in
///     try Int64.fetchOne(db, sql: "SELECT count(*) FROM project") ?? 0
/// }
/// ```
///
/// A queue is the ``DatabaseWriter`` for an in-memory database; a file used
/// by many tasks at once is better served by a ``DatabasePool``, whose
/// readers run beside the writer.
///
/// Calling the queue again from inside one of its own blocks (for example
/// from a callback that streams rows) throws
/// ``DatabaseAccessError/reentrantAccess(_:path:)``: use the connection the
/// block was given, and ``Connection/savepoint(_:)`` for a nested transaction.
public final class DatabaseQueue: DatabaseWriter, @unchecked Sendable {
    // @unchecked Sendable: both properties are immutable; `serialized` is
    // Sendable, and `accessKey` is only an identity Dispatch looks up.
    private let serialized: SerializedConnection
    private let accessKey = DispatchSpecificKey<Bool>()

    /// The path of the database.
    public let path: String

    /// Opens the database at `path` with `configuration`.
    ///
    /// - Parameters:
    ///   - path: A file path, a `file:` URI, or `:memory:`.
    ///   - configuration: How to open and set up the connection.
    /// - Throws: A ``SQLiteError`` when the database cannot be opened.
    public init(path: String, configuration: Connection.Configuration = Connection.Configuration()) throws {
        self.path = path
        self.serialized = try SerializedConnection(
            path: path, configuration: configuration, label: "SQLiteCore.DatabaseQueue(\(path))", accessKey: accessKey)
    }

    /// Runs `body` in a read-only transaction and returns its result.
    ///
    /// - Parameter body: The reads; it gets the connection.
    /// - Returns: What `body` returns.
    /// - Throws: ``DatabaseAccessError/writeInsideRead(_:)`` when `body` tried
    ///   to write (nothing was written);
    ///   ``DatabaseAccessError/reentrantAccess(_:path:)`` when called from
    ///   inside another block of this queue; a ``SQLiteError``; or whatever
    ///   `body` throws.
    public func read<T>(_ body: (Connection) throws -> T) throws -> T {
        try refuseReentrance(.read)
        return try serialized.sync(.read, body)
    }

    /// Runs `body` in an immediate transaction and returns its result.
    ///
    /// - Parameter body: The work; it gets the connection in its transaction.
    /// - Returns: What `body` returns, once committed.
    /// - Throws: ``DatabaseAccessError/reentrantAccess(_:path:)`` when called
    ///   from inside another block of this queue; a ``SQLiteError``; or
    ///   whatever `body` throws. The transaction is rolled back.
    public func write<T>(_ body: (Connection) throws -> T) throws -> T {
        try refuseReentrance(.write)
        return try serialized.sync(.write, body)
    }

    /// Runs `body` with the connection and no transaction around it, for
    /// statements that cannot run in one (such as `VACUUM`) or that manage
    /// their own (such as a ``Migrator``).
    ///
    /// - Parameter body: The work; it gets the connection.
    /// - Returns: What `body` returns.
    /// - Throws: ``DatabaseAccessError/reentrantAccess(_:path:)`` when called
    ///   from inside another block of this queue, or whatever `body` throws.
    public func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        try refuseReentrance(.connection)
        return try serialized.sync(.connection, body)
    }

    /// Runs `body` in a read-only transaction on the queue's thread, without
    /// blocking a thread of the caller's executor.
    ///
    /// - Parameter body: The reads; it gets the connection.
    /// - Returns: What `body` returns.
    /// - Throws: `CancellationError` when the task was cancelled (the running
    ///   statement is interrupted); ``DatabaseAccessError/writeInsideRead(_:)``
    ///   when `body` tried to write; a ``SQLiteError``; or whatever `body` throws.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await serialized.async(.read, body)
    }

    /// Runs `body` in an immediate transaction on the queue's thread, without
    /// blocking a thread of the caller's executor.
    ///
    /// - Parameter body: The work; it gets the connection in its transaction.
    /// - Returns: What `body` returns, once committed.
    /// - Throws: `CancellationError` when the task was cancelled (the running
    ///   statement is interrupted and the transaction rolled back); a
    ///   ``SQLiteError``; or whatever `body` throws.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await serialized.async(.write, body)
    }

    private func refuseReentrance(_ access: DatabaseAccessError.Access) throws {
        if DispatchQueue.getSpecific(key: accessKey) != nil {
            throw DatabaseAccessError.reentrantAccess(access, path: path)
        }
    }
}
