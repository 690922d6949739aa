import Foundation
import SQLiteCore
import Testing

@testable import GrantPortfolio

/// The SQL views of migration 0003 show the library's figures as of today.
@Suite("Statistics views")
struct ViewsStatisticsTests {
    @Test("portfolio_summary, project_outcome, application_current_status and money_figure_current agree with the library",
          arguments: ["fixture", "hand-built", "future event"])
    func viewsAgreeWithTheLibrary(portfolioKind: String) throws {
        let scratch = try TemporaryPortfolio(loadingFixture: portfolioKind == "fixture")
        let portfolio = scratch.portfolio
        if portfolioKind != "fixture" { try StatisticsTestPortfolio.build(portfolio) }
        if portfolioKind == "future event" {
            // Recorded ahead: it must not count today, in the views as in the library.
            let application = try #require(try portfolio.applications.applications(ofProject: "D-4").first?.id)
            let nextYear = try CalendarDate(year: CalendarDate.today.year + 1, month: 1, day: 1)
            try portfolio.applications.recordStatus(.approved, on: nextYear, for: application)
        }
        let today = CalendarDate.today
        let statistics = try portfolio.statistics(asOf: today)
        let counts = statistics.total.counts

        struct Summary: Equatable {
            var counts: [Int64]
            var rates: [Double?]
            var budget: Int64
            var budgetText: String
            var unconverted: Int64
        }
        let summary = try portfolio.database.read { db in
            try db.fetchOne(sql: "SELECT * FROM portfolio_summary") { row in
                Summary(
                    counts: try (0..<9).map { try row[$0] as Int64 }, rates: [try row[9], try row[10]],
                    budget: try row[11], budgetText: try row[12], unconverted: try row[13])
            }
        }
        let expected = Summary(
            counts: [counts.developed, counts.approved, counts.rejected, counts.withdrawn, counts.pending,
                     counts.inPreparation, counts.undetermined, counts.underEvaluation, counts.decided].map(Int64.init),
            rates: [counts.approvalRate.percentText().flatMap(Double.init), counts.successRate.percentText().flatMap(Double.init)],
            budget: statistics.total.approvedBudget.converted.minorUnits,
            budgetText: statistics.total.approvedBudget.converted.amountText,
            unconverted: Int64(statistics.unconvertible.count))
        #expect(summary == expected)

        // project_outcome: every project's outcome, as the statistics and the search see it.
        var all = StatisticsOptions()
        all.countsProjectsWithoutApplications = true
        let outcomes = try portfolio.statisticsOutcomes(asOf: today, options: all)
        let counted = try portfolio.statisticsOutcomes(asOf: today)
        var query = ProjectQuery()
        query.asOf = today
        let searched = Dictionary(uniqueKeysWithValues: try portfolio.projects.search(query).map { ($0.id, $0.outcome) })
        let viewRows = try portfolio.database.read { db in
            try db.fetchAll(sql: "SELECT project_id, outcome, developed FROM project_outcome") { row in
                (id: Project.ID(try row[0] as Int64), outcome: try row[1] as String, developed: try row[2] as Bool)
            }
        }
        #expect(viewRows.count == searched.count)
        for row in viewRows {
            #expect(row.outcome == outcomes[row.id]?.rawValue)
            #expect(row.outcome == searched[row.id]?.rawValue)
            #expect(row.developed == (counted[row.id] != nil))
        }

        // The status breakdown equals project_outcome.status.
        let byStatus = try #require(try portfolio.statistics(asOf: today, options: StatisticsOptions(breakdowns: [.status]))
            .breakdown(.status))
        let viewStatuses = try portfolio.database.read { db in
            try db.fetchAll(sql: """
                SELECT status, count(*) FROM project_outcome WHERE developed = 1
                GROUP BY status ORDER BY status IS NULL, status
                """) { row in "\(try row[0] as String? ?? "-")=\(try row[1] as Int)" }
        }
        #expect(byStatus.groups.map { "\($0.key ?? "-")=\($0.counts.developed)" }.sorted() == viewStatuses.sorted())

        // application_current_status: each application's status today.
        let applicationRows = try portfolio.database.read { db in
            try db.fetchAll(sql: "SELECT application_id, status FROM application_current_status") { row in
                (Application.ID(try row[0] as Int64), try row[1] as String)
            }
        }
        #expect(!applicationRows.isEmpty)
        for (id, status) in applicationRows {
            #expect(try portfolio.applications.status(of: id, asOf: today)?.rawValue == status)
        }

        // money_figure_current: the approved budget, and the converted developed total.
        let money = try portfolio.database.read { db in
            try db.fetchOne(sql: """
                SELECT coalesce(sum(CASE WHEN outcome = 'approved' AND kind = 'total_cost' THEN eur_minor END), 0),
                       coalesce(sum(CASE WHEN kind = 'requested' THEN eur_minor END), 0)
                FROM money_figure_current
                """) { (try $0[0] as Int64, try $0[1] as Int64) }
        }
        #expect(money?.0 == statistics.total.approvedBudget.converted.minorUnits)
        #expect(money?.1 == statistics.total.money(.developed).requested.converted.minorUnits)
    }

    @Test("the fixture's summary in plain SQL: 14, 8, 3228810.00 EUR, 4 under evaluation, 2 rejected")
    func fixtureSummaryInSQL() throws {
        let scratch = try TemporaryPortfolio(loadingFixture: true)
        let row = try scratch.portfolio.database.read { db in
            try db.fetchOne(sql: """
                SELECT developed, approved, approved_budget_eur, under_evaluation, rejected, approval_rate_pct, success_rate_pct
                FROM portfolio_summary
                """) { row in
                "\(try row[0] as Int) \(try row[1] as Int) \(try row[2] as String) \(try row[3] as Int) \(try row[4] as Int) \(try row[5] as Double) \(try row[6] as Double)"
            }
        }
        #expect(row == "14 8 3228810.00 4 2 57.1 80.0")
    }

    @Test("the migration renames 0002's index on the current status to free the view's name")
    func indexRenamed() throws {
        let scratch = try TemporaryPortfolio()
        let objects = try scratch.portfolio.database.read { db in
            try db.fetchAll(sql: """
                SELECT type || ' ' || name FROM sqlite_schema
                WHERE name IN ('application_current_status', 'application_by_current_status', 'project_outcome',
                               'money_figure_current', 'portfolio_summary')
                ORDER BY name
                """) { try $0[0] as String }
        }
        #expect(objects == [
            "index application_by_current_status", "view application_current_status", "view money_figure_current",
            "view portfolio_summary", "view project_outcome",
        ])
        let plan = try scratch.portfolio.database.read { db in
            try db.fetchAll(sql: "EXPLAIN QUERY PLAN SELECT id FROM application WHERE current_status = 'approved'") {
                try $0[3] as String
            }
        }
        #expect(plan.contains { $0.contains("application_by_current_status") })
    }
}
