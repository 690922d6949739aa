import Foundation
import SQLiteCore
import Testing
@testable import GrantPortfolio

/// Migration 0009 sums the blocks of years and the quarters of the change
/// tables from their year and month rows, on a file whose facts were kept
/// before it: the blocks must be exactly those the library writes, and the
/// statistics as before.
@Suite("0009: the change tables' blocks of years and quarters, summed by the migration")
struct ChangeBlocksMigrationTests {
    @Test("a file of schema 8 migrated to 9 has the rows the library writes, and the same statistics")
    func migratedFromSchema8() throws {
        let scratch = try TemporaryPortfolio()
        try SeededPortfolio(seed: 5, projects: 40, rates: .inverse).build(scratch.portfolio)
        let days = try StatisticsEquivalenceTests.days(of: scratch.portfolio)
        let options = StatisticsOptions(breakdowns: StatisticsDimension.allCases)
        let before = try days.map { try scratch.portfolio.statistics(asOf: $0, options: options) }
        #expect(try scratch.portfolio.checkStatistics().isEmpty)

        // The file as 0008 left it: no block or quarter rows, version 8.
        let db = try Connection(path: scratch.path)
        try PeriodsByDateMigrationTests.rewindTo10(db)
        let blocks = "granularity IN ('year16', 'year4', 'quarter')"
        // Rows that came back to zero stay where the library wrote them; the migration leaves them out.
        let nonZero = "\(blocks) AND (projects <> 0 OR amount_minor <> 0 OR converted_minor <> 0 OR figures <> 0)"
        let count = """
            SELECT (SELECT count(*) FROM statistics_change WHERE \(nonZero))
                 + (SELECT count(*) FROM statistics_breakdown_change WHERE \(nonZero))
            """
        let written = try Int.fetchOne(db, sql: count)
        #expect((written ?? 0) > 100, "the library wrote \(written ?? 0) block rows")
        try db.transaction(.immediate) { db in
            try db.execute(sql: "DELETE FROM statistics_change WHERE \(blocks)")
            try db.execute(sql: "DELETE FROM statistics_breakdown_change WHERE \(blocks)")
            try db.execute(sql: "DELETE FROM schema_migrations WHERE version >= 9")
            try db.executeScript(UnusedIndexesMigrationTests.indexesOfSchema9)
            try db.executeScript("PRAGMA user_version = 8")
        }
        // Without the blocks, the stored facts disagree with the rules (the check can fail).
        let reopenedAt8 = try Portfolio(path: scratch.path, readOnly: true)
        #expect(reopenedAt8.migration.toVersion == 8)
        #expect(try !reopenedAt8.checkStatistics().isEmpty)

        let migrated = try Portfolio(path: scratch.path)
        #expect(migrated.migration.applied.map(\.version) == [9, 10, 11])
        let summed = try Int.fetchOne(db, sql: count)
        #expect(summed == written)
        #expect(try migrated.checkStatistics().isEmpty)
        let after = try days.map { try migrated.statistics(asOf: $0, options: options) }
        for (index, day) in days.enumerated() {
            #expect(after[index] == before[index], "as of \(day)")
        }
        #expect(days.count >= 30)
    }
}
