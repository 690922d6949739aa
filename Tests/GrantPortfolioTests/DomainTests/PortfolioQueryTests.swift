import Foundation
import GrantPortfolio
import SQLiteCore
import Testing

/// The portfolio's schema seen through SQLiteCore's ad-hoc query runner,
/// as `grants query` sees it.
@Suite("A portfolio through AdHocQuery")
struct PortfolioQueryTests {
    @Test("every table and view of a portfolio can be queried: the functions its views call are allowed")
    func portfolioViews() throws {
        let portfolio = try TemporaryPortfolio(loadingFixture: true)
        let db = try AdHocQuery.openConnection(path: portfolio.path)
        let tables = try DatabaseInspector(db).tables()
        #expect(tables.contains { $0.kind == .view })
        for table in tables {
            // An identifier cannot be bound; quotedIdentifier makes any name safe.
            let query = try AdHocQuery(sql: "SELECT * FROM \(DatabaseInspector.quotedIdentifier(table.name))", on: db)
            try query.forEachRow { _ in }
        }
    }
}
