import Foundation

/// An exact amount of money: an integer count of a currency's minor units.
///
/// ```swift
/// let budget = try Money(parsing: "3228810.00", currency: .eur)
/// budget.minorUnits                 // 322881000
/// budget.formatted()                // "3,228,810.00"
/// try budget + Money(parsing: "10", currency: .nok)   // throws: different currencies
/// ```
///
/// There is no floating point anywhere: amounts are parsed from decimal text
/// digit by digit, sums are checked for overflow, and amounts in different
/// currencies are never added; convert them first with an ``ExchangeRate``.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    /// The amount in minor units (cents for EUR).
    public let minorUnits: Int64
    /// The currency.
    public let currency: Currency

    /// Creates an amount from minor units.
    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Zero in `currency`.
    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

    /// Parses a decimal amount in major units, such as `"1234.50"`, `"-3"` or `"1.5e3"`.
    ///
    /// Throws ``MoneyError/tooManyDecimals(amount:currency:allowed:)`` when the
    /// amount has more (non-zero) decimals than the currency's minor unit.
    ///
    /// - Throws: ``MoneyError``: `notANumber` when `text` is not a decimal number, `tooManyDecimals` when it has
    ///   more decimals than the currency, `overflow` when it does not fit in 64 bits of minor units.
    public init(parsing text: String, currency: Currency) throws {
        let parsed = try Money.parse(text, currency: currency)
        guard parsed.isExact else {
            throw MoneyError.tooManyDecimals(amount: text, currency: currency.code, allowed: currency.minorUnit)
        }
        self = parsed.money
    }

    /// Parses a decimal amount, rounding half to even to the currency's minor
    /// unit when it has more decimals. `isExact` tells whether it did.
    ///
    /// - Throws: ``MoneyError``: `notANumber` when `text` is not a decimal number, `overflow` when it does not fit
    ///   in 64 bits of minor units.
    public static func parse(_ text: String, currency: Currency) throws -> (money: Money, isExact: Bool) {
        var decimal = try DecimalText(text)
        let isExact = decimal.roundHalfEven(toScale: currency.minorUnit)
        guard let units = decimal.minorUnits(scale: currency.minorUnit) else { throw MoneyError.overflow }
        return (Money(minorUnits: units, currency: currency), isExact)
    }

    /// The amount in major units, as an exact `Decimal`.
    public var decimal: Decimal {
        Decimal(sign: minorUnits < 0 ? .minus : .plus, exponent: -currency.minorUnit,
                significand: Decimal(minorUnits.magnitude))
    }

    /// The amount as plain decimal text with all of the currency's decimals: `"3228810.00"`.
    public var amountText: String { formatted(grouping: false) }

    /// The amount with the currency's decimals, and thousands grouped by
    /// `separator` unless `grouping` is false: `"3,228,810.00"`.
    public func formatted(grouping: Bool = true, separator: Character = ",") -> String {
        var digits = String(minorUnits.magnitude)
        let scale = currency.minorUnit
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        let integerPart = digits.dropLast(scale)
        let fraction = digits.suffix(scale)
        var grouped = ""
        for (offset, digit) in integerPart.enumerated() {
            if grouping && offset > 0 && (integerPart.count - offset) % 3 == 0 { grouped.append(separator) }
            grouped.append(digit)
        }
        return (minorUnits < 0 ? "-" : "") + grouped + (scale > 0 ? "." + fraction : "")
    }

    /// `"3,228,810.00 EUR"`.
    public var description: String { formatted() + " " + currency.code }

    /// The sum; throws when the currencies differ or the sum overflows.
    ///
    /// - Throws: ``MoneyError``: `currencyMismatch` when the currencies differ, `overflow` when the sum does not
    ///   fit in 64 bits.
    public static func + (lhs: Money, rhs: Money) throws -> Money {
        guard lhs.currency == rhs.currency else {
            throw MoneyError.currencyMismatch(lhs.currency.code, rhs.currency.code)
        }
        let (sum, overflow) = lhs.minorUnits.addingReportingOverflow(rhs.minorUnits)
        guard !overflow else { throw MoneyError.overflow }
        return Money(minorUnits: sum, currency: lhs.currency)
    }

    /// The difference; throws when the currencies differ or it overflows.
    ///
    /// - Throws: ``MoneyError``: `currencyMismatch` when the currencies differ, `overflow` when the difference does
    ///   not fit in 64 bits.
    public static func - (lhs: Money, rhs: Money) throws -> Money {
        guard lhs.currency == rhs.currency else {
            throw MoneyError.currencyMismatch(lhs.currency.code, rhs.currency.code)
        }
        let (difference, overflow) = lhs.minorUnits.subtractingReportingOverflow(rhs.minorUnits)
        guard !overflow else { throw MoneyError.overflow }
        return Money(minorUnits: difference, currency: lhs.currency)
    }
}

/// A decimal number held as digit text, so that any JSON or CSV number can be
/// read exactly and rounded by the rules, never through binary floating point.
struct DecimalText {
    var isNegative: Bool
    /// The digits, without leading zeros (empty for zero).
    var digits: [UInt8]
    /// How many of `digits` are after the decimal point (may be negative).
    var scale: Int

    /// Parses `[+-]digits[.digits][(e|E)[+-]digits]`.
    init(_ text: String) throws {
        var bytes = Substring(text).utf8[...]
        isNegative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            isNegative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var mantissa: [UInt8] = []
        var fractionDigits = 0
        var seenPoint = false
        var exponent = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if (48...57).contains(byte) {
                mantissa.append(byte - 48)
                if seenPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                let exponentText = String(decoding: bytes[bytes.index(after: index)...], as: UTF8.self)
                guard let value = Int(exponentText), abs(value) < 400 else { throw MoneyError.notANumber(text) }
                exponent = value
                index = bytes.endIndex
                break
            } else {
                throw MoneyError.notANumber(text)
            }
            index = bytes.index(after: index)
        }
        guard !mantissa.isEmpty else { throw MoneyError.notANumber(text) }
        while mantissa.first == 0 { mantissa.removeFirst() }
        digits = mantissa
        scale = fractionDigits - exponent
        if digits.isEmpty { isNegative = false }
    }

    /// Rounds half to even so that at most `target` digits follow the point.
    /// Returns true when nothing but zeros was dropped.
    mutating func roundHalfEven(toScale target: Int) -> Bool {
        guard scale > target else { return true }
        let drop = scale - target
        guard drop <= digits.count else {
            // Every digit is below the last kept place: the value is under 1/10 of a unit.
            let exact = digits.allSatisfy { $0 == 0 }
            let isHalfOrMore = drop == digits.count && (digits.first ?? 0) >= 5
            let isAboveHalf = isHalfOrMore && (digits.first! > 5 || digits.dropFirst().contains { $0 != 0 })
            // Half exactly rounds to the even neighbour, zero.
            digits = isAboveHalf ? [1] : []
            scale = target
            return exact
        }
        let kept = Array(digits.prefix(digits.count - drop))
        let dropped = digits.suffix(drop)
        let first = dropped.first!
        let restIsZero = dropped.dropFirst().allSatisfy { $0 == 0 }
        let exact = first == 0 && restIsZero
        let lastKeptIsOdd = (kept.last ?? 0) % 2 == 1
        let roundUp = first > 5 || (first == 5 && (!restIsZero || lastKeptIsOdd))
        digits = kept
        scale = target
        if roundUp { incrementLastDigit() }
        while digits.first == 0 { digits.removeFirst() }
        return exact
    }

    private mutating func incrementLastDigit() {
        var index = digits.count - 1
        while index >= 0 {
            if digits[index] == 9 {
                digits[index] = 0
                index -= 1
            } else {
                digits[index] += 1
                return
            }
        }
        digits.insert(1, at: 0)
    }

    /// The value as an integer count of units of 10^-`target`, or nil on overflow.
    /// Requires `scale <= target`.
    func minorUnits(scale target: Int) -> Int64? {
        // Accumulated with its sign, so that Int64.min, which has no positive
        // counterpart, is read as well as written.
        let sign: Int64 = isNegative ? -1 : 1
        var value: Int64 = 0
        for digit in digits + [UInt8](repeating: 0, count: target - scale) {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(sign * Int64(digit))
            if o1 || o2 { return nil }
            value = next
        }
        return value
    }
}
