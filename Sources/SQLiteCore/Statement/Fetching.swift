extension RowDecodable {
    /// All rows of `sql`, decoded.
    ///
    /// ```swift
    /// let themes = try Theme.fetchAll(db, sql: "SELECT code, title FROM theme ORDER BY code")
    /// ```
    ///
    /// - Throws: ``SQLiteError`` when the statement cannot be prepared or run, or its arguments do not match its
    ///   parameters; ``RowDecodingError`` when a value cannot be read as `Self`.
    public static func fetchAll(_ db: Connection, sql: String, arguments: StatementArguments = []) throws -> [Self] {
        try db.fetchAll(sql: sql, arguments: arguments, decode: Self.init(row:))
    }

    /// The first row of `sql`, decoded, or nil.
    ///
    /// - Throws: ``SQLiteError`` when the statement cannot be prepared or run, or its arguments do not match its
    ///   parameters; ``RowDecodingError`` when a value cannot be read as `Self`.
    public static func fetchOne(_ db: Connection, sql: String, arguments: StatementArguments = []) throws -> Self? {
        try db.fetchOne(sql: sql, arguments: arguments, decode: Self.init(row:))
    }

    /// A lazy cursor over the rows of `sql`, decoded.
    ///
    /// - Throws: ``SQLiteError`` when the statement cannot be prepared or run, or its arguments do not match its
    ///   parameters; ``RowDecodingError`` when a value cannot be read as `Self`.
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
    ///
    /// - Throws: ``SQLiteError`` when the statement cannot be prepared or run, or its arguments do not match its
    ///   parameters; ``RowDecodingError`` when a value cannot be read as `Self`.
    public static func fetchAll(_ db: Connection, sql: String, arguments: StatementArguments = []) throws -> [Self] {
        try db.fetchAll(sql: sql, arguments: arguments) { row in try row[0] }
    }

    /// The first column of the first row of `sql`, or nil when there is no row.
    ///
    /// ```swift
    /// let count = try Int64.fetchOne(db, sql: "SELECT count(*) FROM project") ?? 0
    /// ```
    ///
    /// - Throws: ``SQLiteError`` when the statement cannot be prepared or run, or its arguments do not match its
    ///   parameters; ``RowDecodingError`` when a value cannot be read as `Self`.
    public static func fetchOne(_ db: Connection, sql: String, arguments: StatementArguments = []) throws -> Self? {
        try db.fetchOne(sql: sql, arguments: arguments) { row in try row[0] }
    }
}
