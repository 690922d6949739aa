import Foundation

/// Why a ``ReadOnlyStatement`` refused to run.
///
/// Each description is one line that says what was refused and why:
///
/// ```swift
/// do {
///     _ = try ReadOnlyStatement(sql: "DELETE FROM metadata", on: db)
/// } catch let error as ReadOnlyStatementError {
///     print(error)  // DELETE on metadata would change the database; queries only read
/// }
/// ```
public enum ReadOnlyStatementError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The connection was not opened read-only with `query_only` on
    /// (see ``ReadOnlyStatement/connectionConfiguration``).
    case connectionNotReadOnly
    /// The SQL holds no statement, only white space, comments or `;`.
    case emptyStatement
    /// The SQL holds more than one statement.
    case multipleStatements
    /// The SQL holds a NUL character: SQLite would read only what precedes
    /// it, and silently ignore the rest.
    case containsNul
    /// The statement would write: `statement` is what SQLite asked to do,
    /// such as `DELETE` or `CREATE TEMP VIEW`, `object` the table, index,
    /// view or trigger, when SQLite names one.
    case changesDatabase(statement: String, object: String?)
    /// The statement would change the schema: create, drop or alter a table,
    /// index, view or trigger, or write `ANALYZE`'s statistics. (SQLite asks
    /// first to write `sqlite_master`, and a refusal ends its questions.)
    case changesSchema
    /// SQLite reports that the compiled statement writes
    /// (`sqlite3_stmt_readonly` is false) though it asked for no write:
    /// `VACUUM` and `VACUUM INTO`, for instance.
    case notReadOnly
    /// `ATTACH` or `DETACH`: it opens or closes another database file.
    case attachOrDetach(keyword: String)
    /// `BEGIN`, `COMMIT`, `ROLLBACK`, `SAVEPOINT`, `RELEASE`.
    case transactionControl(keyword: String)
    /// A `PRAGMA` the policy does not allow; `allowed` lists those it does.
    case pragmaNotAllowed(name: String, allowed: [String])
    /// An allowed `PRAGMA` with a value, which would change a setting.
    case pragmaSetsValue(name: String)
    /// A function the policy does not allow, such as `load_extension`.
    case functionNotAllowed(name: String)
    /// Anything else SQLite asked to do that a read-only statement may not.
    case notAllowed(action: String)

    public var description: String {
        switch self {
        case .connectionNotReadOnly:
            "the connection must be opened read-only with query_only on"
        case .emptyStatement:
            "there is no SQL statement to run"
        case .multipleStatements:
            "more than one SQL statement; a query runs exactly one"
        case .containsNul:
            "the SQL holds a NUL character; SQLite would ignore everything after it"
        case .changesDatabase(let statement, let object?):
            "\(statement) on \(object) would change the database; queries only read"
        case .changesDatabase(let statement, nil):
            "\(statement) would change the database; queries only read"
        case .changesSchema:
            "the statement would change the schema (CREATE, DROP, ALTER, ANALYZE, ...); queries only read"
        case .notReadOnly:
            "the statement would write (VACUUM, for one); queries only read"
        case .attachOrDetach(let keyword):
            "\(keyword) is not allowed; a query reads only the database it was given"
        case .transactionControl(let keyword):
            "\(keyword): transaction control is not allowed; each query runs on its own read-only connection"
        case .pragmaNotAllowed(let name, let allowed):
            "PRAGMA \(name) is not allowed; the reading pragmas allowed are " + allowed.joined(separator: ", ")
        case .pragmaSetsValue(let name):
            "PRAGMA \(name) with a value would change a setting; only its reading form is allowed"
        case .functionNotAllowed(let name):
            "\(name)() is not allowed; " + Self.reason(forFunction: name)
        case .notAllowed(let action):
            "\(action) is not allowed in a read-only query"
        }
    }

    /// The same text as ``description``.
    public var errorDescription: String? { description }

    private static func reason(forFunction name: String) -> String {
        switch name {
        case "load_extension": "it would load native code"
        case "fts3_tokenizer": "it reads or replaces a tokenizer's native code address"
        default: "a query may call only the functions that compute a value"
        }
    }
}
