import Foundation

/// Why a central-database operation failed. Every message is one line and
/// never holds the password of the connection.
public enum CentralError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// The connection string is not a libpq URI (shown with its password as `***`).
    case invalidURL(String)
    /// The server could not be reached.
    case unreachable(server: String, reason: String)
    /// The server refused the connection or a statement.
    case server(message: String, sqlState: String?)
    /// The central schema was migrated by a newer tool.
    case schemaIsNewer(databaseVersion: Int, toolVersion: Int)
    /// An applied central migration differs from the one this tool carries.
    case schemaChecksumMismatch(version: Int, name: String)
    /// The database has no central schema yet (run `grants-central migrate` or `publish`).
    case notMigrated
    /// A file that is not a portfolio (not SQLite, or no portfolio schema).
    case notAPortfolio(path: String, reason: String)
    /// A portfolio whose schema is older or newer than this tool's library.
    case portfolioSchema(path: String, version: Int, expected: Int)
    /// A portfolio whose stored statistics are out of date.
    case staleStatistics(path: String)
    /// A portfolio handle that is not in the central database.
    case unknownPortfolio(String)
    /// A handle that cannot name a portfolio.
    case invalidHandle(String)
    /// The central database holds a value the tool cannot read.
    case badData(String)
    /// A reporting currency other than EUR (the facts sum in EUR).
    case unsupportedCurrency(String)

    public var description: String {
        switch self {
        case .invalidURL(let shown):
            "not a PostgreSQL connection URI (postgresql://user:password@host:port/database): \(shown)"
        case .unreachable(let server, let reason):
            "cannot connect to PostgreSQL at \(server): \(reason)"
        case .server(let message, let sqlState):
            "PostgreSQL: \(message)" + (sqlState.map { " (SQLSTATE \($0))" } ?? "")
        case .schemaIsNewer(let databaseVersion, let toolVersion):
            "the central database is at schema version \(databaseVersion), newer than this tool's \(toolVersion); use a newer grants-central"
        case .schemaChecksumMismatch(let version, let name):
            "central migration \(version) (\(name)) was applied with other SQL than this tool's: the migration was edited after it shipped"
        case .notMigrated:
            "the central database has no grants schema yet: run grants-central migrate (or publish a file)"
        case .notAPortfolio(let path, let reason):
            "\(path) is not a grant portfolio: \(reason)"
        case .portfolioSchema(let path, let version, let expected):
            version < expected
                ? "\(path) is at portfolio schema version \(version), older than \(expected): run grants migrate --db \(path) first"
                : "\(path) is at portfolio schema version \(version), newer than this tool's \(expected); use a newer grants-central"
        case .staleStatistics(let path):
            "\(path) has statistics that are out of date: run grants migrate --db \(path) first to bring them up to date"
        case .unknownPortfolio(let handle):
            "no portfolio \(handle) in the central database"
        case .invalidHandle(let handle):
            "not a portfolio handle (letters, digits, . _ -, at most 200): \(handle)"
        case .badData(let detail):
            "the central database holds data this tool cannot read: \(detail)"
        case .unsupportedCurrency(let code):
            "the central statistics report in EUR only, not \(code)"
        }
    }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}
