import Foundation
import SQLiteCore
import Testing
@testable import GrantPortfolio

/// Migration 0010 drops four indexes that served the statistics' old replay:
/// a file of schema 9 loses them and nothing else, and every rule they once
/// helped (the status foreign key, the stale marks of a changed status) still
/// holds without them.
@Suite("0010: the indexes nothing reads any more, dropped")
struct UnusedIndexesMigrationTests {
    /// The four indexes as 0002 created them, the schema 9 a file had.
    static let indexesOfSchema9 = """
        CREATE INDEX status_event_status ON status_event (status, effective_on, application_id);
        CREATE INDEX money_figure_kind ON money_figure (kind, currency, application_id, set_on);
        CREATE INDEX application_submitted_on ON application (submitted_on);
        CREATE INDEX application_decided_on ON application (decided_on);
        """
    static let dropped = ["application_decided_on", "application_submitted_on", "money_figure_kind", "status_event_status"]

    /// The names of the file's indexes that a migration created (not a constraint's).
    static func indexes(_ db: Connection) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
    }

    /// Every row of every table but the migrations' own bookkeeping.
    static func content(_ scratch: TemporaryPortfolio) throws -> String {
        try scratch.snapshot().components(separatedBy: "## ")
            .filter { !$0.hasPrefix("schema_migrations\n") }.joined(separator: "## ")
    }

    @Test("a file of schema 9 migrated loses the four indexes and nothing else; the statistics are the same")
    func migratedFromSchema9() throws {
        let scratch = try TemporaryPortfolio(loadingFixture: true)
        try SeededPortfolio(seed: 3, projects: 12, rates: .inverse).build(scratch.portfolio)
        let days = try StatisticsEquivalenceTests.days(of: scratch.portfolio)
        let options = StatisticsOptions(breakdowns: StatisticsDimension.allCases)
        let before = try days.map { try scratch.portfolio.statistics(asOf: $0, options: options) }
        let content = try Self.content(scratch)

        // The file as 0009 left it: the four indexes, version 9 (0011 undone first).
        let db = try Connection(path: scratch.path)
        let current = try Self.indexes(db)
        #expect(Set(current).isDisjoint(with: Self.dropped))
        try PeriodsByDateMigrationTests.rewindTo10(db)
        let at10 = try Self.indexes(db)
        try db.transaction(.immediate) { db in
            try db.executeScript(Self.indexesOfSchema9)
            try db.execute(sql: "DELETE FROM schema_migrations WHERE version = 10")
            try db.executeScript("PRAGMA user_version = 9")
        }
        #expect(try Self.indexes(db) == (at10 + Self.dropped).sorted())

        let migrated = try Portfolio(path: scratch.path)
        #expect(migrated.migration.applied.map(\.version) == [10, 11])
        #expect(try Self.indexes(db) == current)
        #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
        #expect(try Self.content(scratch) == content)
        #expect(try migrated.checkStatistics().isEmpty)
        for (index, day) in days.enumerated() {
            #expect(try migrated.statistics(asOf: day, options: options) == before[index], "as of \(day)")
        }
        #expect(days.count >= 30)
    }

    @Test("without the index on status: a status in use cannot be deleted, and a changed phase marks its project stale")
    func statusRulesWithoutTheIndex() throws {
        let scratch = try TemporaryPortfolio(loadingFixture: true)
        let db = try Connection(path: scratch.path)
        try db.execute(sql: "PRAGMA foreign_keys = ON")
        // A status of the file's own, in the history of one application
        // only (which went on to 'submitted', so that no current status names it).
        var project: Int64?  // the project of the one application with the status
        try db.transaction(.immediate) { db in
            try db.execute(sql: """
                INSERT INTO status (code, label, phase, outcome, sort_order, may_start, builtin)
                VALUES ('pre_screened', 'Pre-screened', 'pending', 'none', 15, 1, 0)
                """)
            try db.execute(sql: "INSERT INTO status_transition (from_status, to_status) VALUES ('pre_screened', 'submitted')")
            try db.execute(sql: """
                INSERT INTO application (project_id, funding_source_id, currency)
                SELECT project_id, funding_source_id, currency FROM application WHERE id = (SELECT max(id) FROM application)
                """)
            let application = try Int64.fetchOne(db, sql: "SELECT max(id) FROM application")!
            project = try Int64.fetchOne(db, sql: "SELECT project_id FROM application WHERE id = ?", arguments: [application])
            try db.execute(sql: """
                INSERT INTO status_event (application_id, status, effective_on) VALUES (?, 'pre_screened', '2020-01-01')
                """, arguments: [application])
            try db.execute(sql: """
                INSERT INTO status_event (application_id, status, effective_on) VALUES (?, 'submitted', '2020-02-01')
                """, arguments: [application])
        }
        #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM application WHERE current_status = 'pre_screened'") == 0)
        #expect(try Self.indexes(db).filter { $0.hasPrefix("status_event") } == ["status_event_history"])
        let before = try scratch.snapshot()
        #expect(throws: SQLiteError.self) {
            try db.execute(sql: "DELETE FROM status WHERE code = 'pre_screened'")
        }
        #expect(try scratch.snapshot() == before)

        try db.execute(sql: "DELETE FROM statistics_stale")
        try db.execute(sql: "UPDATE status SET phase = 'preparation' WHERE code = 'pre_screened'")
        let stale = try Int64.fetchAll(db, sql: "SELECT project_id FROM statistics_stale")
        #expect(project != nil && stale == project.map { [$0] })
    }
}
