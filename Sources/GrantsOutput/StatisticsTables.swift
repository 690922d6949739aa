import GrantPortfolio

/// The tables `grants stats` and `grants demo` print, and the web dashboard
/// shows and serves as CSV: one definition of their columns and rows.
public enum StatisticsTables {
    /// One line per outcome group: projects, total cost, requested, awarded.
    public static func outcomes(_ statistics: PortfolioStatistics, machine: Bool) -> ReportTable {
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
    public static func breakdown(_ breakdown: StatisticsBreakdown, statistics: PortfolioStatistics, machine: Bool) -> ReportTable {
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
    public static func series(_ statistics: PortfolioStatistics) -> ReportTable {
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

    /// The rates used and the amounts not converted, after a table: its lines.
    public static func notes(_ statistics: PortfolioStatistics) -> [String] {
        var lines: [String] = []
        if !statistics.ratesUsed.isEmpty {
            lines.append("")
            lines.append("Rates used:")
            for rate in statistics.ratesUsed { lines.append("  \(rate)") }
        }
        if !statistics.unconvertible.isEmpty {
            lines.append("")
            lines.append("Not converted into \(statistics.reportingCurrency.code) (no stored rate), left out of the converted sums:")
            for figure in statistics.unconvertible { lines.append("  \(figure)") }
        }
        return lines
    }

    /// A converted total for people (`3,228,810.00`, plus `+ 1,200.00 NOK` not converted)
    /// or for machines (`3228810.00`).
    public static func amount(_ total: MoneyTotal, _ machine: Bool) -> String {
        if machine { return total.converted.amountText }
        var text = total.converted.formatted()
        for amount in total.unconverted { text += " + \(amount) not converted" }
        return text
    }

    /// The outcome group's name for people ("In preparation").
    public static func label(_ group: OutcomeGroup) -> String {
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

    /// The dimension's column heading for people ("Funding source").
    public static func heading(_ dimension: StatisticsDimension) -> String {
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
