import GrantPortfolio
import GrantsReport

/// The report's body sections (headline figures, press-release paragraph,
/// inline-SVG charts, rates), rendered live for the dashboard by
/// GrantsReport's own renderer, and its style sheet, served as
/// `/static/report.css` (the Content-Security-Policy allows no inline style).
enum DashboardReport {
    static let renderer: ReportRenderer = {
        do { return try ReportRenderer() } catch {
            preconditionFailure("the report's templates do not parse: \(error)")
        }
    }()

    /// The style sheet of the sections.
    static var styleSheet: String { ReportRenderer.styleSheet }

    /// The languages the report is written in, as `lang` takes them.
    static var languages: [String] { ReportLanguage.allCases.map(\.rawValue) }

    /// The sections as of `date` in `language` (`en`, `lv` or `nb`), read on
    /// the portfolio's readers, and the statistics they show; without the
    /// project table and histories, so the page costs the statistics alone
    /// whatever the portfolio's size.
    static func sections(
        _ portfolio: Portfolio, asOf date: CalendarDate, language: String
    ) async throws -> (html: String, statistics: PortfolioStatistics) {
        let report = try await PortfolioReport(
            portfolio: portfolio, asOf: date, language: ReportLanguage(rawValue: language) ?? .en, includingProjects: false)
        return (renderer.sections(report), report.statistics)
    }

    /// True when the report's statistics answer `options`: the same currency
    /// and counting, breakdowns the report has.
    static func covers(_ options: StatisticsOptions) -> Bool {
        let reportOptions = PortfolioReport.options
        return options.reportingCurrency == reportOptions.reportingCurrency
            && options.countsProjectsWithoutApplications == reportOptions.countsProjectsWithoutApplications
            && options.breakdowns.allSatisfy(reportOptions.breakdowns.contains)
    }

    /// The report's statistics with only the breakdowns of `options` (which it
    /// ``covers(_:)``), in their order.
    static func statistics(_ options: StatisticsOptions, from report: PortfolioStatistics) -> PortfolioStatistics {
        var statistics = report
        statistics.breakdowns = options.breakdowns.compactMap { dimension in
            report.breakdowns.first { $0.dimension == dimension }
        }
        return statistics
    }
}
