import Foundation
import SQLiteCore
import Testing
@testable @_spi(Benchmarks) import GrantPortfolio

/// A refresh holds its new periods and inserts them sorted by the table's
/// key, a batch at a time (``StatisticsRefresh/insertBatch``): the batches
/// change where the rows go in, never which rows are stored.
@Suite("A refresh inserts its periods in sorted batches")
struct RefreshBatchesTests {
    @Test("a rebuild in batches of 5 periods stores exactly what one batch stores, and the rules agree")
    func batchesStoreTheSameRows() throws {
        let scratch = try TemporaryPortfolio(loadingFixture: true)
        try SeededPortfolio(seed: 12, projects: 12, rates: .inverse).build(scratch.portfolio)
        // A rebuild in one batch (the rows a refresh leaves at zero, kept by
        // the writes that built the portfolio, are not written again).
        try scratch.portfolio.rebuildStatistics()
        let stored = try UnusedIndexesMigrationTests.content(scratch)
        let periods = try scratch.portfolio.database.read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM statistics_period")
        } ?? 0
        #expect(periods > 10 * 5, "enough periods for several batches: \(periods)")

        try scratch.portfolio.database.write { try StatisticsRefresh.rebuild($0, insertBatch: 5) }
        #expect(try UnusedIndexesMigrationTests.content(scratch) == stored)
        #expect(try scratch.portfolio.checkStatistics().isEmpty)
    }
}
