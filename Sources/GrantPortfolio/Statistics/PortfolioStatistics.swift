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

    /// Creates statistics (normally made by ``Portfolio/statistics(asOf:options:)``).
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

/// The counts and money of a set of projects: the whole portfolio, or one
/// group of a breakdown.
///
/// ```swift
/// let total = try portfolio.statistics().total
/// total.counts.approved                          // 8
/// total.approvedBudget.converted                 // 3,228,810.00 EUR
/// total.money(.pending).requested.converted      // what the pending bids ask for
/// ```
public struct StatisticsGroup: Hashable, Sendable {
    /// The group's key in its dimension (a status code, a year, a funding
    /// source handle, `vocabulary:code` of a theme, a country code); nil for
    /// the whole portfolio and for a breakdown's unassigned group.
    public var key: String?
    /// What to call it: a status label, a year, a funding source's title, a theme's title.
    public var label: String
    /// Its depth in the funder tree (0 for roots and in flat dimensions).
    public var depth: Int
    /// Its parent node's key in the funder tree; nil elsewhere.
    public var parent: String?
    /// How many projects, by outcome.
    public var counts: OutcomeCounts
    /// Total cost, requested and awarded, for every ``OutcomeGroup``, in that order.
    public var money: [MoneySummary]

    /// Creates a group.
    public init(key: String?, label: String, depth: Int = 0, parent: String? = nil, counts: OutcomeCounts, money: [MoneySummary]) {
        self.key = key
        self.label = label
        self.depth = depth
        self.parent = parent
        self.counts = counts
        self.money = money
    }

    /// The money of one outcome group (``OutcomeGroup/developed`` for all).
    public func money(_ group: OutcomeGroup) -> MoneySummary {
        money.first { $0.group == group } ?? MoneySummary(group: group, zeroIn: Currency.eur)
    }

    /// The converted sum of the latest total cost of the applications that reached approval.
    public var approvedBudget: MoneyTotal { money(.approved).totalCost }
}

/// How many projects, by outcome. ``approved`` + ``rejected`` + ``withdrawn`` +
/// ``pending`` + ``inPreparation`` + ``undetermined`` = ``developed``.
///
/// ```swift
/// let counts = try portfolio.statistics().total.counts
/// "\(counts.approved) of \(counts.developed)"      // "8 of 14"
/// counts.successRate.percentText()                // "80.0"
/// ```
public struct OutcomeCounts: Hashable, Sendable {
    /// Projects counted (see ``PortfolioStatistics``).
    public var developed: Int
    public var approved: Int
    public var rejected: Int
    public var withdrawn: Int
    /// Awaiting the funder (submitted or under evaluation).
    public var pending: Int
    /// Still being prepared (draft).
    public var inPreparation: Int
    /// Developed, but with no outcome above (statuses of a user's own with
    /// no outcome and no pending or preparation phase, or no status at all).
    public var undetermined: Int
    /// Projects whose status is exactly `under_evaluation` (a part of ``pending``).
    public var underEvaluation: Int

    /// Creates counts.
    public init(
        developed: Int = 0, approved: Int = 0, rejected: Int = 0, withdrawn: Int = 0, pending: Int = 0,
        inPreparation: Int = 0, undetermined: Int = 0, underEvaluation: Int = 0
    ) {
        self.developed = developed
        self.approved = approved
        self.rejected = rejected
        self.withdrawn = withdrawn
        self.pending = pending
        self.inPreparation = inPreparation
        self.undetermined = undetermined
        self.underEvaluation = underEvaluation
    }

    /// Approved + rejected: the projects the funders decided on.
    public var decided: Int { approved + rejected }
    /// Approved / developed.
    public var approvalRate: Ratio { Ratio(approved, of: developed) }
    /// Approved / decided.
    public var successRate: Ratio { Ratio(approved, of: decided) }

    /// The count of one outcome group.
    public func count(_ group: OutcomeGroup) -> Int {
        switch group {
        case .developed: developed
        case .approved: approved
        case .rejected: rejected
        case .withdrawn: withdrawn
        case .pending: pending
        case .inPreparation: inPreparation
        case .undetermined: undetermined
        }
    }
}

/// The groups of projects the money is reported for: all developed ones, and
/// each outcome.
///
/// ```swift
/// let statistics = try portfolio.statistics()
/// for group in OutcomeGroup.allCases {
///     print(group, statistics.total.counts.count(group), statistics.total.money(group).totalCost.converted)
/// }
/// ```
public enum OutcomeGroup: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case developed, approved, rejected, withdrawn, pending
    case inPreparation = "in_preparation"
    case undetermined

    public var description: String { rawValue }

    /// The group of a project with this outcome.
    public init(_ outcome: ProjectOutcome) {
        switch outcome {
        case .approved: self = .approved
        case .rejected: self = .rejected
        case .withdrawn: self = .withdrawn
        case .pending: self = .pending
        case .preparation: self = .inPreparation
        case .none: self = .undetermined
        }
    }
}

/// An exact fraction, such as a success rate, with a rounded percentage for display.
///
/// ```swift
/// let rate = Ratio(8, of: 14)
/// rate.percentText()          // "57.1"
/// rate.description            // "8/14 (57.1%)"
/// Ratio(0, of: 0).percentText()  // nil
/// ```
public struct Ratio: Hashable, Sendable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    /// Creates `numerator`/`denominator`.
    public init(_ numerator: Int, of denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The percentage rounded half to even to `decimals` places (0 to 4), as
    /// text (`"57.1"`); nil when the denominator is zero.
    public func percentText(decimals: Int = 1) -> String? {
        guard denominator != 0, (0...4).contains(decimals) else { return nil }
        var scale = 100
        for _ in 0..<decimals { scale *= 10 }
        let dividend = numerator * scale
        let (quotient, remainder) = dividend.quotientAndRemainder(dividingBy: denominator)
        var rounded = quotient
        let twice = remainder.magnitude * 2
        if twice > denominator.magnitude || (twice == denominator.magnitude && quotient % 2 != 0) {
            rounded += (dividend < 0) != (denominator < 0) ? -1 : 1
        }
        // The exponent is within 0...4, which a currency's minor unit allows.
        guard let unit = try? Currency(code: "XXX", minorUnit: decimals) else { return nil }
        return Money(minorUnits: Int64(rounded), currency: unit).formatted(grouping: false)
    }

    /// `8/14 (57.1%)`, or `0/0` when the denominator is zero.
    public var description: String {
        guard let percent = percentText() else { return "\(numerator)/\(denominator)" }
        return "\(numerator)/\(denominator) (\(percent)%)"
    }
}

/// Total cost, requested and awarded amounts of one ``OutcomeGroup``.
///
/// ```swift
/// let approved = try portfolio.statistics().total.money(.approved)
/// approved.totalCost.converted    // the approved budget
/// approved.awarded.converted      // the grants awarded
/// ```
public struct MoneySummary: Hashable, Sendable {
    public var group: OutcomeGroup
    public var totalCost: MoneyTotal
    public var requested: MoneyTotal
    public var awarded: MoneyTotal

    /// Creates a summary.
    public init(group: OutcomeGroup, totalCost: MoneyTotal, requested: MoneyTotal, awarded: MoneyTotal) {
        self.group = group
        self.totalCost = totalCost
        self.requested = requested
        self.awarded = awarded
    }

    /// Zero of every kind, in `currency`.
    public init(group: OutcomeGroup, zeroIn currency: Currency) {
        self.init(
            group: group, totalCost: MoneyTotal(kind: .totalCost, zeroIn: currency),
            requested: MoneyTotal(kind: .requested, zeroIn: currency), awarded: MoneyTotal(kind: .awarded, zeroIn: currency))
    }

    /// The total of one kind (total cost, requested or awarded).
    public func total(_ kind: MoneyFigure.Kind) -> MoneyTotal? {
        switch kind {
        case .totalCost: totalCost
        case .requested: requested
        case .awarded: awarded
        default: nil
        }
    }
}

/// The sum of one kind of figure over a set of projects: exact per currency,
/// and converted into the reporting currency.
///
/// ```swift
/// let budget = try portfolio.statistics().total.approvedBudget
/// budget.converted          // 3,228,810.00 EUR
/// budget.byCurrency         // [2,506,310.00 EUR, 507,775.89 LVL]
/// budget.isComplete         // true: every figure had a rate
/// ```
public struct MoneyTotal: Hashable, Sendable {
    /// The kind of figure summed.
    public var kind: MoneyFigure.Kind
    /// The exact sums of the figures in each currency they were given in, by currency code.
    public var byCurrency: [Money]
    /// The sum in the reporting currency of the figures that could be
    /// converted (each converted and rounded on its own) and of those already in it.
    public var converted: Money
    /// Per currency, the sums of the figures that could not be converted;
    /// they are not in ``converted``.
    public var unconverted: [Money]
    /// How many figures were summed.
    public var figureCount: Int

    /// Creates a total.
    public init(kind: MoneyFigure.Kind, byCurrency: [Money], converted: Money, unconverted: [Money], figureCount: Int) {
        self.kind = kind
        self.byCurrency = byCurrency
        self.converted = converted
        self.unconverted = unconverted
        self.figureCount = figureCount
    }

    /// Nothing, in `currency`.
    public init(kind: MoneyFigure.Kind, zeroIn currency: Currency) {
        self.init(kind: kind, byCurrency: [], converted: .zero(currency), unconverted: [], figureCount: 0)
    }

    /// True when every figure is in ``converted``.
    public var isComplete: Bool { unconverted.isEmpty }
}

/// A breakdown of the statistics by one dimension.
///
/// ```swift
/// let statistics = try portfolio.statistics(options: StatisticsOptions(breakdowns: [.theme]))
/// for group in statistics.breakdown(.theme)!.groups {
///     print(group.label, group.counts.approved, "of", group.counts.developed)
/// }
/// ```
public struct StatisticsBreakdown: Hashable, Sendable {
    /// The dimension.
    public var dimension: StatisticsDimension
    /// The groups with at least one project, in the dimension's order (status
    /// sort order, year, funder tree depth first, theme code, country code),
    /// the unassigned group (key nil) last when it has projects.
    public var groups: [StatisticsGroup]

    /// Creates a breakdown.
    public init(dimension: StatisticsDimension, groups: [StatisticsGroup]) {
        self.dimension = dimension
        self.groups = groups
    }

    /// Whether each project is in exactly one group of ``topLevel``, so that
    /// their counts add up to the headline.
    public var isPartition: Bool { dimension.isSingleValued }

    /// The groups at depth 0 and the unassigned group: for a single-valued
    /// dimension, a partition of the counted projects.
    public var topLevel: [StatisticsGroup] { groups.filter { $0.depth == 0 } }

    /// The unassigned group, when it has projects.
    public var unassigned: StatisticsGroup? { groups.first { $0.key == nil } }
}

/// What happened in one calendar year, up to the date of the statistics.
///
/// ```swift
/// for year in try portfolio.statistics().timeSeries {
///     print(year.year, year.decisions, year.applicationsApproved, year.projectsApprovedToDate)
/// }
/// ```
public struct YearActivity: Hashable, Sendable {
    public var year: Int
    /// Applications submitted (by their submission date).
    public var applicationsSubmitted: Int
    /// Applications that reached approval (by the date of the first approval).
    public var applicationsApproved: Int
    /// Rejections (status events whose outcome is rejected).
    public var applicationsRejected: Int
    /// Counted projects approved for the first time that year; the years add
    /// up to the headline's approved count.
    public var projectsApproved: Int
    /// Counted projects approved by the end of that year (or the date).
    public var projectsApprovedToDate: Int

    /// Creates a year.
    public init(
        year: Int, applicationsSubmitted: Int = 0, applicationsApproved: Int = 0, applicationsRejected: Int = 0,
        projectsApproved: Int = 0, projectsApprovedToDate: Int = 0
    ) {
        self.year = year
        self.applicationsSubmitted = applicationsSubmitted
        self.applicationsApproved = applicationsApproved
        self.applicationsRejected = applicationsRejected
        self.projectsApproved = projectsApproved
        self.projectsApprovedToDate = projectsApprovedToDate
    }

    /// The funders' decisions that year: approvals + rejections.
    public var decisions: Int { applicationsApproved + applicationsRejected }
}

/// A counted money figure that could not be converted into the reporting
/// currency, because no stored rate converts its currency on its date.
///
/// ```swift
/// for figure in try portfolio.statistics().unconvertible {
///     print(figure)   // LPR-2026-02 application 14 total_cost 1,200.00 NOK: no NOK→EUR rate on 2026-09-17
/// }
/// ```
public struct UnconvertibleFigure: Hashable, Sendable, CustomStringConvertible {
    /// The project's reference.
    public var project: String
    public var application: Application.ID
    public var kind: MoneyFigure.Kind
    public var amount: Money
    /// The date a rate was looked for: the figure's value date, else its set-on date.
    public var rateDate: CalendarDate
    /// The reporting currency.
    public var target: String

    /// Creates an entry.
    public init(project: String, application: Application.ID, kind: MoneyFigure.Kind, amount: Money, rateDate: CalendarDate, target: String) {
        self.project = project
        self.application = application
        self.kind = kind
        self.amount = amount
        self.rateDate = rateDate
        self.target = target
    }

    /// `LPR-2026-02 application 14 total_cost 1,200.00 NOK: no NOK→EUR rate on 2026-09-17`.
    public var description: String {
        "\(project) application \(application) \(kind.rawValue) \(amount): no \(amount.currency.code)→\(target) rate on \(rateDate)"
    }
}
