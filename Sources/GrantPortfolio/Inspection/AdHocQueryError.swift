/// Why an ad-hoc query was refused, or could not be set up.
///
/// Each description is one line that says what was refused and why:
///
/// ```swift
/// do {
///     _ = try AdHocQuery(sql: "DELETE FROM metadata", on: db)
/// } catch let error as AdHocQueryError {
///     print(error)  // query refused: DELETE would change the database; queries only read
/// }
/// ```
public enum AdHocQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The SQL holds no statement, only white space or comments.
    case emptyQuery
    /// The SQL holds more than one statement.
    case multipleStatements
    /// SQLite reports that the statement would write (`sqlite3_stmt_readonly`
    /// is false); `statement` is its first keyword, such as `DELETE`.
    case changesDatabase(statement: String)
    /// `ATTACH` or `DETACH`: it opens or closes another database file.
    case attachOrDetach(keyword: String)
    /// A `PRAGMA` that is not one of the reading pragmas allowed.
    case pragmaNotAllowed(name: String)
    /// An allowed `PRAGMA` in a form that sets a value (`= value` or `(value)`).
    case pragmaSetsValue(name: String)
    /// `VACUUM`, including `VACUUM INTO`, which writes a file.
    case vacuum
    /// `ANALYZE` or `REINDEX`, which write the database.
    case maintenance(keyword: String)
    /// Transaction control (`BEGIN`, `COMMIT`, `SAVEPOINT`, ...).
    case transactionControl(keyword: String)
    /// A call of `load_extension()`, which would load native code.
    case loadsExtension
    /// The connection given was not opened read-only with `query_only` on.
    case connectionNotReadOnly
    /// A `name=value` parameter argument could not be read.
    case invalidParameter(String, reason: String)
    /// The same parameter name was given twice.
    case duplicateParameter(name: String)
    /// The parameters given do not match the statement's: `message` says how.
    case parameterMismatch(message: String)

    public var description: String {
        switch self {
        case .emptyQuery:
            "query refused: there is no SQL statement to run"
        case .multipleStatements:
            "query refused: more than one SQL statement; a query runs exactly one"
        case .changesDatabase(let statement):
            "query refused: \(statement) would change the database; queries only read"
        case .attachOrDetach(let keyword):
            "query refused: \(keyword) is not allowed; a query reads only the database it was given"
        case .pragmaNotAllowed(let name):
            "query refused: PRAGMA \(name) is not allowed; the reading pragmas allowed are "
                + AdHocQuery.allowedPragmas.joined(separator: ", ")
        case .pragmaSetsValue(let name):
            "query refused: PRAGMA \(name) with a value would change a setting; only its reading form is allowed"
        case .vacuum:
            "query refused: VACUUM rewrites the database or writes a new file; queries only read"
        case .maintenance(let keyword):
            "query refused: \(keyword) writes to the database; queries only read"
        case .transactionControl(let keyword):
            "query refused: \(keyword): transaction control is not allowed; each query runs on its own read-only connection"
        case .loadsExtension:
            "query refused: load_extension() is not allowed; it would load native code"
        case .connectionNotReadOnly:
            "query refused: the connection must be opened read-only with query_only on (see AdHocQuery.openConnection)"
        case .invalidParameter(let argument, let reason):
            "invalid parameter \(JSONRendering.quoted(argument)): \(reason)"
        case .duplicateParameter(let name):
            "parameter \(name) is given more than once"
        case .parameterMismatch(let message):
            "parameters do not match the query: \(message)"
        }
    }
}
