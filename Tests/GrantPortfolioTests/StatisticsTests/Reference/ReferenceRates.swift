import GrantPortfolio
import SQLiteCore

/// The stored exchange rates, and the conversion rule of issue 11.
///
/// A figure of `a` minor units of currency C, whose rate date is `d` (its
/// value date, else its set-on date), converts into the reporting currency T:
///
/// 1. C == T: as it is.
/// 2. Else by the stored rate C→T in force on `d` (the latest valid from `d`
///    or earlier): a × numerator / denominator.
/// 3. Else by the stored rate T→C in force on `d`, used inversely:
///    a × denominator / numerator.
/// 4. Else through one pivot currency P, the pivots tried in ascending code
///    order, the first P for which both legs exist: C→P (direct, else
///    inverse) and P→T (direct, else inverse), composed exactly into one
///    fraction (numerator₁·numerator₂ / denominator₁·denominator₂).
/// 5. Else it cannot be converted.
///
/// The fraction is applied once, scaled by 10^T.minorUnit / 10^C.minorUnit,
/// and rounded once half to even into T's minor unit (as
/// `ExchangeRate.convert` does). When the exact arithmetic overflows 128
/// bits, or the result does not fit 64-bit minor units, the figure counts as
/// one that cannot be converted.
///
/// With EUR as the target and only direct rates into EUR, this is the
/// library's former rule (direct rate only).
struct ReferenceRates {
    /// The rates of each pair, `from` → `to` → rates by ascending valid-from date.
    private var pairs: [String: [String: [ExchangeRate]]] = [:]
    /// Every currency that appears in a rate, ascending: the pivot candidates.
    let currencies: [String]

    /// A way from one currency to another on a date: an exact fraction and the stored rates it uses.
    struct Path {
        var numerator: Int128
        var denominator: Int128
        var rates: [ExchangeRate]
    }

    init(_ db: Connection) throws {
        let rates = try db.fetchAll(sql: ReferenceSQL.exchangeRates) { row in
            ExchangeRate(
                from: try row[0], to: try row[1], numerator: try row[2], denominator: try row[3],
                validFrom: try row[4], source: try row[5])
        }
        var codes = Set<String>()
        for rate in rates {
            pairs[rate.from, default: [:]][rate.to, default: []].append(rate)
            codes.insert(rate.from)
            codes.insert(rate.to)
        }
        for (from, targets) in pairs {
            for (to, list) in targets { pairs[from]![to] = list.sorted { $0.validFrom < $1.validFrom } }
        }
        currencies = codes.sorted()
    }

    /// The stored rate `from` → `to` in force on `date`: the latest valid from that date or earlier.
    func stored(from: String, to: String, on date: CalendarDate) -> ExchangeRate? {
        pairs[from]?[to]?.last { $0.validFrom <= date }
    }

    /// One leg `from` → `to` on `date`: the direct rate, else the inverse one.
    func leg(from: String, to: String, on date: CalendarDate) -> Path? {
        if let rate = stored(from: from, to: to, on: date) {
            return Path(numerator: Int128(rate.numerator), denominator: Int128(rate.denominator), rates: [rate])
        }
        if let rate = stored(from: to, to: from, on: date) {
            return Path(numerator: Int128(rate.denominator), denominator: Int128(rate.numerator), rates: [rate])
        }
        return nil
    }

    /// The way `from` → `to` on `date` (rules 2 to 4), or nil.
    func path(from: String, to: String, on date: CalendarDate) -> Path? {
        if let direct = leg(from: from, to: to, on: date) { return direct }
        for pivot in currencies where pivot != from && pivot != to {
            guard let first = leg(from: from, to: pivot, on: date), let second = leg(from: pivot, to: to, on: date) else {
                continue
            }
            // Both terms are below 2^63, so their products fit 128 bits.
            return Path(
                numerator: first.numerator * second.numerator, denominator: first.denominator * second.denominator,
                rates: first.rates + second.rates)
        }
        return nil
    }

    /// `amount` in `target` on `date` and the rates used (none when already in
    /// `target`), or nil when it cannot be converted.
    func convert(_ amount: Money, to target: Currency, on date: CalendarDate) throws -> (money: Money, rates: [ExchangeRate])? {
        if amount.currency.code == target.code { return (Money(minorUnits: amount.minorUnits, currency: target), []) }
        guard let path = path(from: amount.currency.code, to: target.code, on: date) else { return nil }
        // value = units × numerator × 10^targetScale / (denominator × 10^sourceScale).
        guard var dividend = Self.product(Int128(amount.minorUnits), path.numerator) else { return nil }
        var divisor = path.denominator
        for _ in 0..<target.minorUnit {
            guard let next = Self.product(dividend, 10) else { return nil }
            dividend = next
        }
        for _ in 0..<amount.currency.minorUnit {
            guard let next = Self.product(divisor, 10) else { return nil }
            divisor = next
        }
        let (quotient, remainder) = dividend.quotientAndRemainder(dividingBy: divisor)
        var rounded = quotient
        let twiceRemainder = remainder.magnitude * 2
        if twiceRemainder > divisor.magnitude || (twiceRemainder == divisor.magnitude && quotient % 2 != 0) {
            rounded += dividend < 0 ? -1 : 1
        }
        guard let units = Int64(exactly: rounded) else { return nil }
        return (Money(minorUnits: units, currency: target), path.rates)
    }

    /// `a × b`, or nil when it overflows 128 bits.
    private static func product(_ a: Int128, _ b: Int128) -> Int128? {
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : value
    }

    /// The order of ``PortfolioStatistics/ratesUsed``: by pair, then valid-from date.
    static func rateOrder(_ a: ExchangeRate, _ b: ExchangeRate) -> Bool {
        (a.from, a.to, a.validFrom.description) < (b.from, b.to, b.validFrom.description)
    }
}
