/// A stored exchange rate: one unit of ``from`` is worth
/// ``numerator``/``denominator`` units of ``to``, from ``validFrom`` on.
///
/// Rates are exact ratios of integers, so the irrevocable euro rate of the
/// lats is stored as it was fixed: 1 EUR = 0.702804 LVL, that is
/// 702804/1000000.
///
/// ```swift
/// let lvlToEur = ExchangeRate(from: "LVL", to: "EUR", numerator: 1_000_000, denominator: 702_804,
///                             validFrom: try CalendarDate("1993-03-05"), source: "Council Decision 2013/387/EU")
/// try lvlToEur.convert(Money(parsing: "702804.00", currency: .lvl), to: .eur)   // 1,000,000.00 EUR
/// ```
public struct ExchangeRate: Hashable, Sendable, CustomStringConvertible {
    public var from: String
    public var to: String
    public var numerator: Int64
    public var denominator: Int64
    public var validFrom: CalendarDate
    public var source: String

    /// Creates a rate.
    public init(from: String, to: String, numerator: Int64, denominator: Int64, validFrom: CalendarDate, source: String) {
        self.from = from
        self.to = to
        self.numerator = numerator
        self.denominator = denominator
        self.validFrom = validFrom
        self.source = source
    }

    /// Converts `money` (in ``from``) to `target` (``to``), rounding half to even
    /// to the target's minor unit.
    public func convert(_ money: Money, to target: Currency) throws -> Money {
        guard money.currency.code == from, target.code == to else {
            throw MoneyError.currencyMismatch(money.currency.code, from)
        }
        // value = units × numerator × 10^targetScale / (denominator × 10^sourceScale), in 128 bits.
        var dividend = Int128(money.minorUnits) * Int128(numerator)
        var divisor = Int128(denominator)
        for _ in 0..<target.minorUnit { dividend *= 10 }
        for _ in 0..<money.currency.minorUnit { divisor *= 10 }
        let (quotient, remainder) = dividend.quotientAndRemainder(dividingBy: divisor)
        var rounded = quotient
        let twiceRemainder = remainder.magnitude * 2
        if twiceRemainder > divisor.magnitude || (twiceRemainder == divisor.magnitude && quotient % 2 != 0) {
            rounded += dividend < 0 ? -1 : 1
        }
        guard let units = Int64(exactly: rounded) else { throw MoneyError.overflow }
        return Money(minorUnits: units, currency: target)
    }

    /// `1 LVL = 1000000/702804 EUR from 1993-03-05 (source)`.
    public var description: String {
        "1 \(from) = \(numerator)/\(denominator) \(to) from \(validFrom) (\(source))"
    }
}
