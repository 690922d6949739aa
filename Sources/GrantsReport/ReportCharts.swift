import Foundation
import GrantPortfolio

extension PortfolioReport {
    /// The five charts of the report, from the statistics.
    static func charts(_ statistics: PortfolioStatistics, text: ReportText, format: ReportFormatter) -> [ReportChart] {
        let date = format.longDate(statistics.asOf)
        func describe(_ template: String) -> String { template.replacingOccurrences(of: "%@", with: date) }
        var charts: [ReportChart] = []

        // Outcomes by year of submission: stacked bars.
        let outcomes: [(OutcomeGroup, String, String)] = [
            (.approved, text.approved, Palette.bluishGreen), (.rejected, text.rejected, Palette.vermillion),
            (.withdrawn, text.withdrawn, Palette.reddishPurple), (.pending, text.pending, Palette.skyBlue),
            (.inPreparation, text.inPreparation, Palette.yellow), (.undetermined, text.undetermined, Palette.grey),
        ]
        let years = statistics.breakdown(.submissionYear)?.groups ?? []
        let yearLabel = { (group: StatisticsGroup) in group.key == nil ? text.notSubmitted : group.label }
        let shown = outcomes.filter { outcome in years.contains { $0.counts.count(outcome.0) > 0 } }
        charts.append(ChartLayout.verticalStacked(
            id: "chart-outcomes-by-year", title: text.outcomesByYear, summary: describe(text.outcomesByYearDescription),
            categories: years.map(yearLabel),
            series: shown.map { outcome in
                ChartLayout.Series(
                    name: outcome.1, colour: outcome.2, values: years.map { Int64($0.counts.count(outcome.0)) })
            },
            valueText: { format.integer(Int($0)) },
            table: ReportTable(
                caption: text.outcomesByYear,
                columns: [(text.year, false)] + outcomes.map { ($0.1, true) } + [(text.total, true)],
                rows: years.map { group in
                    [yearLabel(group)] + outcomes.map { format.integer(group.counts.count($0.0)) }
                        + [format.integer(group.counts.developed)]
                })))

        // Approved budget by funding source, in funder-tree order.
        // The chart shows the nodes with approved projects; the table, every node with projects.
        let sources = statistics.breakdown(.fundingSource)?.groups ?? []
        let sourceLabel = { (group: StatisticsGroup) in group.key == nil ? text.noFundingSource : group.label }
        charts.append(ChartLayout.horizontal(
            id: "chart-budget-by-source", title: text.budgetBySource, summary: describe(text.budgetBySourceDescription),
            bars: sources.filter { $0.counts.approved > 0 }.map { group in
                let budget = group.approvedBudget.converted
                return ChartLayout.Bar(
                    label: sourceLabel(group), indent: group.depth,
                    segments: [(text.approvedBudget, group.depth == 0 ? Palette.blue : Palette.skyBlue, budget.minorUnits)],
                    valueText: format.money(budget))
            },
            legend: [.init(colour: Palette.blue, label: text.approvedBudget)],
            table: ReportTable(
                caption: text.budgetBySource,
                columns: [(text.fundingSource, false), (text.approved, true), (text.approvedBudget, true)],
                rows: sources.map { group in
                    [sourceLabel(group), format.integer(group.counts.approved), format.money(group.approvedBudget.converted)]
                },
                indents: sources.map(\.depth))))

        // The success rate by year: approvals / decisions, with the counts.
        let series = statistics.timeSeries
        charts.append(ChartLayout.percentLine(
            id: "chart-success-rate", title: text.successRate, summary: describe(text.successRateDescription),
            points: series.map { year in
                let rate = Ratio(year.applicationsApproved, of: year.decisions)
                let note = "\(format.integer(year.applicationsApproved))/\(format.integer(year.decisions))"
                return ChartLayout.Point(
                    category: format.year(year.year),
                    value: year.decisions == 0 ? nil : rate,
                    note: note, tooltip: "\(format.year(year.year)): \(note) (\(format.percent(rate) ?? "–"))")
            },
            percentText: { format.wholePercent($0) },
            legend: [.init(colour: Palette.blue, label: text.successRate)], colour: Palette.blue,
            table: ReportTable(
                caption: text.successRate,
                columns: [(text.year, false), (text.decisions, true), (text.approved, true), (text.rejected, true), (text.successShare, true)],
                rows: series.map { year in
                    [
                        format.year(year.year), format.integer(year.decisions), format.integer(year.applicationsApproved),
                        format.integer(year.applicationsRejected),
                        format.percent(Ratio(year.applicationsApproved, of: year.decisions)) ?? "–",
                    ]
                })))

        // The pipeline as of the date.
        let counts = statistics.total.counts
        let stages: [(String, String, Int)] = [
            (text.inPreparation, Palette.yellow, counts.inPreparation),
            (text.submitted, Palette.skyBlue, counts.pending - counts.underEvaluation),
            (text.underEvaluation, Palette.blue, counts.underEvaluation),
            (text.decided, Palette.bluishGreen, counts.decided),
        ]
        charts.append(ChartLayout.horizontal(
            id: "chart-pipeline", title: "\(text.pipeline) – \(date)", summary: describe(text.pipelineDescription),
            bars: stages.map { stage in
                ChartLayout.Bar(label: stage.0, segments: [(stage.0, stage.1, Int64(stage.2))], valueText: format.integer(stage.2))
            },
            legend: stages.map { .init(colour: $0.1, label: $0.0) },
            table: ReportTable(
                caption: "\(text.pipeline) – \(date)", columns: [(text.stage, false), (text.projects, true)],
                rows: stages.map { [$0.0, format.integer($0.2)] })))

        // Themes: approved and other projects per theme.
        let themes = statistics.breakdown(.theme)?.groups ?? []
        let themeLabel = { (group: StatisticsGroup) in group.key == nil ? text.noTheme : group.label }
        charts.append(ChartLayout.horizontal(
            id: "chart-themes", title: text.themes, summary: describe(text.themesDescription),
            bars: themes.map { group in
                ChartLayout.Bar(
                    label: themeLabel(group),
                    segments: [
                        (text.approved, Palette.bluishGreen, Int64(group.counts.approved)),
                        (text.otherProjects, Palette.orange, Int64(group.counts.developed - group.counts.approved)),
                    ],
                    valueText: "\(format.integer(group.counts.approved)) / \(format.integer(group.counts.developed))")
            },
            legend: [.init(colour: Palette.bluishGreen, label: text.approved), .init(colour: Palette.orange, label: text.otherProjects)],
            table: ReportTable(
                caption: text.themes, columns: [(text.theme, false), (text.developed, true), (text.approved, true)],
                rows: themes.map { [themeLabel($0), format.integer($0.counts.developed), format.integer($0.counts.approved)] })))
        return charts
    }
}

extension ReportFormatter {
    /// A whole percentage (an axis tick, 0…100) in the language's style: `25 %`.
    func wholePercent(_ percent: Int) -> String {
        percent.formatted(.percent.locale(language.locale))
    }
}
