import Foundation

/// One versioned step of a schema: SQL run once, in order, in its own transaction.
///
/// Migrations usually come from files named `NNNN_snake_case_name.sql`:
///
/// ```swift
/// let migration = try Migration(fileName: "0002_portfolio.sql", sql: text)
/// migration.version  // 2
/// migration.name     // "portfolio"
/// ```
public struct Migration: Sendable, Hashable {
    /// The version the database is at once this migration is applied.
    public let version: Int
    /// A short snake_case name.
    public let name: String
    /// The SQL to run. It may hold many statements, triggers included.
    public let sql: String

    /// Creates a migration.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Creates a migration from a file named `NNNN_snake_case_name.sql` and its text.
    ///
    /// Throws ``MigrationError/invalidFileName(_:)`` for any other name.
    ///
    /// - Throws: ``MigrationError/invalidFileName(_:)`` when `fileName` is not `NNNN_name.sql`.
    public init(fileName: String, sql: String) throws {
        let base = fileName.split(separator: "/").last.map(String.init) ?? fileName
        guard base.hasSuffix(".sql"),
              let underscore = base.firstIndex(of: "_"),
              case let digits = base[..<underscore], digits.count == 4,
              digits.allSatisfy({ $0.isASCII && $0.isNumber }), let version = Int(digits), version > 0
        else { throw MigrationError.invalidFileName(fileName) }
        let name = String(base[base.index(after: underscore)...].dropLast(4))
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
            throw MigrationError.invalidFileName(fileName)
        }
        self.init(version: version, name: name, sql: sql)
    }

    /// The SHA-256 of the SQL, as lowercase hex, after line endings are
    /// normalised to `\n` (a checkout with CRLF does not change it).
    public var checksum: String {
        SHA256.hexDigest(of: Array(sql.replacingOccurrences(of: "\r\n", with: "\n").utf8))
    }
}
