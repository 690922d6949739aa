/// The kinds of record the portfolio names in its errors: a
/// ``PortfolioError`` says which kind of record it is about with one of these,
/// so code that handles an error switches on the kind, never on message text.
///
/// ```swift
/// do {
///     _ = try portfolio.projects.project(reference: "LPR-1999-01")
/// } catch PortfolioError.notFound(record: .project, let key) {
///     print("no project \(key)")
/// }
/// ```
///
/// The raw value is the kind as messages write it (`funding source`), and its
/// JSON form.
public enum RecordKind: String, Sendable, Codable, Hashable, CaseIterable, CustomStringConvertible {
    /// A ``Project``.
    case project
    /// An ``Application``.
    case application
    /// An ``Organisation``.
    case organisation
    /// A ``Person``.
    case person
    /// A ``FundingSource``.
    case fundingSource = "funding source"
    /// A ``Theme``.
    case theme
    /// A ``Status`` of the status vocabulary.
    case status
    /// An allowed transition between two statuses.
    case transition
    /// A ``Currency``.
    case currency
    /// An ``ExchangeRate``.
    case exchangeRate = "exchange rate"
    /// A ``MoneyFigure`` of an application.
    case moneyFigure = "money figure"
    /// A ``CalendarDate``.
    case date
    /// The options of a statistics request, such as its reporting currency.
    case statistics

    /// The raw value, as messages write it.
    public var description: String { rawValue }
}
