extension RowDecodable {
    /// All rows of `sql`, decoded.
    ///
    /// ```swift
    /// let themes = try Theme.fetchAll(db, sql: "SELECT code, title FROM theme ORDER BY code")
    /// ```
    public static func fetchAll(_ db: Connection, sql: String, arguments: StatementArguments = []) throws -> [Self] {
        try db.fetchAll(sql: sql, arguments: arguments, decode: Self.init(row:))
    }

    /// The first row of `sql`, decoded, or nil.
    public static func fetchOne(_ db: Connection, sql: String, arguments: StatementArguments = []) throws -> Self? {
        try db.fetchOne(sql: sql, arguments: arguments, decode: Self.init(row:))
    }

    /// A lazy cursor over the rows of `sql`, decoded.
    public static func fetchCursor(
        _ db: Connection, sql: String, arguments: StatementArguments = []
    ) throws -> RowCursor<Self> {
        try db.cursor(sql: sql, arguments: arguments, decode: Self.init(row:))
    }
}

extension SQLiteColumnDecodable {
    /// The first column of every row of `sql`.
    ///
    /// ```swift
    /// let references = try String.fetchAll(db, sql: "SELECT reference FROM project")
    /// ```
    public static func fetchAll(_ db: Connection, sql: String, arguments: StatementArguments = []) throws -> [Self] {
        try db.fetchAll(sql: sql, arguments: arguments) { row in try row[0] }
    }

    /// The first column of the first row of `sql`, or nil when there is no row.
    ///
    /// ```swift
    /// let count = try Int64.fetchOne(db, sql: "SELECT count(*) FROM project") ?? 0
    /// ```
    public static func fetchOne(_ db: Connection, sql: String, arguments: StatementArguments = []) throws -> Self? {
        try db.fetchOne(sql: sql, arguments: arguments) { row in try row[0] }
    }
}
