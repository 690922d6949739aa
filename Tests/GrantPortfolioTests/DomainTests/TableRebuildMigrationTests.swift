import Foundation
import SQLiteCore
import Testing
@testable import GrantPortfolio

@Suite("A migration can rebuild a table that others reference, on the real schema")
struct TableRebuildMigrationTests {
    /// The tables whose foreign keys reference `table`.
    static func children(of table: String, in db: Connection) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT DISTINCT m.name FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
            WHERE m.type = 'table' AND f."table" = ? ORDER BY m.name
            """, arguments: [table])
    }

    /// A migration rebuilding `application` the standard way
    /// (<https://www.sqlite.org/lang_altertable.html#otheralter>): a new table
    /// with the same definition, the rows copied, the old table dropped, the
    /// new one renamed, its indexes and triggers made again. `legacy_alter_table`
    /// lets the rename through while the views and other tables' triggers that
    /// name `application` point at no table.
    static func rebuildApplication(version: Int, in db: Connection) throws -> Migration {
        let table = try #require(try String.fetchOne(
            db, sql: "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'application'"))
        let dependents = try String.fetchAll(db, sql: """
            SELECT sql FROM sqlite_schema
            WHERE tbl_name = 'application' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name
            """)
        let newTable = table.replacingOccurrences(of: "CREATE TABLE application", with: "CREATE TABLE new_application")
        #expect(newTable != table)
        return Migration(version: version, name: "rebuild_application", sql: """
            PRAGMA legacy_alter_table = ON;
            \(newTable);
            INSERT INTO new_application SELECT * FROM application;
            DROP TABLE application;
            ALTER TABLE new_application RENAME TO application;
            \(dependents.map { $0 + ";" }.joined(separator: "\n"))
            PRAGMA legacy_alter_table = OFF;
            """)
    }

    @Test("rebuilding application keeps every status history row, money figure and participant")
    func rebuildingApplicationKeepsItsChildren() throws {
        let scratch = try TemporaryPortfolio(loadingFixture: true)
        let database = scratch.portfolio.database
        let (children, migration) = try database.withConnection { db in
            (try Self.children(of: "application", in: db),
             try Self.rebuildApplication(version: PortfolioSchema.latestVersion + 1, in: db))
        }
        #expect(children.count >= 3, "\(children)")
        func counts() throws -> [Int64] {
            try database.read { db in
                try (["application"] + children).map { try Int64.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? 0 }
            }
        }
        let before = try counts()
        #expect(before[0] > 0 && before.dropFirst().filter { $0 > 0 }.count >= 3, "\(zip(["application"] + children, before).map { "\($0) \($1)" })")
        func applications() throws -> [String] {
            try database.read { db in
                try db.fetchAll(sql: "SELECT * FROM application ORDER BY id") { row in "\(row.values)" }
            }
        }
        let rows = try applications()

        let report = try database.withConnection { db in
            try Migrator(migrations: PortfolioSchema.migrations + [migration]).migrate(db)
        }
        #expect(report.applied.map(\.name) == ["rebuild_application"])
        #expect(try counts() == before, "rows referencing application were lost")
        #expect(try applications() == rows)
        let (foreignKeys, problems) = try database.withConnection { db in
            (try Int.fetchOne(db, sql: "PRAGMA foreign_keys"), try db.integrityProblems())
        }
        #expect(foreignKeys == 1)
        #expect(problems.isEmpty, "\(problems)")
        // The rebuilt table still cascades to its children.
        let project = try #require(try scratch.portfolio.projects.search(ProjectQuery()).first)
        try scratch.portfolio.projects.delete(reference: project.reference)
        #expect(try counts()[0] < before[0])
    }
}
