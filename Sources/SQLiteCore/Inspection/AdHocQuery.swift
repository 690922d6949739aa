/// One SQL statement typed by a user, run read-only with bound parameters;
/// its rows are streamed. What `grants query` runs.
///
/// ```swift
/// let db = try AdHocQuery.openConnection(path: "lpr.sqlite")
/// let query = try AdHocQuery(
///     sql: "SELECT key, value FROM metadata WHERE key = :key",
///     parameters: [QueryParameter(name: "key", value: "application")],
///     on: db)
/// print(query.columnNames)           // ["key", "value"]
/// while let row = try query.nextRow() {
///     print(row)                     // [.text("application"), .text("GrantPortfolio")]
/// }
/// ```
///
/// The guard is a ``ReadOnlyStatement`` with the
/// standard ``ReadOnlyPolicy``: a read-only, `query_only`
/// connection; SQLite's authorizer, which refuses every write, `ATTACH`,
/// `DETACH`, transaction control, any pragma but the reading ones in
/// ``allowedPragmas`` in their reading form, and any function but SQLite's
/// built-in ones that compute a value (so no `load_extension`, no
/// `fts3_tokenizer`); statements SQLite reports as writing (`VACUUM`);
/// and more than one statement. Parameters are bound, never spliced.
///
/// A query is not `Sendable`; it belongs to its connection's thread.
public final class AdHocQuery {
    /// The SQL, as given.
    public let sql: String
    /// The names of the result columns, in order.
    public var columnNames: [String] { statement.columnNames }
    private let statement: ReadOnlyStatement

    /// The pragmas a query may run, in their reading form only.
    ///
    /// `table_info`, `table_xinfo`, `index_list`, `index_info`, `index_xinfo`,
    /// `foreign_key_list`, `foreign_key_check`, `integrity_check`,
    /// `quick_check` and `table_list` may take one argument (a table or index
    /// name, or a limit), as in `PRAGMA table_info(metadata)`; the others take
    /// none, as in `PRAGMA user_version`.
    public static var allowedPragmas: [String] { ReadOnlyPolicy.standard.allowedPragmas }

    /// Opens the database at `path` for queries: `SQLITE_OPEN_READONLY` and
    /// `PRAGMA query_only = ON`. The file must exist; it is never created or
    /// changed.
    ///
    /// ```swift
    /// let db = try AdHocQuery.openConnection(path: "lpr.sqlite")
    /// ```
    ///
    /// - Throws: `SQLiteError` when the file cannot be opened or is not a database.
    public static func openConnection(path: String) throws -> Connection {
        try Connection(path: path, configuration: readOnlyConfiguration)
    }

    /// The configuration of ``openConnection(path:)``.
    public static var readOnlyConfiguration: Connection.Configuration { ReadOnlyStatement.connectionConfiguration }

    /// Checks and prepares `sql` on `db`, binds `parameters`, and runs it to
    /// its first row.
    ///
    /// - Throws: ``AdHocQueryError/refused(_:)`` when the query is refused,
    ///   ``AdHocQueryError/duplicateParameter(name:)`` or
    ///   ``AdHocQueryError/parameterMismatch(message:)`` when the parameters
    ///   do not match; `SQLiteError` when SQLite cannot prepare or run the
    ///   SQL (a syntax error, an unknown table).
    public init(sql: String, parameters: [QueryParameter] = [], on db: Connection) throws {
        var named: [String: SQLiteValue] = [:]
        for parameter in parameters {
            guard named.updateValue(parameter.value, forKey: parameter.name) == nil else {
                throw AdHocQueryError.duplicateParameter(name: parameter.name)
            }
        }
        do {
            statement = try ReadOnlyStatement(sql: sql, arguments: StatementArguments([], named: named), on: db)
        } catch let error as ReadOnlyStatementError {
            throw AdHocQueryError.refused(error)
        } catch let error as SQLiteError where error.code == .range {
            throw AdHocQueryError.parameterMismatch(message: error.message)
        }
        self.sql = sql
    }

    /// The next row's values, in column order, or nil when there are no more.
    ///
    /// - Throws: ``AdHocQueryError/refused(_:)`` when SQLite, while running
    ///   the query, asks for something refused (the `PRAGMA` of a
    ///   table-valued pragma function); `SQLiteError` when the query fails.
    public func nextRow() throws -> [SQLiteValue]? {
        do {
            return try statement.nextRow()
        } catch let error as ReadOnlyStatementError {
            throw AdHocQueryError.refused(error)
        }
    }

    /// Calls `body` with each remaining row's values.
    ///
    /// - Throws: What ``nextRow()`` or `body` throws.
    public func forEachRow(_ body: ([SQLiteValue]) throws -> Void) throws {
        while let row = try nextRow() { try body(row) }
    }
}
