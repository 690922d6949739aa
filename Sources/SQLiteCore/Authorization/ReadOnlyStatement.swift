import CSQLite

/// Exactly one SQL statement, refused unless it only reads, run with bound
/// arguments on a read-only connection; its rows are streamed.
///
/// ```swift
/// let db = try Connection(path: "portfolio.sqlite", configuration: ReadOnlyStatement.connectionConfiguration)
/// let statement = try ReadOnlyStatement(
///     sql: "SELECT key, value FROM metadata WHERE key = :key", arguments: ["key": "application"], on: db)
/// print(statement.columnNames)          // ["key", "value"]
/// while let row = try statement.nextRow() {
///     print(row)                        // [.text("application"), .text("GrantPortfolio")]
/// }
/// ```
///
/// Safety comes in layers, so that no single mistake can change the file:
/// 1. The connection must be opened with `SQLITE_OPEN_READONLY` and
///    `PRAGMA query_only = ON` (``connectionConfiguration``).
/// 2. SQLite's own parser compiles the statement under a ``ReadOnlyAuthorizer``
///    (`sqlite3_set_authorizer`), which refuses every write, `ATTACH`,
///    `DETACH`, transaction control, and every function and pragma its
///    ``ReadOnlyPolicy`` does not name. The authorizer stays on while the
///    statement runs, so the `PRAGMA` a table-valued pragma function runs
///    (`SELECT * FROM pragma_optimize`) is decided too.
/// 3. A statement SQLite reports as writing (`sqlite3_stmt_readonly` is
///    false, as for `VACUUM`) is refused.
/// 4. More than one statement is refused: the tail that
///    `sqlite3_prepare_v3` leaves after the first must hold none. SQL with a
///    NUL character is refused too, as SQLite would not read past it.
/// 5. Arguments are bound, never spliced into the SQL.
///
/// The statement is run to its first row when it is made, so that a refusal
/// SQLite can only report while running comes before any row.
///
/// A statement is not `Sendable`; it belongs to its connection's thread.
public final class ReadOnlyStatement {
    /// The SQL, as given.
    public let sql: String
    /// The names of the result columns, in order.
    public let columnNames: [String]
    /// The connection the statement runs on.
    public let connection: Connection
    private let statement: Statement
    private let authorizer: ReadOnlyAuthorizer
    private var firstRow: [SQLiteValue]?
    private var isDone = false

    /// The configuration a connection needs for a read-only statement:
    /// ``Connection/AccessMode/readOnly`` and `query_only`.
    public static var connectionConfiguration: Connection.Configuration {
        var configuration = Connection.Configuration()
        configuration.mode = .readOnly
        configuration.isQueryOnly = true
        return configuration
    }

    /// Compiles `sql` under the authorizer, checks it, binds `arguments`, and
    /// runs it to its first row.
    ///
    /// - Parameters:
    ///   - sql: One SQL statement; white space, comments and `;` around it are fine.
    ///   - arguments: Values for its parameters, by position or by name.
    ///   - connection: A connection opened with ``connectionConfiguration``.
    ///   - policy: The functions and pragmas allowed.
    /// - Throws: ``ReadOnlyStatementError`` when the statement is refused;
    ///   ``SQLiteError`` when SQLite cannot compile or run it (a syntax
    ///   error, an unknown table), and with ``ResultCode/range`` when the
    ///   arguments do not match its parameters.
    public init(
        sql: String, arguments: StatementArguments = [], on connection: Connection, policy: ReadOnlyPolicy = .standard
    ) throws {
        guard connection.configuration.mode == .readOnly, connection.configuration.isQueryOnly else {
            throw ReadOnlyStatementError.connectionNotReadOnly
        }
        guard !sql.utf8.contains(0) else { throw ReadOnlyStatementError.containsNul }
        let authorizer = ReadOnlyAuthorizer(policy: policy)
        let statement = try connection.withAuthorizer(authorizer.authorize) {
            try ReadOnlyStatement.prepareOne(sql, on: connection, authorizer: authorizer)
        }
        guard statement.isReadOnly else { throw ReadOnlyStatementError.notReadOnly }
        try statement.bind(arguments: arguments)
        self.sql = sql
        self.connection = connection
        self.statement = statement
        self.authorizer = authorizer
        self.columnNames = statement.columnNames
        self.firstRow = try step()
    }

    /// The next row's values, in column order, or nil when there are no more.
    ///
    /// - Throws: ``ReadOnlyStatementError`` when SQLite, while running the
    ///   statement, asks for something the authorizer refuses; ``SQLiteError``
    ///   when the statement fails.
    public func nextRow() throws -> [SQLiteValue]? {
        if let row = firstRow {
            firstRow = nil
            return row
        }
        return try step()
    }

    /// Calls `body` with each remaining row's values.
    ///
    /// - Throws: What ``nextRow()`` or `body` throws.
    public func forEachRow(_ body: ([SQLiteValue]) throws -> Void) throws {
        while let row = try nextRow() { try body(row) }
    }

    private func step() throws -> [SQLiteValue]? {
        guard !isDone else { return nil }
        do {
            guard try connection.withAuthorizer(authorizer.authorize, { try statement.step() }) else {
                finish()
                return nil
            }
        } catch {
            finish()
            if let refusal = authorizer.refusal { throw refusal }
            throw error
        }
        return statement.row.values
    }

    private func finish() {
        isDone = true
        statement.reset()
    }

    /// The one statement in `sql`, compiled; empty statements (`;`) around it are skipped.
    private static func prepareOne(
        _ sql: String, on connection: Connection, authorizer: ReadOnlyAuthorizer
    ) throws -> Statement {
        try sql.withCString { start in
            var next: UnsafePointer<CChar> = start
            while true {
                let (handle, tail) = try prepare(next, on: connection, sql: sql, authorizer: authorizer)
                guard let handle else {
                    // White space, a comment or `;`: go on to what follows, if anything.
                    guard let tail, tail != next, tail.pointee != 0 else { throw ReadOnlyStatementError.emptyStatement }
                    next = tail
                    continue
                }
                let statement = Statement(handle: handle, sql: sql)
                if let tail, holdsStatement(tail, on: connection) {
                    throw ReadOnlyStatementError.multipleStatements
                }
                // Compiling the tail may have been refused; that refusal is not this statement's.
                authorizer.reset()
                return statement
            }
        }
    }

    /// `sqlite3_prepare_v3` of the first statement at `text`: its handle (nil
    /// when there is none), and where the rest begins.
    private static func prepare(
        _ text: UnsafePointer<CChar>, on connection: Connection, sql: String, authorizer: ReadOnlyAuthorizer
    ) throws -> (OpaquePointer?, UnsafePointer<CChar>?) {
        var handle: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let code = sqlite3_prepare_v3(connection.handle, text, -1, 0, &handle, &tail)
        guard code == SQLITE_OK else {
            sqlite3_finalize(handle)
            if let refusal = authorizer.refusal { throw refusal }
            throw SQLiteError.last(on: connection.handle, code: code, sql: sql)
        }
        return (handle, tail)
    }

    /// True when `text` holds a statement, not only white space, comments and `;`.
    /// A tail that fails to compile (refused, or not SQL) is still a statement.
    private static func holdsStatement(_ text: UnsafePointer<CChar>, on connection: Connection) -> Bool {
        var next = text
        while next.pointee != 0 {
            var handle: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(connection.handle, next, -1, 0, &handle, &tail)
            sqlite3_finalize(handle)
            if code != SQLITE_OK || handle != nil { return true }
            guard let tail, tail != next else { return false }
            next = tail
        }
        return false
    }
}

@available(*, unavailable, message: "ReadOnlyStatement is not Sendable: it belongs to its connection")
extension ReadOnlyStatement: Sendable {}
