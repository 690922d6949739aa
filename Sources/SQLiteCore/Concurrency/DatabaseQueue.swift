import Dispatch

/// A `Sendable` handle on one database connection that serialises access to it.
///
/// Every `read` and `write` block runs on the queue's private serial
/// dispatch queue, one at a time, inside a transaction (deferred for reads,
/// immediate for writes). Both have `async` forms for Swift concurrency:
///
/// ```swift
/// let queue = try DatabaseQueue(path: "portfolio.sqlite")
/// let count = try await queue.read { db in
///     try Int64.fetchOne(db, sql: "SELECT count(*) FROM project") ?? 0
/// }
/// ```
///
/// Calling the queue again from inside one of its own blocks (for example from
/// a callback that streams rows) runs the inner block at once on the same
/// connection, inside the open transaction, as a savepoint; it never deadlocks.
public final class DatabaseQueue: @unchecked Sendable {
    // @unchecked Sendable: `connection` is the only mutable state, and it is
    // touched only by blocks running on `dispatchQueue`, a serial queue, so no
    // two threads ever use it at once. Everything else is immutable.
    private let connection: Connection
    private let dispatchQueue: DispatchQueue
    private let queueKey = DispatchSpecificKey<Bool>()

    /// Opens the database at `path` with `configuration`.
    public init(path: String, configuration: Connection.Configuration = Connection.Configuration()) throws {
        self.connection = try Connection(path: path, configuration: configuration)
        self.dispatchQueue = DispatchQueue(label: "SQLiteCore.DatabaseQueue(\(path))")
        dispatchQueue.setSpecific(key: queueKey, value: true)
    }

    /// The path of the database.
    public var path: String { connection.path }

    /// Runs `body` in a deferred transaction and returns its result.
    public func read<T>(_ body: (Connection) throws -> T) throws -> T {
        try sync { try $0.read(body) }
    }

    /// Runs `body` in an immediate transaction and returns its result.
    public func write<T>(_ body: (Connection) throws -> T) throws -> T {
        try sync { try $0.write(body) }
    }

    /// Runs `body` with the connection and no transaction around it, for
    /// statements that cannot run in one (such as `VACUUM`) or that manage
    /// their own (such as a ``Migrator``).
    public func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        try sync(body)
    }

    /// Runs `body` in a deferred transaction, without blocking a thread of the
    /// caller's executor.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await async { try $0.read(body) }
    }

    /// Runs `body` in an immediate transaction, without blocking a thread of the
    /// caller's executor.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await async { try $0.write(body) }
    }

    private func sync<T>(_ body: (Connection) throws -> T) throws -> T {
        if DispatchQueue.getSpecific(key: queueKey) == true {
            // Already on this queue, inside one of its blocks: run inline.
            return try body(connection)
        }
        return try dispatchQueue.sync { try body(connection) }
    }

    private func async<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            dispatchQueue.async {
                continuation.resume(with: Result { try body(self.connection) })
            }
        }
    }
}
