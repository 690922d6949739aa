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
///
/// A rate is `Codable` with the camelCase keys of <doc:PortfolioJSONFormat>'s
/// `exchangeRates`: `{"from": "LVL", "to": "EUR", "numerator": 1000000,
/// "denominator": 702804, "validFrom": "1993-03-05", "source": "…"}`. Decoding
/// refuses an ill-formed currency code and a numerator or denominator that is
/// not greater than 0.
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
    ///
    /// - Throws: ``MoneyError`` (`currencyMismatch`) when `money` is not in ``from`` or `target` is not ``to``;
    ///   (`overflow`) when the result does not fit in 64 bits.
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

extension ExchangeRate: Codable {
    enum CodingKeys: String, CodingKey {
        case from
        case to
        case numerator
        case denominator
        case validFrom
        case source
    }

    /// Reads a rate, checking its codes and that its ratio is positive.
    ///
    /// - Throws: `DecodingError` when a key is missing (`keyNotFound`), a value has the wrong JSON type
    ///   (`typeMismatch`), or a value breaks a rule of the type, such as an ill-formed currency code or an invalid
    ///   date (`dataCorrupted`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func code(_ key: CodingKeys) throws -> String {
            let code = try container.decode(String.self, forKey: key)
            guard code.utf8.count == 3, code.utf8.allSatisfy({ (65...90).contains($0) }) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container, debugDescription: "'\(code)' is not an ISO 4217 code (three letters A-Z)")
            }
            return code
        }
        func positive(_ key: CodingKeys) throws -> Int64 {
            let value = try container.decode(Int64.self, forKey: key)
            guard value > 0 else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "must be greater than 0")
            }
            return value
        }
        self.init(
            from: try code(.from), to: try code(.to), numerator: try positive(.numerator),
            denominator: try positive(.denominator), validFrom: try container.decode(CalendarDate.self, forKey: .validFrom),
            source: try container.decode(String.self, forKey: .source))
    }

    /// Writes the rate.
    ///
    /// - Throws: What the encoder throws, such as `EncodingError.invalidValue` for a value it cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(numerator, forKey: .numerator)
        try container.encode(denominator, forKey: .denominator)
        try container.encode(validFrom, forKey: .validFrom)
        try container.encode(source, forKey: .source)
    }
}
