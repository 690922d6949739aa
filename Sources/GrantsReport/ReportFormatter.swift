import Foundation
import GrantPortfolio

/// Numbers, money, percentages and dates written the way a language's
/// locale writes them, by Foundation's locale-aware formatting (CLDR's data,
/// on Linux too): `3 228 810` in Latvian and Norwegian (grouped with U+00A0,
/// a no-break space, as Foundation on Linux gives it), `3,228,810` in English.
public struct ReportFormatter: Sendable {
    /// The language whose locale is used.
    public let language: ReportLanguage

    /// A formatter for `language`.
    public init(language: ReportLanguage) { self.language = language }

    /// An integer with the locale's grouping: `3 228 810`.
    public func integer(_ value: Int) -> String {
        value.formatted(.number.locale(language.locale))
    }

    /// A year as it is written, without grouping: `2007`.
    public func year(_ value: Int) -> String {
        value.formatted(.number.grouping(.never).locale(language.locale))
    }

    /// An amount with the locale's grouping and decimal mark, without its
    /// minor units when they are zero, then its currency code: `3 228 810 EUR`,
    /// `1 200,50 NOK`.
    public func money(_ money: Money) -> String {
        "\(amount(money)) \(money.currency.code)"
    }

    /// The amount of `money` alone (see ``money(_:)``).
    public func amount(_ money: Money) -> String {
        let minorUnit = money.currency.minorUnit
        var scale: Int64 = 1
        for _ in 0..<minorUnit { scale *= 10 }
        let whole = money.minorUnits % scale == 0
        let digits = whole ? 0 : minorUnit
        return money.decimal.formatted(.number.precision(.fractionLength(digits)).locale(language.locale))
    }

    /// A decimal number with up to `digits` decimals: an exchange rate.
    public func decimal(_ value: Decimal, maximumDecimals digits: Int = 6) -> String {
        value.formatted(.number.precision(.fractionLength(0...digits)).locale(language.locale))
    }

    /// A ratio as a percentage with one decimal (`57,1 %` in Norwegian); nil
    /// when the denominator is zero.
    public func percent(_ ratio: Ratio) -> String? {
        guard ratio.denominator != 0 else { return nil }
        let value = Decimal(ratio.numerator) / Decimal(ratio.denominator)
        return value.formatted(.percent.precision(.fractionLength(1)).locale(language.locale))
    }

    /// A date written out: `31. decembris 2013`-style, as the locale writes it.
    public func longDate(_ date: CalendarDate) -> String {
        format(date, style: .long)
    }

    /// A date in the locale's short numeric form: `31.12.2013.`.
    public func numericDate(_ date: CalendarDate) -> String {
        format(date, style: .numeric)
    }

    private func format(_ date: CalendarDate, style: Date.FormatStyle.DateStyle) -> String {
        var calendar = Calendar(identifier: .gregorian)
        let utc = TimeZone(identifier: "UTC") ?? TimeZone.current
        calendar.timeZone = utc
        let components = DateComponents(year: date.year, month: date.month, day: date.day, hour: 12)
        guard let moment = calendar.date(from: components) else { return date.description }
        return moment.formatted(Date.FormatStyle(date: style, time: .omitted, locale: language.locale, calendar: calendar, timeZone: utc))
    }
}
