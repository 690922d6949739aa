import Foundation
import SQLiteCore
import Testing
@testable import GrantPortfolio

@Suite("Migrations are embedded and in order")
struct EmbeddedMigrationsTests {
    /// The package's Migrations/ folder, found from this file's path.
    static let migrationsFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Migrations")

    @Test("the embedded text equals the files, byte for byte")
    func embeddedEqualsFiles() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.migrationsFolder.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(!names.isEmpty)
        let embedded = PortfolioSchema.migrations
        #expect(embedded.count == names.count)
        for name in names {
            let text = try String(contentsOf: Self.migrationsFolder.appendingPathComponent(name), encoding: .utf8)
            let migration = try Migration(fileName: name, sql: text)
            let match = embedded.first { $0.version == migration.version }
            #expect(match?.sql == text, "\(name) differs from its embedded copy")
            #expect(match?.name == migration.name)
        }
    }

    @Test("versions run 1, 2, 3 … without gaps or duplicates")
    func contiguous() throws {
        let versions = PortfolioSchema.migrations.map(\.version)
        #expect(versions == Array(1...versions.count))
        _ = try PortfolioSchema.migrator
    }

    @Test("a new database reaches the latest version, with foreign keys and integrity intact")
    func freshDatabase() throws {
        let scratch = try TemporaryPortfolio()
        #expect(scratch.portfolio.migration.toVersion == PortfolioSchema.latestVersion)
        let problems = try scratch.portfolio.database.read { try $0.integrityProblems() }
        #expect(problems.isEmpty)
        let userVersion = try scratch.portfolio.database.read { try Int.fetchOne($0, sql: "PRAGMA user_version") }
        #expect(userVersion == PortfolioSchema.latestVersion)
        // Reopening applies nothing.
        let again = try Portfolio(path: scratch.path)
        #expect(again.migration.applied.isEmpty)
    }

    @Test("every table is STRICT")
    func strictTables() throws {
        let scratch = try TemporaryPortfolio()
        let loose = try scratch.portfolio.database.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM pragma_table_list WHERE type = 'table' AND strict = 0 AND name NOT LIKE 'sqlite_%'")
        }
        #expect(loose.isEmpty, "not STRICT: \(loose)")
    }
}
