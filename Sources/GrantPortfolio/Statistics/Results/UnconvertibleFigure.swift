/// A counted money figure that could not be converted into the reporting
/// currency, because no stored rate converts its currency on its date.
///
/// ```swift
/// for figure in try portfolio.statistics().unconvertible {
///     print(figure)   // LPR-2026-02 application 14 total_cost 1,200.00 NOK: no NOK→EUR rate on 2026-09-17
/// }
/// ```
///
/// It is `Codable` with camelCase keys, the style of <doc:PortfolioJSONFormat>:
/// `project`, `application` (the row id), `kind` (its raw value), then
/// ``amount`` flattened into the entry as ``Money`` encodes it, `amount`
/// (decimal text) and `currency` (a code), then `rateDate`, `target`.
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
