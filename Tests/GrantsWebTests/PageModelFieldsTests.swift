import Foundation
import GrantPortfolio
@testable import GrantsWeb
import Testing

/// The dashboard's tables list their fields for the templates themselves
/// (`MustacheFields`); a page must render exactly what reflection renders.
@Suite("the dashboard's listed fields")
struct PageModelFieldsTests {
    @Test("the dashboard renders the same through its tables' listed fields as through reflection, for every breakdown",
          arguments: ["2010-01-01", "2026-06-30"])
    func sameAsReflected(day: String) async throws {
        let portfolio = try Portfolio(path: try WebFixtures.demo(), readOnly: true)
        let date = try CalendarDate(day)
        let options = StatisticsOptions(breakdowns: StatisticsDimension.allCases)
        let statistics = try await portfolio.statistics(asOf: date, options: options)
        for dimension in StatisticsDimension.allCases {
            var chosen = statistics
            chosen.breakdowns = statistics.breakdowns.filter { $0.dimension == dimension }
            let model = DashboardModel(statistics: chosen, dimension: dimension, language: "en", reportSections: "<p>sections</p>")
            let listed = Templates.body("dashboard", object: model)
            #expect(listed == Templates.body("dashboard", object: model, reflecting: true), "by \(dimension) as of \(day)")
            // The tables were rendered, not two empty pages.
            #expect(listed.contains("<td"), "by \(dimension)")
            #expect(listed.contains("class=\"num\""), "by \(dimension)")
        }
    }
}
