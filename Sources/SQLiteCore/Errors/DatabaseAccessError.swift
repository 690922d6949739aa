/// Why a ``DatabaseQueue`` or a ``DatabasePool`` refused an access, or
/// refused to open.
///
/// ```swift
/// do {
///     try pool.read { db in try db.execute(sql: "DELETE FROM project") }
/// } catch DatabaseAccessError.writeInsideRead(let error) {
///     print("reads cannot write:", error.message)   // the file is unchanged
/// }
/// ```
public enum DatabaseAccessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of access a ``DatabaseReader`` or ``DatabaseWriter`` runs.
    public enum Access: String, Sendable {
        /// A ``DatabaseReader``'s `read`: a read-only transaction.
        case read
        /// A ``DatabaseWriter``'s `write`: an immediate transaction.
        case write
        /// ``DatabaseWriter/withConnection(_:)``: the writer's connection, no transaction.
        case connection
    }

    /// A statement inside a read tried to change the database. SQLite refused
    /// it (`SQLITE_READONLY`, carried here) before anything was written.
    case writeInsideRead(SQLiteError)

    /// A read or write was started inside another access to the same queue or
    /// pool, on the same thread. It would deadlock on a pool, and on a queue
    /// it would silently join the outer transaction; it is refused instead.
    case reentrantAccess(Access, path: String)

    /// A ``DatabasePool`` needs a database file: the connections of an
    /// in-memory database do not share it. Use a ``DatabaseQueue``.
    case poolNeedsAFile(path: String)

    /// A ``DatabasePool`` could not put its file in WAL mode (the journal
    /// mode stayed `journalMode`), and without WAL its readers and writer
    /// would block each other.
    case walUnavailable(path: String, journalMode: String)

    /// A ``DatabasePool`` was asked for fewer than one reader.
    case invalidReaderCount(Int)

    public var description: String {
        switch self {
        case .writeInsideRead(let error):
            "a read cannot change the database; nothing was written (use write for changes): \(error.message)"
                + (error.sql.map { " - while executing `\($0)`" } ?? "")
        case .reentrantAccess(let access, let path):
            "\(access.rawValue) refused: it was started inside another read or write on the same database (\(path)); "
                + "accesses are not re-entrant. Use the Connection you were given (call the `static func ...(in db: Connection)` "
                + "form of the method), or `db.savepoint { }` for a nested transaction"
        case .poolNeedsAFile(let path):
            "a DatabasePool needs a database file, not \(path.isEmpty ? "an empty path" : path): use a DatabaseQueue for an in-memory database"
        case .walUnavailable(let path, let journalMode):
            "a DatabasePool needs WAL mode, but \(path) stayed in journal mode \(journalMode)"
        case .invalidReaderCount(let count):
            "a DatabasePool needs at least one reader, not \(count)"
        }
    }
}
