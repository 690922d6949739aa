/// The counts and money of a set of projects: the whole portfolio, or one
/// group of a breakdown.
///
/// ```swift
/// let total = try portfolio.statistics().total
/// total.counts.approved                          // 8
/// total.approvedBudget.converted                 // 3,228,810.00 EUR
/// total.money(.pending).requested.converted      // what the pending bids ask for
/// ```
///
/// It is `Codable` with camelCase keys named as its properties, the
/// style of <doc:PortfolioJSONFormat>: `key`, `label`, `depth`, `parent`, `counts`,
/// `money`; a nil key or parent is omitted.
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
