/// The sum of one kind of figure over a set of projects: exact per currency,
/// and converted into the reporting currency.
///
/// ```swift
/// let budget = try portfolio.statistics().total.approvedBudget
/// budget.converted          // 3,228,810.00 EUR
/// budget.byCurrency         // [2,506,310.00 EUR, 507,775.89 LVL]
/// budget.isComplete         // true: every figure had a rate
/// ```
///
/// It is `Codable` with camelCase keys named as its properties, the
/// style of <doc:PortfolioJSONFormat>: `kind` (its raw value), `byCurrency`,
/// `converted`, `unconverted` (amounts as ``Money`` encodes them, decimal
/// strings), `figureCount`.
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
