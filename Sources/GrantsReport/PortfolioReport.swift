import Foundation
import GrantPortfolio

/// Everything the report shows, worked out and written in one language:
/// the view model that ``ReportRenderer`` turns into HTML.
///
/// ```swift
/// let portfolio = try Portfolio(path: "lpr.sqlite", readOnly: true)
/// let report = try PortfolioReport(portfolio: portfolio, asOf: try CalendarDate("2026-11-30"), language: .lv)
/// report.paragraph   // "Latgales plānošanas reģions kopš 2007. gada ir izstrādājis 14 projektus, …"
/// let html = try ReportRenderer().document(report)
/// ```
///
/// Every figure comes from the library's public API: the statistics
/// (`Portfolio.statistics(asOf:options:)`) with the breakdowns by year of
/// submission, funding source and theme, the time series, the rates used
/// and the unconvertible figures; each project's standing
/// (`Portfolio.projectStandings(asOf:)`), its applications and their
/// histories. Texts are plain: the templates escape them.
public struct PortfolioReport: Sendable {
    /// The language it is written in.
    public let language: ReportLanguage
    /// The date every figure is as of.
    public let asOf: CalendarDate
    /// The statistics it shows (reporting currency EUR).
    public let statistics: PortfolioStatistics
    /// The figures of the press-release paragraph.
    public let pressRelease: PressRelease
    /// The press-release paragraph in ``language``.
    public let paragraph: String
    /// The headline figures, labelled.
    public let figures: [Figure]
    /// The charts, each with its data table: outcomes by year of submission,
    /// approved budget by funding source, success rate by year, pipeline, themes.
    public let charts: [ReportChart]
    /// Whether the project table and the histories are in the report.
    public let includesProjects: Bool
    /// The project table's rows, by reference.
    public let projects: [ProjectRow]
    /// Each project's applications with their histories up to ``asOf``.
    public let histories: [ProjectHistory]
    /// The exchange rates used.
    public let rates: ReportTable
    /// The figures that could not be converted.
    public let unconvertible: ReportTable

    let text: ReportText

    /// A labelled headline figure.
    public struct Figure: Hashable, Sendable {
        /// What the figure is: "Approved budget".
        public var label: String
        /// The figure, formatted in the report's language.
        public var value: String
    }

    /// A row of the project table.
    public struct ProjectRow: Hashable, Sendable {
        /// The project's reference.
        public var reference: String
        /// The project's title.
        public var title: String
        /// The status of its deciding application, in the report's language.
        public var status: String
        /// The funding source of its deciding application (its title).
        public var funder: String
        /// The approved budget, for an approved project; empty otherwise.
        public var approvedAmount: String
        /// The fragment id of its history section: `project-3`.
        public var anchor: String
    }

    /// A project's history section.
    public struct ProjectHistory: Hashable, Sendable {
        /// The section's fragment id, which the project table links to.
        public var anchor: String
        /// The project's reference.
        public var reference: String
        /// The project's title.
        public var title: String
        /// Its applications with a status on or before the report's date.
        public var applications: [ApplicationHistory]
        /// Whether it has no applications.
        public var isEmpty: Bool
    }

    /// One application of a project's history.
    public struct ApplicationHistory: Hashable, Sendable {
        /// `Application 3 – Short-term Expert Fund (EEZ-123)`.
        public var heading: String
        /// The submission date, or `–`.
        public var submitted: String
        /// The decision date, or `–`.
        public var decided: String
        /// The status events up to the report's date.
        public var events: ReportTable
        /// The money figures set up to the report's date; nil when none.
        public var money: ReportTable?
    }

    /// Works out the report of `portfolio` as of `asOf` (default: today) in `language`.
    ///
    /// Without `includingProjects`, the project table and the histories are
    /// left out (``includesProjects`` is false), so that the rest reads only
    /// the statistics, whatever the portfolio's size: a dashboard's content.
    /// The paragraph's organisation is then the main owner of the first 1,000
    /// projects by reference.
    ///
    /// - Throws: `SQLiteError` when the file cannot be read;
    ///   `MoneyError.overflow` when a sum does not fit 64-bit minor units;
    ///   `PortfolioError` when the currency table has no EUR.
    public init(
        portfolio: Portfolio, asOf: CalendarDate = .today, language: ReportLanguage = .en, includingProjects: Bool = true
    ) throws {
        let statistics = try portfolio.statistics(asOf: asOf, options: Self.options)
        let summaries = try portfolio.projects.search(Self.query(asOf, all: includingProjects))
        let owner = try Self.mainOwner(summaries).map { try portfolio.organisations.fetch(handle: $0)?.name ?? $0 } ?? ""
        let standings: [ProjectStanding] = try includingProjects ? portfolio.projectStandings(asOf: asOf) : []
        var applications: [String: [Application]] = [:]
        for standing in standings {
            applications[standing.reference] = try portfolio.applications.applications(ofProject: standing.reference)
        }
        self.init(
            Inputs(
                statistics: statistics, summaries: summaries, sources: try portfolio.fundingSources.all(), organisation: owner,
                standings: standings, applications: applications),
            asOf: asOf, language: language, includingProjects: includingProjects)
    }

    /// Works out the report of `portfolio` as of `asOf` in `language`, reading
    /// on the portfolio's readers without blocking the calling task (for a server).
    ///
    /// - Throws: `CancellationError` when the task is cancelled; otherwise as
    ///   the synchronous `init(portfolio:asOf:language:includingProjects:)`.
    public init(
        portfolio: Portfolio, asOf: CalendarDate = .today, language: ReportLanguage = .en, includingProjects: Bool = true
    ) async throws {
        let statistics = try await portfolio.statistics(asOf: asOf, options: Self.options)
        let summaries = try await portfolio.projects.search(Self.query(asOf, all: includingProjects))
        var owner = ""
        if let handle = Self.mainOwner(summaries) { owner = try await portfolio.organisations.fetch(handle: handle)?.name ?? handle }
        var standings: [ProjectStanding] = []
        if includingProjects { standings = try await portfolio.projectStandings(asOf: asOf) }
        var applications: [String: [Application]] = [:]
        for standing in standings {
            applications[standing.reference] = try await portfolio.applications.applications(ofProject: standing.reference)
        }
        self.init(
            Inputs(
                statistics: statistics, summaries: summaries, sources: try await portfolio.fundingSources.all(),
                organisation: owner, standings: standings, applications: applications),
            asOf: asOf, language: language, includingProjects: includingProjects)
    }

    /// What the report is made of, as read from the portfolio.
    struct Inputs {
        var statistics: PortfolioStatistics
        var summaries: [ProjectSummary]
        var sources: [FundingSource]
        /// The name of the organisation that owns most projects.
        var organisation: String
        var standings: [ProjectStanding]
        /// Each project's applications, by reference.
        var applications: [String: [Application]]
    }

    /// The options of the report's ``statistics``: EUR, the breakdowns by
    /// submission year, funding source and theme.
    public static let options = StatisticsOptions(breakdowns: [.submissionYear, .fundingSource, .theme])

    /// Every project as of `asOf`, or only the first 1,000 (by reference).
    static func query(_ asOf: CalendarDate, all: Bool) -> ProjectQuery {
        var query = ProjectQuery()
        query.asOf = asOf
        if !all { query.limit = 1000 }
        return query
    }

    /// The handle of the organisation that owns most projects (ties: the first handle).
    static func mainOwner(_ summaries: [ProjectSummary]) -> String? {
        var owners: [String: Int] = [:]
        for summary in summaries { owners[summary.owner, default: 0] += 1 }
        return owners.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key
    }

    init(_ inputs: Inputs, asOf: CalendarDate, language: ReportLanguage, includingProjects: Bool) {
        includesProjects = includingProjects
        let text = ReportText.of(language)
        let format = ReportFormatter(language: language)
        self.language = language
        self.asOf = asOf
        self.text = text
        let statistics = inputs.statistics
        self.statistics = statistics
        let counts = statistics.total.counts
        let budget = statistics.total.approvedBudget
        let summaries = inputs.summaries
        let sources = Dictionary(inputs.sources.map { ($0.handle, $0) }, uniquingKeysWith: { a, _ in a })

        pressRelease = PressRelease(
            organisation: inputs.organisation,
            sinceYear: statistics.timeSeries.first { $0.applicationsSubmitted > 0 }?.year,
            developed: counts.developed, approved: counts.approved, approvedBudget: budget.converted,
            unconvertedBudget: budget.unconverted, underEvaluation: counts.underEvaluation)
        paragraph = pressRelease.text(in: language)

        var budgetText = format.money(budget.converted)
        for money in budget.unconverted { budgetText += " + \(format.money(money)) (\(text.notConverted))" }
        figures = [
            Figure(label: text.developed, value: format.integer(counts.developed)),
            Figure(label: text.approved, value: format.integer(counts.approved)),
            Figure(label: text.approvalRate, value: format.percent(counts.approvalRate) ?? "–"),
            Figure(label: text.approvedBudget, value: budgetText),
            Figure(label: text.underEvaluation, value: format.integer(counts.underEvaluation)),
        ]

        charts = Self.charts(statistics, text: text, format: format)

        // The project table and the histories.
        let titles = Dictionary(summaries.map { ($0.reference, $0.title) }, uniquingKeysWith: { a, _ in a })
        var rows: [ProjectRow] = []
        var histories: [ProjectHistory] = []
        for (index, standing) in inputs.standings.enumerated() {
            let anchor = "project-\(index + 1)"
            let title = titles[standing.reference] ?? ""
            var amount = standing.approvedBudget.map(format.money) ?? ""
            for money in standing.unconvertedBudget { amount += " + \(format.money(money)) (\(text.notConverted))" }
            rows.append(ProjectRow(
                reference: standing.reference, title: title,
                status: standing.status.map { text.statusLabels[$0.rawValue] ?? $0.rawValue } ?? "–",
                funder: standing.fundingSource.map { sources[$0]?.title ?? $0 } ?? "–",
                approvedAmount: amount, anchor: anchor))
            let applications = (inputs.applications[standing.reference] ?? [])
                .filter { application in application.statusHistory.contains { $0.effectiveOn <= asOf } }
                .map { Self.history(of: $0, asOf: asOf, sources: sources, text: text, format: format) }
            histories.append(ProjectHistory(
                anchor: anchor, reference: standing.reference, title: title, applications: applications,
                isEmpty: applications.isEmpty))
        }
        projects = rows
        self.histories = histories

        rates = ReportTable(
            caption: text.ratesHeading,
            columns: [(text.from, false), (text.to, false), (text.rate, true), (text.validFrom, false), (text.source, false)],
            rows: statistics.ratesUsed.map { rate in
                [
                    rate.from, rate.to,
                    "1 \(rate.from) = \(format.decimal(Decimal(rate.numerator) / Decimal(rate.denominator))) \(rate.to)"
                        + " (1 \(rate.to) = \(format.decimal(Decimal(rate.denominator) / Decimal(rate.numerator))) \(rate.from))",
                    format.numericDate(rate.validFrom), rate.source,
                ]
            })
        unconvertible = ReportTable(
            caption: text.unconvertibleHeading,
            columns: [(text.project, false), (text.application, true), (text.figure, false), (text.amount, true), (text.rateDate, false)],
            rows: statistics.unconvertible.map { figure in
                [
                    figure.project, String(describing: figure.application),
                    text.moneyKinds[figure.kind.rawValue] ?? figure.kind.rawValue, format.money(figure.amount),
                    "\(format.numericDate(figure.rateDate)) (\(figure.amount.currency.code)→\(figure.target))",
                ]
            })
    }

    private static func history(
        of application: Application, asOf: CalendarDate, sources: [String: FundingSource], text: ReportText,
        format: ReportFormatter
    ) -> ApplicationHistory {
        var heading = "\(text.application) \(application.id.map { String(describing: $0) } ?? "")"
        heading += " – \(sources[application.fundingSource]?.title ?? application.fundingSource)"
        if let reference = application.funderReference { heading += " (\(reference))" }
        let events = ReportTable(
            caption: text.history, columns: [(text.date, false), (text.status, false), (text.note, false)],
            rows: application.statusHistory.filter { $0.effectiveOn <= asOf }.map { event in
                [format.numericDate(event.effectiveOn), text.statusLabels[event.status.rawValue] ?? event.status.rawValue, event.note ?? ""]
            })
        let figures = application.money.filter { $0.setOn <= asOf }
        let money = figures.isEmpty ? nil : ReportTable(
            caption: text.amount, columns: [(text.figure, false), (text.amount, true), (text.setOn, false), (text.note, false)],
            rows: figures.map { figure in
                [
                    text.moneyKinds[figure.kind.rawValue] ?? figure.kind.rawValue, format.money(figure.amount),
                    format.numericDate(figure.setOn), figure.note ?? "",
                ]
            })
        return ApplicationHistory(
            heading: heading,
            submitted: application.submittedOn.flatMap { $0 <= asOf ? format.numericDate($0) : nil } ?? "–",
            decided: application.decidedOn.flatMap { $0 <= asOf ? format.numericDate($0) : nil } ?? "–",
            events: events, money: money)
    }
}
