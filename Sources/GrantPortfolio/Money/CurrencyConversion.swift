import SQLiteCore

/// The one definition of how a money figure is converted into a reporting
/// currency: figure by figure, at the stored rates in force on the figure's
/// date, rounded once, half to even.
///
/// A figure in currency C, dated D, converts into T:
///
/// 1. as it is when C is T;
/// 2. else at the latest stored rate C → T valid on D;
/// 3. else at the inverse of the latest stored rate T → C valid on D
///    (1 EUR = 0.702804 LVL converts EUR into LVL);
/// 4. else through one pivot currency P, the first in code order for which
///    both legs C → P and P → T exist as in 2 or 3, the two rates multiplied
///    exactly into one fraction;
/// 5. else it cannot be converted: the statistics list it, never guess it.
///
/// A result that does not fit 64-bit minor units cannot be converted either.
struct CurrencyConversion {
    /// A stored rate, by its row id.
    struct StoredRate: Hashable {
        var id: Int64
        var rate: ExchangeRate
        /// `valid_from` as text, which sorts as dates do.
        var validFrom: String
    }

    /// One step of a conversion: a stored rate, used forwards or inverted.
    struct Leg: Hashable {
        var rate: StoredRate
        var inverted: Bool
    }

    /// A converted figure: its amount in the target currency, and the legs used.
    struct Conversion {
        var amount: Money
        var legs: [Leg]

        /// The ids of the stored rates used, packed into one integer (the
        /// first in the low 32 bits, the second above): 0 when none was needed.
        var rateKey: Int64 {
            legs.enumerated().reduce(0) { $0 | $1.element.rate.id << (32 * Int64($1.offset)) }
        }
    }

    private struct Pair: Hashable {
        var from: String
        var to: String
    }

    /// Per pair, its stored rates in order of `valid_from`.
    private var rates: [Pair: [StoredRate]] = [:]
    /// Every stored rate, by id.
    private var ratesByID: [Int64: ExchangeRate] = [:]
    /// Every currency of the portfolio, by code.
    let currencies: [String: Currency]
    /// The currencies that have a rate, in code order (the pivot candidates).
    private let pivots: [String]

    /// The rates and currencies stored in `db`.
    ///
    /// - Throws: `SQLiteError` when they cannot be read.
    init(db: Connection) throws {
        currencies = try Lookup.currencies(in: db)
        let stored = try db.fetchAll(sql: """
            SELECT \(ExchangeRate.columns), id FROM exchange_rate ORDER BY from_currency, to_currency, valid_from
            """) { row in
            StoredRate(id: try row[6], rate: try ExchangeRate(row: row), validFrom: try row[4])
        }
        for rate in stored {
            rates[Pair(from: rate.rate.from, to: rate.rate.to), default: []].append(rate)
            ratesByID[rate.id] = rate.rate
        }
        pivots = Set(stored.flatMap { [$0.rate.from, $0.rate.to] }).sorted()
    }

    /// The stored rate with this id.
    func rate(id: Int64) -> ExchangeRate? { ratesByID[id] }

    /// The stored rates a ``Conversion/rateKey`` names.
    func rates(inKey key: Int64) -> [ExchangeRate] {
        guard key > 0 else { return [] }
        return [key & 0xFFFF_FFFF, key >> 32].filter { $0 != 0 }.compactMap { rate(id: $0) }
    }

    /// The latest stored rate from → to valid on `date`.
    private func latest(_ from: String, _ to: String, on date: String) -> StoredRate? {
        rates[Pair(from: from, to: to)]?.last { $0.validFrom <= date }
    }

    /// A single leg from → to on `date`: the rate, else the inverse one.
    private func leg(_ from: String, _ to: String, on date: String) -> Leg? {
        if let rate = latest(from, to, on: date) { return Leg(rate: rate, inverted: false) }
        if let rate = latest(to, from, on: date) { return Leg(rate: rate, inverted: true) }
        return nil
    }

    /// The legs that convert `source` into `target` on `date` (empty when
    /// they are the same currency), or nil when no stored rates do.
    func legs(from source: String, to target: String, on date: String) -> [Leg]? {
        if source == target { return [] }
        if let leg = leg(source, target, on: date) { return [leg] }
        for pivot in pivots where pivot != source && pivot != target {
            if let first = leg(source, pivot, on: date), let second = leg(pivot, target, on: date) { return [first, second] }
        }
        return nil
    }

    /// `minorUnits` of `currency` converted into `target` as of `date`, or
    /// nil when it cannot be (no rate, an unknown currency, or a result past
    /// 64 bits).
    func convert(_ minorUnits: Int64, of currency: String, into target: Currency, on date: String) -> Conversion? {
        guard let source = currencies[currency], let legs = legs(from: currency, to: target.code, on: date) else { return nil }
        if legs.isEmpty { return Conversion(amount: Money(minorUnits: minorUnits, currency: target), legs: []) }
        // value = units × Π(numerator) × 10^targetScale / (Π(denominator) × 10^sourceScale)
        var dividend = Int128(minorUnits)
        var divisor = Int128(1)
        func multiply(_ value: inout Int128, by factor: Int64) -> Bool {
            let (product, overflow) = value.multipliedReportingOverflow(by: Int128(factor))
            value = product
            return !overflow
        }
        for leg in legs {
            let (up, down) = leg.inverted ? (leg.rate.rate.denominator, leg.rate.rate.numerator) : (leg.rate.rate.numerator, leg.rate.rate.denominator)
            guard down != 0, multiply(&dividend, by: up), multiply(&divisor, by: down) else { return nil }
        }
        for _ in 0..<target.minorUnit { guard multiply(&dividend, by: 10) else { return nil } }
        for _ in 0..<source.minorUnit { guard multiply(&divisor, by: 10) else { return nil } }
        if divisor < 0 {
            dividend = 0 - dividend
            divisor = 0 - divisor
        }
        let (quotient, remainder) = dividend.quotientAndRemainder(dividingBy: divisor)
        var rounded = quotient
        let twiceRemainder = remainder.magnitude * 2
        if twiceRemainder > divisor.magnitude || (twiceRemainder == divisor.magnitude && quotient % 2 != 0) {
            rounded += dividend < 0 ? -1 : 1
        }
        guard let units = Int64(exactly: rounded) else { return nil }
        return Conversion(amount: Money(minorUnits: units, currency: target), legs: legs)
    }
}
