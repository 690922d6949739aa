/// How a transaction takes its locks.
///
/// See <https://www.sqlite.org/lang_transaction.html>.
public enum TransactionKind: String, Sendable {
    /// Takes locks when first needed. Right for reads: a deferred transaction
    /// that reads and then writes fails at once with ``ResultCode/busy`` when
    /// another connection wrote in between, whatever the busy timeout.
    case deferred = "DEFERRED"
    /// Takes the write lock at `BEGIN`, waiting up to the busy timeout for it.
    /// Right for every write.
    case immediate = "IMMEDIATE"
    /// Like immediate; in WAL mode the same.
    case exclusive = "EXCLUSIVE"
}

extension Connection {
    /// Runs `body` in a transaction: commits when it returns, rolls back when
    /// it throws, and rethrows the first error.
    ///
    /// ```swift
    /// try db.transaction { db in
    ///     try db.execute(sql: "INSERT INTO project (reference, title) VALUES (?, ?)", arguments: [ref, title])
    ///     try db.execute(sql: "INSERT INTO application (project_id) VALUES (?)", arguments: [db.lastInsertedRowID])
    /// }
    /// ```
    ///
    /// Before committing a transaction that changed rows, it runs
    /// ``Connection/willCommit``, inside the transaction.
    ///
    /// Called inside another transaction, the block becomes a savepoint: if it
    /// throws, its own work is rolled back (`ROLLBACK TO` then `RELEASE`) and the
    /// outer transaction goes on with what it did before.
    ///
    /// - Parameters:
    ///   - kind: How the outermost transaction takes its locks;
    ///     ``TransactionKind/immediate`` by default, as every write should.
    ///   - body: The work to do; it gets this connection.
    ///
    /// - Throws: What `body` throws, after rolling back; ``SQLiteError`` when `BEGIN` or `COMMIT` fails (`busy`),
    ///   or with code `abort` when SQLite already rolled the transaction back after an error inside it that `body`
    ///   caught (a full disk).
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: (Connection) throws -> T) throws -> T {
        if isInTransaction { return try savepoint(body) }
        try execute(sql: "BEGIN \(kind.rawValue) TRANSACTION")
        let changesBefore = totalChanges
        let result: T
        do {
            result = try body(self)
            if let willCommit, isInTransaction, totalChanges != changesBefore {
                try willCommit(self)
            }
        } catch {
            rollbackIgnoringErrors("ROLLBACK TRANSACTION")
            throw error
        }
        guard isInTransaction else {
            // SQLite rolls a whole transaction back on its own after some errors
            // (SQLITE_FULL, SQLITE_NOMEM, SQLITE_IOERR…). If the body caught such
            // an error and returned, there is nothing left to commit.
            throw SQLiteError(
                code: .abort,
                message: "the transaction was rolled back by SQLite after an error inside it (such as a full disk), so it cannot commit")
        }
        do {
            try execute(sql: "COMMIT TRANSACTION")
        } catch {
            rollbackIgnoringErrors("ROLLBACK TRANSACTION")
            throw error
        }
        return result
    }

    /// Runs `body` in a deferred transaction, for consistent reads.
    ///
    /// - Throws: What `body` throws, after rolling back; ``SQLiteError`` when the transaction cannot begin or end,
    ///   or a statement in `body` tries to write (`readOnly`).
    public func read<T>(_ body: (Connection) throws -> T) throws -> T {
        try transaction(.deferred, body)
    }

    /// Runs `body` in an immediate transaction, for writes.
    ///
    /// - Throws: What `body` throws, after rolling back; ``SQLiteError`` when the immediate transaction cannot
    ///   begin (`busy`) or commit.
    public func write<T>(_ body: (Connection) throws -> T) throws -> T {
        try transaction(.immediate, body)
    }

    /// Runs `body` inside a savepoint of the current transaction (or as its
    /// own transaction, when none is open).
    ///
    /// - Throws: What `body` throws, after rolling back to the savepoint; ``SQLiteError`` when the savepoint cannot
    ///   be set or released.
    public func savepoint<T>(_ body: (Connection) throws -> T) throws -> T {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "sqlitecore_\(savepointDepth)"
        try execute(sql: "SAVEPOINT \(name)")
        let result: T
        do {
            result = try body(self)
        } catch {
            // Some errors (SQLITE_FULL, SQLITE_NOMEM, ...) roll the whole
            // transaction back on their own; only unwind what is still there.
            if isInTransaction {
                rollbackIgnoringErrors("ROLLBACK TRANSACTION TO SAVEPOINT \(name)")
                rollbackIgnoringErrors("RELEASE SAVEPOINT \(name)")
            }
            throw error
        }
        do {
            try execute(sql: "RELEASE SAVEPOINT \(name)")
        } catch {
            if isInTransaction {
                rollbackIgnoringErrors("ROLLBACK TRANSACTION TO SAVEPOINT \(name)")
                rollbackIgnoringErrors("RELEASE SAVEPOINT \(name)")
            }
            throw error
        }
        return result
    }

    /// Runs a rollback statement when a transaction is still open. Its own error is
    /// dropped so that the error that caused it is the one reported.
    private func rollbackIgnoringErrors(_ sql: String) {
        guard isInTransaction else { return }
        try? execute(sql: sql)
    }
}
