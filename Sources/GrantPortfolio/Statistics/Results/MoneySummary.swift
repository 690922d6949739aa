/// Total cost, requested and awarded amounts of one ``OutcomeGroup``.
///
/// ```swift
/// let approved = try portfolio.statistics().total.money(.approved)
/// approved.totalCost.converted    // the approved budget
/// approved.awarded.converted      // the grants awarded
/// ```
///
/// It is `Codable` with camelCase keys named as its properties, the
/// style of <doc:PortfolioJSONFormat>: `group` (its raw value), `totalCost`,
/// `requested`, `awarded`.
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
