/// An exact fraction, such as a success rate, with a rounded percentage for display.
///
/// ```swift
/// let rate = Ratio(8, of: 14)
/// rate.percentText()          // "57.1"
/// rate.description            // "8/14 (57.1%)"
/// Ratio(0, of: 0).percentText()  // nil
/// ```
///
/// It is `Codable` with camelCase keys, the style of <doc:PortfolioJSONFormat>:
/// `{"denominator": 14, "numerator": 8}` (the percentage is derived, not written).
public struct Ratio: Hashable, Sendable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    /// Creates `numerator`/`denominator`.
    public init(_ numerator: Int, of denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The percentage rounded half to even to `decimals` places (0 to 4), as
    /// text (`"57.1"`); nil when the denominator is zero.
    public func percentText(decimals: Int = 1) -> String? {
        guard denominator != 0, (0...4).contains(decimals) else { return nil }
        var scale = 100
        for _ in 0..<decimals { scale *= 10 }
        let dividend = numerator * scale
        let (quotient, remainder) = dividend.quotientAndRemainder(dividingBy: denominator)
        var rounded = quotient
        let twice = remainder.magnitude * 2
        if twice > denominator.magnitude || (twice == denominator.magnitude && quotient % 2 != 0) {
            rounded += (dividend < 0) != (denominator < 0) ? -1 : 1
        }
        // The exponent is within 0...4, which a currency's minor unit allows.
        guard let unit = try? Currency(code: "XXX", minorUnit: decimals) else { return nil }
        return Money(minorUnits: Int64(rounded), currency: unit).formatted(grouping: false)
    }

    /// `8/14 (57.1%)`, or `0/0` when the denominator is zero.
    public var description: String {
        guard let percent = percentText() else { return "\(numerator)/\(denominator)" }
        return "\(numerator)/\(denominator) (\(percent)%)"
    }
}
