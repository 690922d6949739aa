/// A portfolio's figures as of a date: what a grant office says about itself
/// ("since 2007 we have developed 14 projects, 8 approved with a total budget
/// of 3,228,810 EUR, 4 under evaluation"), with the breakdowns a manager asks
/// for next.
///
/// ```swift
/// let statistics = try portfolio.statistics()               // as of today
/// print(statistics.headline)
/// // 8 of 14 projects approved (57.1%) · approved budget 3,228,810.00 EUR · 4 under evaluation
/// statistics.total.counts.successRate                       // 8/10 (80.0%)
/// statistics.total.approvedBudget.converted                 // 3,228,810.00 EUR
/// ```
///
/// ## Definitions
///
/// Everything is judged as of ``asOf`` from the status history:
///
/// - An application's **status** on the date is its latest status event dated
///   on or before it; an application whose history starts later does not
///   exist yet.
/// - A project is **developed** when it has an application with a status
///   (a draft counts), or always with
///   ``StatisticsOptions/countsProjectsWithoutApplications``.
/// - Its **outcome** is ``ProjectOutcome``'s: **approved** when an application
///   reached a status whose outcome is approved on or before the date (so a
///   project rejected once and approved later counts once, as approved);
///   otherwise **pending**, **in preparation**, **rejected** or **withdrawn**,
///   in that order of precedence; **undetermined** when none applies.
///   The outcome counts add up to the developed count.
/// - Its **deciding application** is one that reached approval, or when none
///   did, the one whose status ranks highest in that order (ties: the status'
///   sort order, then the latest event). Its status is the project's
///   **status**; **under evaluation** counts projects whose status is exactly
///   `under_evaluation`.
/// - **Decided** is approved + rejected: a withdrawal is not a decision.
/// - **Money** of a project: the figures of its applications that reached
///   approval, or when none did, of its deciding application; of each kind
///   the figure set latest on or before the date. Each figure is converted
///   into the reporting currency at the stored rate in force on its value
///   date (else the date it was set), rounded half to even; a figure with no
///   rate is listed in ``unconvertible`` and kept, per currency, in
///   ``MoneyTotal/unconverted``, never dropped or guessed.
/// - The **approved budget** is the converted sum of the latest total cost of
///   the applications that reached approval.
///
/// ## JSON
///
/// It is `Codable` with camelCase keys named as its properties, the
/// style of <doc:PortfolioJSONFormat>, so that a server can return it as it is:
/// `asOf`, `reportingCurrency` (a ``Currency``), `countsProjectsWithoutApplications`,
/// `total`, `breakdowns`, `timeSeries`, `ratesUsed`, `unconvertible`. Amounts
/// are decimal strings (see ``Money``), never JSON numbers. The derived
/// values (``headline``, rates, percentages) are not written; `grants stats --format json` gives the
/// presentation for scripts, which has them.
public struct PortfolioStatistics: Hashable, Sendable {
    /// The date the figures are as of.
    public var asOf: CalendarDate
    /// The currency amounts are converted into.
    public var reportingCurrency: Currency
    /// Whether projects without an application with a status count as developed.
    public var countsProjectsWithoutApplications: Bool
    /// The whole portfolio.
    public var total: StatisticsGroup
    /// The breakdowns asked for in ``StatisticsOptions/breakdowns``, in that order.
    public var breakdowns: [StatisticsBreakdown]
    /// Submissions, approvals and rejections per year, from the first year
    /// with any to the last, gaps filled with zeros.
    public var timeSeries: [YearActivity]
    /// The exchange rates used for the conversions, by pair and date.
    public var ratesUsed: [ExchangeRate]
    /// Every counted figure that could not be converted into the reporting currency.
    public var unconvertible: [UnconvertibleFigure]

    /// Creates statistics (normally made by ``Portfolio/statistics(asOf:options:)-hnro``).
    public init(
        asOf: CalendarDate, reportingCurrency: Currency, countsProjectsWithoutApplications: Bool,
        total: StatisticsGroup, breakdowns: [StatisticsBreakdown], timeSeries: [YearActivity],
        ratesUsed: [ExchangeRate], unconvertible: [UnconvertibleFigure]
    ) {
        self.asOf = asOf
        self.reportingCurrency = reportingCurrency
        self.countsProjectsWithoutApplications = countsProjectsWithoutApplications
        self.total = total
        self.breakdowns = breakdowns
        self.timeSeries = timeSeries
        self.ratesUsed = ratesUsed
        self.unconvertible = unconvertible
    }

    /// The breakdown by `dimension`, when it was asked for.
    public func breakdown(_ dimension: StatisticsDimension) -> StatisticsBreakdown? {
        breakdowns.first { $0.dimension == dimension }
    }

    /// The press-release sentence:
    /// `8 of 14 projects approved (57.1%) · approved budget 3,228,810.00 EUR · 4 under evaluation`.
    ///
    /// Amounts that could not be converted are added per currency
    /// (`… EUR + 1,200.00 NOK not converted`).
    public var headline: String {
        let counts = total.counts
        var text = "\(counts.approved) of \(counts.developed) \(counts.developed == 1 ? "project" : "projects") approved"
        if let percent = counts.approvalRate.percentText() { text += " (\(percent)%)" }
        let budget = total.approvedBudget
        text += " · approved budget \(budget.converted)"
        if !budget.unconverted.isEmpty {
            text += " + " + budget.unconverted.map(\.description).joined(separator: " + ") + " not converted"
        }
        text += " · \(counts.underEvaluation) under evaluation"
        return text
    }
}
