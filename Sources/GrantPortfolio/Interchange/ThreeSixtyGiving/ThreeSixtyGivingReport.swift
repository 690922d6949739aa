/// How a 360Giving import treats what is not quite right.
///
/// ```swift
/// let options = ThreeSixtyGivingImportOptions(allowRounding: true, skipInvalid: true)
/// let report = try portfolio.importThreeSixtyGiving(from: data, options: options)
/// ```
public struct ThreeSixtyGivingImportOptions: Sendable, Hashable {
    /// Round amounts with more decimals than their currency has (half to
    /// even), reporting each rounding, instead of refusing the grant.
    public var allowRounding: Bool
    /// Import the valid grants and list the others as skipped, instead of
    /// refusing the whole file at the first invalid grant.
    public var skipInvalid: Bool

    /// Creates options; by default nothing is rounded and one bad grant refuses the file.
    public init(allowRounding: Bool = false, skipInvalid: Bool = false) {
        self.allowRounding = allowRounding
        self.skipInvalid = skipInvalid
    }
}

/// A currency's total and how many records make it up.
public struct CurrencyTotal: Hashable, Sendable, CustomStringConvertible {
    /// The sum, exact.
    public var amount: Money
    /// How many grants (or rows) were summed.
    public var count: Int

    /// Creates a total.
    public init(amount: Money, count: Int) {
        self.amount = amount
        self.count = count
    }

    /// `GBP 51,625,696.54 (870 grants)`.
    public var description: String { "\(amount.currency.code) \(amount.formatted()) (\(count) grant\(count == 1 ? "" : "s"))" }
}

/// What a 360Giving import did.
///
/// ```swift
/// let report = try portfolio.importThreeSixtyGiving(from: data)
/// print(report)   // 870 grants: 870 new, 0 updated, 0 unchanged; awarded GBP 51,625,696.54 (870 grants); …
/// for guess in report.dateGuesses { print(guess) }
/// ```
public struct ThreeSixtyGivingImportReport: Equatable, Sendable, CustomStringConvertible {
    /// Grants in the file.
    public var grants = 0
    /// Grants that were new: a project and an application were created.
    public var created = 0
    /// Grants already imported whose data changed, found by grant identifier.
    public var updated = 0
    /// Grants already imported exactly as the file has them.
    public var unchanged = 0
    /// Grants left out with ``ThreeSixtyGivingImportOptions/skipInvalid``, and why.
    public var skipped: [ImportError] = []
    /// Every date that was not an ISO date or date-time, and how it was read.
    public var dateGuesses: [DateGuess] = []
    /// Every amount rounded with ``ThreeSixtyGivingImportOptions/allowRounding``.
    public var roundings: [AmountRounding] = []
    /// Records created along the way.
    public var organisationsCreated = 0, peopleCreated = 0, fundingSourcesCreated = 0, themesCreated = 0
    /// The amounts awarded by the imported grants (not the skipped ones), per currency, by code.
    public var awardedTotals: [CurrencyTotal] = []

    /// Creates an empty report.
    public init() {}

    /// `870 grants: 870 new, 0 updated, 0 unchanged; awarded GBP 51,625,696.54 (870 grants); …`
    public var description: String {
        var text = interopCounted(grants, "grant", "grants") + ": \(created) new, \(updated) updated, \(unchanged) unchanged"
        if !skipped.isEmpty { text += ", \(skipped.count) skipped" }
        if !awardedTotals.isEmpty { text += "; awarded " + awardedTotals.map(\.description).joined(separator: ", ") }
        let created = [(organisationsCreated, "organisation", "organisations"), (peopleCreated, "person", "people"),
                       (fundingSourcesCreated, "funding source", "funding sources"), (themesCreated, "theme", "themes")]
            .filter { $0.0 > 0 }
        if !created.isEmpty { text += "; created " + created.map { interopCounted($0.0, $0.1, $0.2) }.joined(separator: ", ") }
        if !dateGuesses.isEmpty { text += "; " + interopCounted(dateGuesses.count, "date guess", "date guesses") }
        if !roundings.isEmpty { text += "; " + interopCounted(roundings.count, "amount rounded", "amounts rounded") }
        return text
    }
}

/// What a 360Giving export writes.
///
/// ```swift
/// var options = ThreeSixtyGivingExportOptions(prefix: "lpr")
/// options.funder = "innovation-norway"
/// ```
public struct ThreeSixtyGivingExportOptions: Sendable, Hashable {
    /// The publisher's 360Giving prefix, without `360G-`: identifiers of
    /// grants that were not imported are `360G-<prefix>-<project reference>`.
    public var prefix: String
    /// Only grants whose funder (the organisation operating the root of
    /// the funding-source path) has this handle or identifier.
    public var funder: String?

    /// Creates options.
    public init(prefix: String = "grantportfolio", funder: String? = nil) {
        self.prefix = prefix
        self.funder = funder
    }
}

/// What a 360Giving export wrote.
public struct ThreeSixtyGivingExportReport: Hashable, Sendable, CustomStringConvertible {
    /// Grants written.
    public var grants = 0
    /// Approved applications left out, and amounts left out of a grant, and
    /// why (no amount awarded; an amount in another currency than the award).
    public var skipped: [String] = []
    /// The amounts awarded by the grants written, per currency.
    public var awardedTotals: [CurrencyTotal] = []

    /// Creates an empty report.
    public init() {}

    /// `379 grants; awarded GBP 31,024,522.00 (375 grants), USD 153,934.00 (4 grants)`.
    public var description: String {
        var text = "\(grants) grant\(grants == 1 ? "" : "s")"
        if !awardedTotals.isEmpty { text += "; awarded " + awardedTotals.map(\.description).joined(separator: ", ") }
        if !skipped.isEmpty { text += "; \(skipped.count) skipped" }
        return text
    }
}

/// Sums of money per currency, kept apart.
struct CurrencyTotals {
    private var totals: [String: CurrencyTotal] = [:]

    mutating func add(_ money: Money) throws {
        if let total = totals[money.currency.code] {
            totals[money.currency.code] = CurrencyTotal(amount: try total.amount + money, count: total.count + 1)
        } else {
            totals[money.currency.code] = CurrencyTotal(amount: money, count: 1)
        }
    }

    var sorted: [CurrencyTotal] { totals.keys.sorted().map { totals[$0]! } }
}
