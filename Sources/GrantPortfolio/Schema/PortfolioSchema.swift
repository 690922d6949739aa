import SQLiteCore

/// The portfolio database schema: the migrations in the package's
/// `Migrations/` folder, embedded in the library at build time.
///
/// ```swift
/// let db = try Connection(path: "portfolio.sqlite")
/// try PortfolioSchema.migrator.migrate(db)
/// ```
public enum PortfolioSchema {
    /// The migrations, by version, as read from `Migrations/NNNN_name.sql`.
    public static let migrations: [Migration] = EmbeddedResources.files
        .filter { $0.path.hasPrefix("Migrations/") && $0.path.hasSuffix(".sql") }
        .map { file in
            do {
                return try Migration(fileName: file.path, sql: file.text)
            } catch {
                // The build embeds the files; a misnamed one is a packaging defect.
                preconditionFailure("embedded \(file.path): \(error)")
            }
        }

    /// A migrator for ``migrations``.
    ///
    /// - Throws: `MigrationError` when the embedded migrations are not numbered 1, 2, 3, … without a gap or a
    ///   duplicate (a build mistake, caught by the tests).
    public static var migrator: Migrator {
        get throws { try Migrator(migrations: migrations) }
    }

    /// The schema version this library brings a database to.
    public static var latestVersion: Int { migrations.map(\.version).max() ?? 0 }
}
