import Foundation
import GrantPortfolio
@testable import GrantsWeb
import Testing

/// The dashboard takes the chosen breakdown from the report's statistics when
/// they have it (one read, one snapshot), and reads it apart otherwise: both
/// must give what the library gives for the same options.
@Suite("the dashboard's chosen breakdown")
struct DashboardStatisticsTests {
    @Test("taken from the report's statistics, it equals the library's own, on every date and dimension the report has",
          arguments: ["2008-12-31", "2010-01-01", "2016-11-15", "2026-06-30"])
    func fromTheReport(day: String) async throws {
        let portfolio = try Portfolio(path: try WebFixtures.demo(), readOnly: true)
        let date = try CalendarDate(day)
        let sections = try await DashboardReport.sections(portfolio, asOf: date, language: "en")
        var covered = 0
        for dimension in StatisticsDimension.allCases {
            let options = StatisticsOptions(breakdowns: [dimension])
            guard DashboardReport.covers(options) else { continue }
            covered += 1
            let expected = try await portfolio.statistics(asOf: date, options: options)
            #expect(DashboardReport.statistics(options, from: sections.statistics) == expected, "\(dimension) as of \(day)")
        }
        #expect(covered == 3)  // year, source and theme
    }

    @Test("another currency, counting every project, or a breakdown the report lacks is read apart")
    func readApart() {
        var lvl = StatisticsOptions(breakdowns: [.fundingSource])
        lvl.reportingCurrency = "LVL"
        var everyProject = StatisticsOptions(breakdowns: [.theme])
        everyProject.countsProjectsWithoutApplications = true
        #expect(!DashboardReport.covers(lvl))
        #expect(!DashboardReport.covers(everyProject))
        #expect(!DashboardReport.covers(StatisticsOptions(breakdowns: [.country])))
        #expect(!DashboardReport.covers(StatisticsOptions(breakdowns: [.status])))
        #expect(DashboardReport.covers(StatisticsOptions(breakdowns: [.submissionYear])))
    }
}
