import Foundation

/// Why the ``Migrator`` refused to run.
public enum MigrationError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// A file name that is not `NNNN_snake_case_name.sql`.
    case invalidFileName(String)
    /// Two migrations with one version.
    case duplicateVersion(Int)
    /// The versions skip a number, or do not start at 1.
    case missingVersion(expected: Int, found: Int)
    /// The database was migrated by a newer library: it has versions this one does not know.
    case databaseIsNewer(databaseVersion: Int, libraryVersion: Int)
    /// An applied migration's SQL differs from the one the library carries.
    case checksumMismatch(version: Int, name: String, applied: String, embedded: String)
    /// A migration left rows that break a foreign key; it was rolled back.
    case foreignKeyViolations(version: Int, name: String, violations: [String])
    /// A migration's SQL failed; it was rolled back.
    case failed(version: Int, name: String, error: SQLiteError)

    public var description: String {
        switch self {
        case .invalidFileName(let name):
            "migration file \(name) is not named NNNN_snake_case_name.sql"
        case .duplicateVersion(let version):
            "two migrations have version \(version)"
        case .missingVersion(let expected, let found):
            "migration versions skip from \(expected - 1) to \(found): version \(expected) is missing"
        case .databaseIsNewer(let databaseVersion, let libraryVersion):
            "the database is at schema version \(databaseVersion), newer than this library's \(libraryVersion); use a newer version of the program"
        case .checksumMismatch(let version, let name, let applied, let embedded):
            "migration \(version) (\(name)) was applied with checksum \(applied.prefix(12)), but this library's differs (\(embedded.prefix(12))): the migration was edited after it shipped"
        case .foreignKeyViolations(let version, let name, let violations):
            "migration \(version) (\(name)) breaks foreign keys: \(violations.joined(separator: "; "))"
        case .failed(let version, let name, let error):
            "migration \(version) (\(name)) failed: \(error.message)"
        }
    }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}
