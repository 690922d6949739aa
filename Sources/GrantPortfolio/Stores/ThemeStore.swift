import SQLiteCore

/// Creates, deletes and finds themes.
public struct ThemeStore: Sendable {
    let database: any DatabaseWriter

    /// Stores a new theme and returns its id.
    ///
    /// - Throws: ``PortfolioError``: `invalidValue` for an empty vocabulary, code or title, `duplicate` for a key
    ///   already used; `SQLiteError` when SQLite fails writing (`busy`, `readOnly`, `full`, or a constraint of the
    ///   schema); `DatabaseAccessError` when called inside another access to this portfolio's database on the same
    ///   thread. Nothing is written when it throws.
    @discardableResult
    public func create(_ theme: Theme) throws -> Theme.ID {
        try database.write { try Self.create(theme, in: $0) }
    }

    /// Deletes a theme no project has.
    ///
    /// - Throws: ``PortfolioError``: `invalidValue` (field `key`) for an unknown key, `stillReferenced` while
    ///   projects use the theme; `SQLiteError` when SQLite fails writing (`busy`, `readOnly`, `full`, or a
    ///   constraint of the schema); `DatabaseAccessError` when called inside another access to this portfolio's
    ///   database on the same thread. Nothing is written when it throws.
    public func delete(_ key: Theme.Key) throws {
        try database.write { try Self.delete(key, in: $0) }
    }

    /// The theme with this key, or nil.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func fetch(_ key: Theme.Key) throws -> Theme? {
        try database.read { try Self.fetch(key, in: $0) }
    }

    /// All themes, by vocabulary and code.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func all() throws -> [Theme] {
        try database.read { try Self.all(in: $0) }
    }

    // MARK: - In a transaction

    static let select = "SELECT id, vocabulary, code, title FROM theme"

    static func all(in db: Connection) throws -> [Theme] {
        try Theme.fetchAll(db, sql: select + " ORDER BY vocabulary, code")
    }

    static func create(_ theme: Theme, in db: Connection) throws -> Theme.ID {
        let check = FieldCheck(record: RecordName.theme(theme.key))
        try check.nonEmpty(theme.vocabulary, "vocabulary", maxLength: 200)
        try check.nonEmpty(theme.code, "code", maxLength: 200)
        try check.nonEmpty(theme.title, "title")
        let existing = try Int64.fetchOne(
            db, sql: "SELECT count(*) FROM theme WHERE vocabulary = ? AND code = ?", arguments: [theme.vocabulary, theme.code])
        if (existing ?? 0) > 0 {
            throw PortfolioError.duplicate(record: check.record, field: "vocabulary and code", value: theme.key.description)
        }
        try db.execute(
            sql: "INSERT INTO theme (vocabulary, code, title) VALUES (?, ?, ?)",
            arguments: [theme.vocabulary, theme.code, theme.title])
        return Theme.ID(db.lastInsertedRowID)
    }
}

extension Theme: RowDecodable {
    /// Reads the value from a row of the store's SQL.
    ///
    /// - Throws: `RowDecodingError` when a column is missing, NULL where a value is required, or of another storage
    ///   class; ``PortfolioError`` when a stored value breaks a rule of its type (an invalid date).
    public init(row: Row) throws {
        self.init(id: try row[0], vocabulary: try row[1], code: try row[2], title: try row[3])
    }
}

extension ThemeStore {
    /// The work of `delete(_:)`, on `db`.
    static func delete(_ key: Theme.Key, in db: Connection) throws {
        let id = try Lookup.theme(key, in: db, for: RecordName.theme(key), field: "key")
        let uses = try References.count(in: db, id: id, [("project_theme", "theme_id", "projects")])
        if !uses.isEmpty { throw PortfolioError.stillReferenced(record: RecordName.theme(key), by: uses) }
        try db.execute(sql: "DELETE FROM theme WHERE id = ?", arguments: [id])
    }

    /// The work of `fetch(_:)`, on `db`.
    static func fetch(_ key: Theme.Key, in db: Connection) throws -> Theme? {
        try Theme.fetchOne(db, sql: Self.select + " WHERE vocabulary = ? AND code = ?", arguments: [key.vocabulary, key.code])
    }
}
