import Foundation
import SQLiteCore
import Testing
@testable import GrantPortfolio

/// Migration 0011 keeps the periods in the order of their first day (primary
/// key (valid_from, project_id)), drops the covering index by start date that
/// the new order makes redundant, and finds a project's periods through an
/// index of their own, which also covers what `project_outcome` and the
/// project search read: a file of schema 10 keeps every row and every
/// figure, and ends with exactly the schema of a new file.
@Suite("0011: the periods in the order of their first day")
struct PeriodsByDateMigrationTests {
    /// Every schema object's SQL, by type and name (SQLite's own objects left out).
    static func schema(_ db: Connection) throws -> [String] {
        try String.fetchAll(
            db, sql: "SELECT type || ' ' || name || ': ' || sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY type, name")
    }

    /// The schema of a new file migrated up to `version` only.
    static func schema(upTo version: Int) throws -> [String] {
        let db = try Connection(path: ":memory:")
        _ = try Migrator(migrations: PortfolioSchema.migrations.filter { $0.version <= version }).migrate(db)
        return try schema(db)
    }

    /// The statement of 0007 that starts with `start` and ends with `end`, as written there.
    static func statement(of0007 start: String, through end: String) -> String {
        let sql = PortfolioSchema.migrations.first { $0.version == 7 }!.sql
        let from = sql.range(of: start)!
        let to = sql.range(of: end, range: from.upperBound..<sql.endIndex)!
        return String(sql[from.lowerBound..<to.upperBound])
    }

    /// Brings a file of schema 11 back to schema 10: the periods keyed by
    /// project, with 0007's two covering indexes, and version 10.
    static func rewindTo10(_ db: Connection) throws {
        let views = try db.fetchAll(
            sql: "SELECT sql FROM sqlite_schema WHERE type = 'view' AND name IN ('project_outcome', 'money_figure_current')"
                + " ORDER BY name = 'money_figure_current'"
        ) { try $0[0] as String }
        #expect(views.count == 2)
        try db.transaction(.immediate) { db in
            try db.executeScript("""
                DROP VIEW money_figure_current;
                DROP VIEW project_outcome;
                DROP INDEX statistics_period_project;
                DROP INDEX statistics_period_end;
                ALTER TABLE statistics_period RENAME TO statistics_period_11;
                """)
            try db.executeScript(statement(of0007: "CREATE TABLE statistics_period (", through: "WITHOUT ROWID;"))
            try db.execute(sql: "INSERT INTO statistics_period SELECT * FROM statistics_period_11 ORDER BY project_id, valid_from")
            try db.execute(sql: "DROP TABLE statistics_period_11")
            try db.executeScript(statement(of0007: "CREATE INDEX statistics_period_start", through: ";"))
            try db.executeScript(statement(of0007: "CREATE INDEX statistics_period_end", through: ";"))
            for view in views { try db.executeScript(view + ";") }
            try db.execute(sql: "DELETE FROM schema_migrations WHERE version = 11")
            try db.executeScript("PRAGMA user_version = 10")
        }
    }

    /// The query plan of `sql`, its lines joined.
    static func plan(_ db: Connection, _ sql: String, _ arguments: StatementArguments = [:]) throws -> String {
        try db.fetchAll(sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments) { try $0[3] as String }.joined(separator: "\n")
    }

    @Test("a file of schema 10 migrated to 11 has the same rows, a new file's schema and the same statistics")
    func migratedFromSchema10() throws {
        let scratch = try TemporaryPortfolio(loadingFixture: true)
        try SeededPortfolio(seed: 11, projects: 12, rates: .inverse).build(scratch.portfolio)
        let days = try StatisticsEquivalenceTests.days(of: scratch.portfolio)
        let options = StatisticsOptions(breakdowns: StatisticsDimension.allCases)
        let before = try days.map { try scratch.portfolio.statistics(asOf: $0, options: options) }
        let content = try UnusedIndexesMigrationTests.content(scratch)
        let db = try Connection(path: scratch.path)
        let latest = try Self.schema(db)

        // The file as 0010 left it, exactly.
        try Self.rewindTo10(db)
        #expect(try Self.schema(db) == Self.schema(upTo: 10))
        #expect(try UnusedIndexesMigrationTests.content(scratch) == content)

        let migrated = try Portfolio(path: scratch.path)
        #expect(migrated.migration.applied.map(\.version) == [11])
        #expect(try Self.schema(db) == latest)
        #expect(try Self.schema(db) == Self.schema(upTo: PortfolioSchema.latestVersion))
        #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
        #expect(try UnusedIndexesMigrationTests.content(scratch) == content)
        #expect(try migrated.checkStatistics().isEmpty)
        for (index, day) in days.enumerated() {
            #expect(try migrated.statistics(asOf: day, options: options) == before[index], "as of \(day)")
        }
        #expect(days.count >= 30)
        // The views read the moved table: as many developed projects as the statistics count today.
        let today = try migrated.statistics()
        #expect(try Int.fetchOne(db, sql: "SELECT sum(developed) FROM project_outcome") == today.total.counts.developed)
        #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM money_figure_current") ?? 0 > 0)
    }

    @Test("the periods of a month are a range of the table; a project's are found through their own index")
    func plans() throws {
        let scratch = try TemporaryPortfolio(loadingFixture: true)
        let db = try Connection(path: scratch.path)
        // submitted is in neither index: the rows come in the table's own order.
        let scan = "SELECT valid_from, submitted FROM statistics_period"
        #expect(try Self.plan(db, scan) == "SCAN statistics_period")
        let stored = try db.fetchAll(sql: scan) { try $0[0] as String }
        #expect(stored.count > 10 && stored == stored.sorted(), "the table's own order is by first day")
        #expect(try Self.plan(db, """
            SELECT outcome, funding_source_id, total_cost_amount FROM statistics_period
            WHERE valid_from >= '2016-11-01' AND valid_from <= '2016-11-15'
            """) == "SEARCH statistics_period USING PRIMARY KEY (valid_from>? AND valid_from<?)")
        #expect(try Self.plan(db, """
            SELECT outcome, funding_source_id, total_cost_amount FROM statistics_period
            WHERE valid_until >= '2016-11-01' AND valid_until <= '2016-11-15'
            """) == "SEARCH statistics_period USING COVERING INDEX statistics_period_end (valid_until>? AND valid_until<?)")
        #expect(try Self.plan(db, "SELECT * FROM statistics_period WHERE project_id = 3 AND valid_from >= '2010-01-01'")
            == "SEARCH statistics_period USING INDEX statistics_period_project (project_id=? AND valid_from>?)")
        #expect(try Self.plan(db, "DELETE FROM statistics_period WHERE project_id = 3 AND valid_from >= '2010-01-01'")
            == "SEARCH statistics_period USING COVERING INDEX statistics_period_project (project_id=? AND valid_from>?)")
        // The project search's outcome and project_outcome's period read no row of the table.
        var query = ProjectQuery()
        query.outcomes = [.approved]
        let search = ProjectSearchSQL(query)
        #expect(try Self.plan(db, search.sql, search.arguments).contains(
            "SEARCH f USING COVERING INDEX statistics_period_project (project_id=? AND valid_from<?)"))
        #expect(try Self.plan(db, "SELECT * FROM project_outcome").contains(
            "SEARCH f USING COVERING INDEX statistics_period_project (project_id=? AND valid_from<?) LEFT-JOIN"))
    }
}
