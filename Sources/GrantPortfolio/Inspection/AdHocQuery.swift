import SQLiteCore

/// One SQL statement typed by a user, checked to be read-only, and run with
/// bound parameters on a read-only connection; its rows are streamed.
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
/// Safety comes in layers, so that no single mistake can change the file:
/// 1. The connection is opened with `SQLITE_OPEN_READONLY` and
///    `PRAGMA query_only = ON` (``openConnection(path:)``); a query refuses
///    any other connection.
/// 2. Before anything runs, the statement is refused when:
///    - the SQL holds more than one statement (SQLite's own parser decides,
///      when the statement is prepared), or none;
///    - SQLite says it writes (`sqlite3_stmt_readonly` is false): `INSERT`,
///      `UPDATE`, `DELETE`, `CREATE`, `DROP`, `ALTER`, `REPLACE`, ...;
///    - it is `ATTACH` or `DETACH`, `VACUUM` (also `VACUUM INTO`), `ANALYZE`,
///      `REINDEX`, or transaction control, which SQLite counts as read-only
///      but which open files, write files, or have no use here;
///    - it calls `load_extension()`;
///    - it is a `PRAGMA` other than the reading pragmas in
///      ``allowedPragmas``, or one of those in a form that sets a value
///      (`PRAGMA user_version = 7`, `PRAGMA user_version(7)`).
///    `EXPLAIN` and `EXPLAIN QUERY PLAN`, which show a plan and run nothing,
///    are allowed, except in front of the statements refused by name above.
/// 3. Parameters are bound, never spliced into the SQL.
///
/// A query is not `Sendable`; it belongs to its connection's thread.
public final class AdHocQuery {
    /// The SQL, as given.
    public let sql: String
    /// The names of the result columns, in order.
    public let columnNames: [String]
    private let statement: Statement
    private var isDone = false

    /// The pragmas a query may run, in their reading form only.
    ///
    /// `table_info`, `table_xinfo`, `index_list`, `index_info`, `index_xinfo`,
    /// `foreign_key_list`, `foreign_key_check`, `integrity_check`,
    /// `quick_check` and `table_list` may take one argument (a table or index
    /// name, or a limit), as in `PRAGMA table_info(metadata)`; the others take
    /// none, as in `PRAGMA user_version`.
    public static let allowedPragmas: [String] = pragmasWithArgument.sorted() + pragmasWithoutArgument.sorted()

    static let pragmasWithArgument: Set<String> = [
        "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list",
        "foreign_key_check", "integrity_check", "quick_check", "table_list",
    ]

    static let pragmasWithoutArgument: Set<String> = [
        "user_version", "schema_version", "application_id", "compile_options", "database_list",
        "collation_list", "function_list", "module_list", "pragma_list", "page_count", "page_size",
        "freelist_count", "encoding", "data_version",
    ]

    private static let transactionKeywords: Set<String> = ["BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"]

    /// Opens the database at `path` for queries: `SQLITE_OPEN_READONLY` and
    /// `PRAGMA query_only = ON`. The file must exist; it is never created or
    /// changed.
    ///
    /// ```swift
    /// let db = try AdHocQuery.openConnection(path: "lpr.sqlite")
    /// ```
    public static func openConnection(path: String) throws -> Connection {
        try Connection(path: path, configuration: readOnlyConfiguration)
    }

    /// The configuration of ``openConnection(path:)``.
    public static var readOnlyConfiguration: Connection.Configuration {
        var configuration = Connection.Configuration()
        configuration.mode = .readOnly
        configuration.isQueryOnly = true
        return configuration
    }

    /// Checks `sql`, prepares it on `db` and binds `parameters`; nothing runs
    /// until ``nextRow()``.
    ///
    /// - Throws: ``AdHocQueryError`` when the query is refused or the
    ///   parameters do not match; `SQLiteError` when SQLite
    ///   cannot prepare the SQL (a syntax error, an unknown table).
    public init(sql: String, parameters: [QueryParameter] = [], on db: Connection) throws {
        guard db.configuration.mode == .readOnly, db.configuration.isQueryOnly else {
            throw AdHocQueryError.connectionNotReadOnly
        }
        try AdHocQuery.checkText(sql)

        let statement: Statement
        do {
            statement = try db.makeStatement(sql: sql)
        } catch let error as SQLiteError where error.code == .misuse {
            // Connection.makeStatement reports these two as misuse, by message.
            if error.message.hasPrefix("more than one SQL statement") { throw AdHocQueryError.multipleStatements }
            if error.message.hasPrefix("no SQL statement") { throw AdHocQueryError.emptyQuery }
            throw error
        }
        guard statement.isReadOnly else {
            throw AdHocQueryError.changesDatabase(statement: AdHocQuery.leadingKeyword(sql) ?? "the statement")
        }

        var named: [String: SQLiteValue] = [:]
        for parameter in parameters {
            guard named.updateValue(parameter.value, forKey: parameter.name) == nil else {
                throw AdHocQueryError.duplicateParameter(name: parameter.name)
            }
        }
        do {
            try statement.bind(arguments: StatementArguments([], named: named))
        } catch let error as SQLiteError where error.code == .range {
            throw AdHocQueryError.parameterMismatch(message: error.message)
        }
        self.sql = sql
        self.statement = statement
        self.columnNames = statement.columnNames
    }

    /// The next row's values, in column order, or nil when there are no more.
    public func nextRow() throws -> [SQLiteValue]? {
        guard !isDone else { return nil }
        do {
            guard try statement.step() else {
                finish()
                return nil
            }
        } catch {
            finish()
            throw error
        }
        return statement.row.values
    }

    /// Calls `body` with each remaining row's values.
    public func forEachRow(_ body: ([SQLiteValue]) throws -> Void) throws {
        while let row = try nextRow() { try body(row) }
    }

    private func finish() {
        isDone = true
        statement.reset()
    }

    /// Refuses `sql` by the rules that need only its text (see the type's
    /// documentation); the rest need SQLite's parser and are checked by
    /// ``init(sql:parameters:on:)``.
    ///
    /// ```swift
    /// try AdHocQuery.checkText("PRAGMA user_version")      // fine
    /// try AdHocQuery.checkText("PRAGMA user_version = 7")  // throws .pragmaSetsValue
    /// ```
    public static func checkText(_ sql: String) throws {
        var tokens = SQLTokenizer.tokens(sql)[...]
        guard !tokens.isEmpty else { throw AdHocQueryError.emptyQuery }

        // load_extension(...) anywhere, quoted or not.
        for (token, next) in zip(tokens, tokens.dropFirst())
        where token.name?.lowercased() == "load_extension" && next == .symbol("(") {
            throw AdHocQueryError.loadsExtension
        }

        if tokens.first?.keyword == "EXPLAIN" {
            tokens = tokens.dropFirst()
            if tokens.first?.keyword == "QUERY" { tokens = tokens.dropFirst(2) }
        }
        guard let keyword = tokens.first?.keyword else { return }
        switch keyword {
        case "ATTACH", "DETACH":
            throw AdHocQueryError.attachOrDetach(keyword: keyword)
        case "VACUUM":
            throw AdHocQueryError.vacuum
        case "ANALYZE", "REINDEX":
            throw AdHocQueryError.maintenance(keyword: keyword)
        case _ where transactionKeywords.contains(keyword):
            throw AdHocQueryError.transactionControl(keyword: keyword)
        case "PRAGMA":
            try checkPragma(Array(tokens.dropFirst()))
        default:
            break
        }
    }

    /// `tokens` follow `PRAGMA`: `[schema .] name [( argument )]`, nothing else.
    private static func checkPragma(_ tokens: [SQLTokenizer.Token]) throws {
        var rest = tokens[...]
        if rest.count >= 3, rest[rest.startIndex + 1] == .symbol("."), rest.first?.name != nil {
            rest = rest.dropFirst(2)
        }
        guard let name = rest.first?.name?.lowercased() else {
            throw AdHocQueryError.pragmaNotAllowed(name: "")
        }
        rest = rest.dropFirst()
        guard pragmasWithArgument.contains(name) || pragmasWithoutArgument.contains(name) else {
            throw AdHocQueryError.pragmaNotAllowed(name: name)
        }
        if rest.isEmpty { return }
        let isOneArgument = rest.count == 3 && rest.first == .symbol("(") && rest.last == .symbol(")")
            && { if case .symbol = rest[rest.startIndex + 1] { false } else { true } }()
        guard isOneArgument, pragmasWithArgument.contains(name) else {
            throw AdHocQueryError.pragmaSetsValue(name: name)
        }
    }

    /// The first keyword of `sql`, uppercased (after `WITH ...`, still `WITH`).
    static func leadingKeyword(_ sql: String) -> String? {
        SQLTokenizer.tokens(sql).first?.keyword
    }
}
