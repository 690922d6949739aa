extension Connection {
    /// Runs `body` in a read-only transaction on the latest committed snapshot
    /// of the database.
    ///
    /// The transaction is `BEGIN DEFERRED` followed at once by a read of
    /// `sqlite_schema`: a deferred transaction takes its snapshot at its first
    /// read, and this read pins it at the start, so everything `body` reads
    /// comes from one committed state, whatever other connections commit
    /// meanwhile (as GRDB's `DatabasePool` does).
    ///
    /// A statement in `body` that would change the database fails: the
    /// connection is `PRAGMA query_only` while `body` runs (it is switched on
    /// for the read and off afterwards, unless the connection was opened
    /// query-only). `query_only` is SQLite's own mechanism for this: SQLite
    /// refuses every statement that would start a write transaction on any
    /// attached database, `TEMP` included, with `SQLITE_READONLY`, before it
    /// touches a page. It needs no authorizer and no check of our own in each
    /// statement, and it also covers `executeScript`. A `SQLITE_READONLY`
    /// error that leaves `body` is reported as
    /// ``DatabaseAccessError/writeInsideRead(_:)``.
    ///
    /// - Parameter body: The reads to do; it gets this connection.
    /// - Returns: What `body` returns.
    /// - Throws: ``DatabaseAccessError/writeInsideRead(_:)`` when `body` tried
    ///   to write; a ``SQLiteError`` when the transaction cannot begin; and
    ///   whatever `body` throws.
    func readOnlyTransaction<T>(_ body: (Connection) throws -> T) throws -> T {
        let switchesQueryOnly = !configuration.isQueryOnly
        if switchesQueryOnly { try execute(sql: "PRAGMA query_only = ON") }
        isInReadOnlyTransaction = true
        defer {
            isInReadOnlyTransaction = false
            if switchesQueryOnly { try? execute(sql: "PRAGMA query_only = OFF") }
        }
        do {
            return try transaction(.deferred) { db in
                _ = try db.fetchOne(sql: "SELECT rootpage FROM sqlite_schema LIMIT 1") { _ in () }
                return try body(db)
            }
        } catch let error as SQLiteError where error.primaryCode == .readOnly {
            throw DatabaseAccessError.writeInsideRead(error)
        }
    }
}
