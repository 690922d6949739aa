extension Connection {
    /// Runs `body` with foreign keys off (`PRAGMA foreign_keys = OFF`), then
    /// sets them back as they were, whether `body` returns or throws.
    ///
    /// The pragma is a no-op inside a transaction, so this must be called
    /// outside one, around the transaction. With foreign keys off, a
    /// migration can rebuild a parent table the way SQLite documents
    /// (create the new table, copy, drop the old, rename): dropping the old
    /// table does not delete the children of its rows through
    /// `ON DELETE CASCADE`, nor fail on their references. The caller checks
    /// the result with `PRAGMA foreign_key_check` before committing.
    ///
    /// See <https://www.sqlite.org/lang_altertable.html#otheralter>.
    ///
    /// - Parameter body: The work to do with foreign keys off.
    /// - Returns: What `body` returns.
    /// - Throws: A ``SQLiteError`` when the pragma fails, or whatever `body`
    ///   throws (which wins over an error restoring the pragma).
    func withForeignKeysOff<T>(_ body: () throws -> T) throws -> T {
        precondition(!isInTransaction, "PRAGMA foreign_keys does nothing inside a transaction")
        let wasOn = try Int.fetchOne(self, sql: "PRAGMA foreign_keys") == 1
        guard wasOn else { return try body() }
        try execute(sql: "PRAGMA foreign_keys = OFF")
        let result: T
        do {
            result = try body()
        } catch {
            try? execute(sql: "PRAGMA foreign_keys = ON")
            throw error
        }
        try execute(sql: "PRAGMA foreign_keys = ON")
        return result
    }
}
