import CSQLite

extension Connection {
    /// Copies the whole database, page by page, to a file at `path` with
    /// SQLite's online backup API, while this connection stays usable.
    ///
    /// An existing file at `path` is replaced by the copy.
    ///
    /// ```swift
    /// try db.backup(to: "portfolio-2026-11-29.sqlite")
    /// ```
    ///
    /// See <https://www.sqlite.org/backup.html>.
    ///
    /// - Throws: ``SQLiteError`` when SQLite cannot create or write the file at `path` (`cantOpen`, `readOnly`,
    ///   `full`), or the copy fails.
    public func backup(to path: String) throws {
        var configuration = Connection.Configuration()
        configuration.journalMode = .delete
        let destination = try Connection(path: path, configuration: configuration)
        try backup(to: destination)
    }

    /// Copies the whole database into `destination`'s main database.
    ///
    /// - Throws: ``SQLiteError`` when the copy fails: the destination is busy or read-only (`busy`, `readOnly`), or
    ///   the disk is full (`full`).
    public func backup(to destination: Connection) throws {
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw SQLiteError.last(on: destination.handle, code: sqlite3_errcode(destination.handle), sql: nil)
        }
        let stepCode = sqlite3_backup_step(backup, -1)
        let finishCode = sqlite3_backup_finish(backup)
        guard stepCode == SQLITE_DONE else {
            throw SQLiteError.last(on: destination.handle, code: stepCode, sql: nil)
        }
        guard finishCode == SQLITE_OK else {
            throw SQLiteError.last(on: destination.handle, code: finishCode, sql: nil)
        }
    }
}
