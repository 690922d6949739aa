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
        switch format {
        case .json:
            report.json(statistics.json)
        case .csv:
            if series {
                report.rows(StatisticsTables.series(statistics))
            } else if let breakdown = statistics.breakdowns.first {
                report.rows(StatisticsTables.breakdown(breakdown, statistics: statistics, machine: true))
            } else {
                report.rows(StatisticsTables.outcomes(statistics, machine: true))
            }
        case .table:
            report.line(statistics.headline)
            report.line("As of \(statistics.asOf). Success rate: \(statistics.total.counts.successRate) of decided projects.")
            report.line("")
            if let breakdown = statistics.breakdowns.first {
                report.rows(StatisticsTables.breakdown(breakdown, statistics: statistics, machine: false))
            } else {
                report.rows(StatisticsTables.outcomes(statistics, machine: false))
            }
            if series {
                report.line("")
                report.rows(StatisticsTables.series(statistics))
            }
            StatisticsTables.notes(statistics, into: &report)
        }
        try report.finish()
    }
}

extension StatisticsDimension: ExpressibleByArgument {}

/// The tables `grants stats` and `grants demo` print.
enum StatisticsTables {
    /// One line per outcome group: projects, total cost, requested, awarded.
    static func outcomes(_ statistics: PortfolioStatistics, machine: Bool) -> ReportTable {
        let code = statistics.reportingCurrency.code
        var table = ReportTable(columns: [
            .init(machine ? "outcome" : "Outcome"), .init(machine ? "projects" : "Projects", alignment: .right),
            .init(machine ? "total_cost" : "Total cost, \(code)", alignment: .right),
            .init(machine ? "requested" : "Requested, \(code)", alignment: .right),
            .init(machine ? "awarded" : "Awarded, \(code)", alignment: .right),
        ] + (machine ? [.init("currency"), .init("complete")] : []))
        let counts = statistics.total.counts
        for group in OutcomeGroup.allCases {
            let count = counts.count(group)
            if count == 0 && group != .developed && group != .approved { continue }
            let money = statistics.total.money(group)
            var row = [machine ? group.rawValue : label(group), String(count),
                       amount(money.totalCost, machine), amount(money.requested, machine), amount(money.awarded, machine)]
            if machine {
                row += [code, String(money.totalCost.isComplete && money.requested.isComplete && money.awarded.isComplete)]
            }
            table.append(row)
            if group == .pending && !machine && counts.underEvaluation > 0 {
                table.append(["  of which under evaluation", String(counts.underEvaluation), "", "", ""])
            }
        }
        return table
    }

    /// One line per group of the breakdown.
    static func breakdown(_ breakdown: StatisticsBreakdown, statistics: PortfolioStatistics, machine: Bool) -> ReportTable {
        let code = statistics.reportingCurrency.code
        let showsKey = [.status, .fundingSource, .theme].contains(breakdown.dimension)
        var columns: [TextTable.Column] = []
        if machine {
            columns = ["key", "label", "depth", "parent", "developed", "approved", "rejected", "withdrawn", "pending",
                       "under_evaluation", "in_preparation", "undetermined", "approval_rate_pct", "success_rate_pct",
                       "approved_budget", "currency", "approved_budget_complete"].map { TextTable.Column($0) }
        } else {
            columns = [.init(heading(breakdown.dimension))]
            if showsKey { columns.append(.init("Key")) }
            columns += [
                .init("Projects", alignment: .right), .init("Approved", alignment: .right),
                .init("Rejected", alignment: .right), .init("Pending", alignment: .right),
                .init("Under eval.", alignment: .right), .init("Success", alignment: .right),
                .init("Approved budget, \(code)", alignment: .right),
            ]
        }
        var table = ReportTable(columns: columns)
        for group in breakdown.groups {
            let counts = group.counts
            if machine {
                table.append([
                    group.key ?? "", group.label, String(group.depth), group.parent ?? "", String(counts.developed),
                    String(counts.approved), String(counts.rejected), String(counts.withdrawn), String(counts.pending),
                    String(counts.underEvaluation), String(counts.inPreparation), String(counts.undetermined),
                    counts.approvalRate.percentText() ?? "", counts.successRate.percentText() ?? "",
                    group.approvedBudget.converted.amountText, code, String(group.approvedBudget.isComplete),
                ])
            } else {
                var row = [String(repeating: "  ", count: group.depth) + group.label]
                if showsKey { row.append(group.key ?? "") }
                row += [
                    String(counts.developed), String(counts.approved), String(counts.rejected), String(counts.pending),
                    String(counts.underEvaluation), counts.successRate.percentText().map { $0 + "%" } ?? "–",
                    amount(group.approvedBudget, false),
                ]
                table.append(row)
            }
        }
        if !machine {
            let total = statistics.total.counts
            var row = ["Total"]
            if showsKey { row.append("") }
            row += [String(total.developed), String(total.approved), String(total.rejected), String(total.pending),
                    String(total.underEvaluation), total.successRate.percentText().map { $0 + "%" } ?? "–",
                    amount(statistics.total.approvedBudget, false)]
            table.append(row)
        }
        return table
    }

    /// One line per year.
    static func series(_ statistics: PortfolioStatistics) -> ReportTable {
        var table = ReportTable(columns: [
            .init("year"), .init("submitted", alignment: .right), .init("approved", alignment: .right),
            .init("rejected", alignment: .right), .init("decisions", alignment: .right),
            .init("projects_approved", alignment: .right), .init("projects_approved_to_date", alignment: .right),
        ])
        for year in statistics.timeSeries {
            table.append([
                String(year.year), String(year.applicationsSubmitted), String(year.applicationsApproved),
                String(year.applicationsRejected), String(year.decisions), String(year.projectsApproved),
                String(year.projectsApprovedToDate),
            ])
        }
        return table
    }

    /// The rates used and the amounts not converted, after a table.
    static func notes(_ statistics: PortfolioStatistics, into report: inout CommandReport) {
        if !statistics.ratesUsed.isEmpty {
            report.line("")
            report.line("Rates used:")
            for rate in statistics.ratesUsed { report.line("  \(rate)") }
        }
        if !statistics.unconvertible.isEmpty {
            report.line("")
            report.line("Not converted into \(statistics.reportingCurrency.code) (no stored rate), left out of the converted sums:")
            for figure in statistics.unconvertible { report.line("  \(figure)") }
        }
    }

    /// A converted total for people (`3,228,810.00`, plus `+ 1,200.00 NOK` not converted)
    /// or for machines (`3228810.00`).
    static func amount(_ total: MoneyTotal, _ machine: Bool) -> String {
        if machine { return total.converted.amountText }
        var text = total.converted.formatted()
        for amount in total.unconverted { text += " + \(amount) not converted" }
        return text
    }

    static func label(_ group: OutcomeGroup) -> String {
        switch group {
        case .developed: "Developed"
        case .approved: "Approved"
        case .rejected: "Rejected"
        case .withdrawn: "Withdrawn"
        case .pending: "Pending"
        case .inPreparation: "In preparation"
        case .undetermined: "Undetermined"
        }
    }

    static func heading(_ dimension: StatisticsDimension) -> String {
        switch dimension {
        case .status: "Status"
        case .submissionYear: "First submitted"
        case .decisionYear: "Decided"
        case .fundingSource: "Funding source"
        case .theme: "Theme"
        case .country: "Partner country"
        }
    }
}
