/// Something that runs reads on a database: a ``DatabaseQueue`` or a
/// ``DatabasePool``.
///
/// Code written against `any DatabaseReader` runs unchanged on both:
///
/// ```swift
/// func projectCount(_ database: any DatabaseReader) throws -> Int64 {
///     try database.read { db in try Int64.fetchOne(db, sql: "SELECT count(*) FROM project") ?? 0 }
/// }
/// ```
///
/// Every read is a read-only transaction on the latest committed snapshot:
/// it sees whole transactions only, and a statement in it that would change
/// the database throws ``DatabaseAccessError/writeInsideRead(_:)``.
///
/// Accesses are not re-entrant: a read or write started from inside another
/// one on the same database, on the same thread, throws
/// ``DatabaseAccessError/reentrantAccess(_:path:)``. Inside a block, use the
/// ``Connection`` it was given.
public protocol DatabaseReader: AnyObject, Sendable {
    /// The path of the database.
    var path: String { get }

    /// Runs `body` in a read-only transaction and returns its result,
    /// blocking the calling thread until it is done.
    ///
    /// - Parameter body: The reads; it gets a connection in a read-only
    ///   transaction. Do not let the connection escape.
    /// - Returns: What `body` returns.
    /// - Throws: ``DatabaseAccessError/writeInsideRead(_:)`` when `body` tried
    ///   to write (nothing was written);
    ///   ``DatabaseAccessError/reentrantAccess(_:path:)`` when called from
    ///   inside another access to the same database; a ``SQLiteError``; or
    ///   whatever `body` throws.
    func read<T>(_ body: (Connection) throws -> T) throws -> T

    /// Runs `body` in a read-only transaction on the database's own threads,
    /// without blocking a thread of Swift's cooperative pool, and returns its
    /// result.
    ///
    /// Cancelling the task interrupts the running statement
    /// (`sqlite3_interrupt`); a task cancelled while it waits for a
    /// connection leaves without running `body`.
    ///
    /// - Parameter body: The reads; it gets a connection in a read-only
    ///   transaction.
    /// - Returns: What `body` returns.
    /// - Throws: `CancellationError` when the task was cancelled;
    ///   ``DatabaseAccessError/writeInsideRead(_:)`` when `body` tried to
    ///   write; a ``SQLiteError``; or whatever `body` throws.
    func read<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T
}
