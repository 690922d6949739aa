import ArgumentParser
import Foundation
import GrantPortfolio
import GrantsOutput

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print the portfolio's headline figures and a breakdown, as of a date.",
        discussion: """
            The first line is the headline, as a press release says it, such as \
            "8 of 14 projects approved (57.1%) · approved budget 3,228,810.00 EUR · 4 \
            under evaluation".

            Everything is judged as of --as-of (default: today, UTC) from the status \
            history. A project is developed once one of its applications has a status \
            (--all-projects counts every project); approved once an application \
            reached approved (or a later status such as in_implementation or closed) \
            on or before the date, even if it was rejected elsewhere before; otherwise \
            pending, in preparation, rejected or withdrawn. Success rates are approved \
            of developed and approved of decided (approved + rejected). The approved \
            budget is the latest total cost of the approved applications, converted \
            into --currency at the stored rate of each figure's value date, rounded \
            half to even per figure; amounts with no rate are listed, never dropped.

            --by prints a breakdown: status (the project's current status), year (of \
            first submission), decision-year, source (funding source tree, rolled up), \
            theme or country (of partners and hosts). Projects with no value are in \
            the last, unassigned row. status, year, decision-year and the top level \
            of source add up to the headline; a project with two themes or partner \
            countries is counted under each. --series adds approvals and decisions \
            per year.

            --format csv prints the table rows only (the series with --series); --format \
            json prints everything, keys in a fixed order, amounts as decimal strings.

            Examples:
              grants stats --db lpr.sqlite
              grants stats --db lpr.sqlite --as-of 2010-01-01 --format json
              grants stats --db lpr.sqlite --by theme
              grants stats --db lpr.sqlite --by source --format csv > sources.csv
              grants stats --db lpr.sqlite --series
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date to judge statuses on (YYYY-MM-DD). Default: today.", valueName: "date"))
    var asOf: String?

    @Option(help: ArgumentHelp(
        "Break the figures down by status, year, decision-year, source, theme or country.", valueName: "dimension"))
    var by: StatisticsDimension?

    @Option(help: ArgumentHelp("The ISO 4217 currency to report amounts in.", valueName: "code"))
    var currency = "EUR"

    @Flag(name: .customLong("all-projects"), help: "Count every project as developed, even one with no application yet.")
    var allProjects = false

    @Flag(help: "Also print submissions, approvals and decisions per year.")
    var series = false

    @Option(help: ArgumentHelp("How to print: table, csv or json.", valueName: "format"))
    var format: OutputFormat = .table

    func validate() throws {
        _ = try CommandDate.parse(asOf, option: "--as-of")
    }

    func run() throws {
        let portfolio = try Portfolio(path: try ExistingDatabase.path(database), readOnly: true)
        var options = StatisticsOptions()
        options.reportingCurrency = currency
        options.countsProjectsWithoutApplications = allProjects
        if let by { options.breakdowns = [by] }
        let statistics = try portfolio.statistics(asOf: try CommandDate.parse(asOf, option: "--as-of") ?? .today, options: options)
        var report = CommandReport(format: format)
        report.append(StatisticsReport.text(statistics, format: format.tabular, series: series))
        try report.finish()
    }
}

extension StatisticsDimension: ExpressibleByArgument {}
