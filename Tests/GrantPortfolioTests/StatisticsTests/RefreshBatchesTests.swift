import Foundation
import SQLiteCore
import Testing
@testable @_spi(Benchmarks) import GrantPortfolio

/// A refresh holds its new periods and inserts them sorted by the table's
/// key, a batch at a time (``StatisticsRefresh/insertBatch``), and writes
/// many change rows in the order of their tables' keys: the order changes
/// where the rows go in, never which rows are stored.
@Suite("A refresh inserts its periods in sorted batches")
struct RefreshBatchesTests {
    @Test("a rebuild in batches of 5 periods stores what one batch stores; a refresh of changed projects in batches of 2 what the rules give")
    func batchesStoreTheSameRows() throws {
        let scratch = try TemporaryPortfolio(loadingFixture: true)
        try SeededPortfolio(seed: 12, projects: 12, rates: .inverse).build(scratch.portfolio)

        // A rebuild in one batch (the rows a refresh leaves at zero, kept by
        // the writes that built the portfolio, are not written again), then
        // one in batches of 5.
        try scratch.portfolio.rebuildStatistics()
        let stored = try UnusedIndexesMigrationTests.content(scratch)
        let periods = try scratch.portfolio.database.read { try Self.periods($0) }
        #expect(periods.count > 10 * 5, "enough periods for several batches: \(periods.count)")
        // Enough change rows that a rebuild writes them sorted (StatisticsChanges.ordered).
        let changeRows = try scratch.portfolio.database.read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM statistics_breakdown_change")
        } ?? 0
        #expect(changeRows >= StatisticsChanges.sortedWriteThreshold, "change rows: \(changeRows)")
        try scratch.portfolio.database.write { try StatisticsRefresh.rebuild($0, insertBatch: 5) }
        #expect(try UnusedIndexesMigrationTests.content(scratch) == stored)
        #expect(try scratch.portfolio.checkStatistics().isEmpty)
        // The check works out the change rows the same way; the reference replays the histories.
        #expect(try StoredFactsTests.expectMatchesReference(scratch.portfolio, "rebuilt in batches") >= 20)

        // A requested amount set in the middle of the histories of every
        // third application: each of those projects reworks its periods from
        // that day (deleting its old ones) while the new ones wait for a batch.
        let (stale, changed) = try scratch.portfolio.database.write { db -> (Int, Int) in
            try db.execute(sql: """
                INSERT OR IGNORE INTO money_figure (application_id, kind, amount_minor, currency, set_on)
                SELECT a.id, 'requested', 1234500, a.currency, '2019-06-01' FROM application a WHERE a.id % 3 = 0
                """)
            let stale = try Int.fetchOne(db, sql: "SELECT count(*) FROM statistics_stale WHERE since IS NOT NULL") ?? 0
            try StatisticsRefresh.run(db, insertBatch: 2)
            return (stale, try Self.periods(db).subtracting(periods).count)
        }
        #expect(stale >= 3, "projects refreshed from a day: \(stale)")
        #expect(changed > 2 * 2, "new periods for several batches: \(changed)")
        #expect(try scratch.portfolio.checkStatistics().isEmpty)
    }

    /// Every stored period, as its row's text.
    private static func periods(_ db: Connection) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: """
            SELECT quote(project_id) || ' ' || valid_from || ' ' || valid_until || ' ' || outcome || ' '
                   || quote(requested_amount)
            FROM statistics_period
            """))
    }
}
