import Foundation

/// Why an ad-hoc query was refused, or could not be set up.
///
/// Each description is one line that says what was refused and why:
///
/// ```swift
/// do {
///     _ = try AdHocQuery(sql: "DELETE FROM metadata", on: db)
/// } catch let error as AdHocQueryError {
///     print(error)  // query refused: DELETE on metadata would change the database; queries only read
/// }
/// ```
public enum AdHocQueryError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The query does not only read, or is not exactly one statement: the
    /// reason comes from the ``ReadOnlyStatement`` guard.
    case refused(ReadOnlyStatementError)
    /// A `name=value` parameter argument could not be read.
    case invalidParameter(String, reason: String)
    /// The same parameter name was given twice.
    case duplicateParameter(name: String)
    /// The parameters given do not match the statement's: `message` says how.
    case parameterMismatch(message: String)

    public var description: String {
        switch self {
        case .refused(let reason):
            "query refused: \(reason)"
        case .invalidParameter(let argument, let reason):
            "invalid parameter \(JSONStringLiteral.quoted(argument)): \(reason)"
        case .duplicateParameter(let name):
            "parameter \(name) is given more than once"
        case .parameterMismatch(let message):
            "parameters do not match the query: \(message)"
        }
    }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}
