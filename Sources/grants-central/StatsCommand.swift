import ArgumentParser
import Foundation
import GrantPortfolio
import GrantPortfolioPostgres
import GrantsOutput

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print the headline figures and a breakdown of published portfolios, as of a date.",
        discussion: """
            The same figures and the same output as grants stats on the portfolio's \
            file, read from the facts published with it: for the portfolios named \
            by --portfolio (repeat it), or all of them. A project counts once, in its \
            own portfolio; totals across portfolios add up exactly. Breakdown groups \
            with the same key (status code, funding source handle, theme, year, \
            country) are added together across portfolios. Amounts are in EUR.

            Examples:
              grants-central stats --portfolio lpr
              grants-central stats --as-of 2013-12-31 --by source
              grants-central stats --portfolio lpr --portfolio zpr --by theme --format csv
              grants-central stats --format json
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("portfolio"), help: ArgumentHelp("A portfolio to count (repeat it; default: all).", valueName: "handle"))
    var portfolios: [String] = []

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date to judge statuses on (YYYY-MM-DD). Default: today.", valueName: "date"))
    var asOf: String?

    @Option(help: ArgumentHelp(
        "Break the figures down by status, year, decision-year, source, theme or country.", valueName: "dimension"))
    var by: StatisticsDimension?

    @Flag(name: .customLong("all-projects"), help: "Count every project as developed, even one with no application yet.")
    var allProjects = false

    @Flag(help: "Also print submissions, approvals and decisions per year.")
    var series = false

    @Option(help: ArgumentHelp("How to print: table, csv or json.", valueName: "format"))
    var format: TabularFormat = .table

    func validate() throws {
        _ = try parsedDate()
    }

    private func parsedDate() throws -> CalendarDate {
        guard let asOf else { return .today }
        do {
            return try CalendarDate(asOf)
        } catch {
            throw ValidationError("--as-of: '\(asOf)' is not a date (YYYY-MM-DD)")
        }
    }

    func run() async throws {
        var options = StatisticsOptions()
        options.countsProjectsWithoutApplications = allProjects
        if let by { options.breakdowns = [by] }
        let date = try parsedDate()
        let statistics = try await connection.withDatabase {
            try await $0.statistics(asOf: date, options: options, portfolios: portfolios)
        }
        printOut(StatisticsReport.text(statistics, format: format, series: series))
    }
}

extension StatisticsDimension: ExpressibleByArgument {}
extension TabularFormat: ExpressibleByArgument {}
