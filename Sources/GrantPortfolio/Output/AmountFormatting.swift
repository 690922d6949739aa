/// Amounts held as integer minor units, shown with thousands separators.
///
/// ```swift
/// try AmountFormatting.string(minorUnits: 322_881_000, exponent: 2)   // "3,228,810.00"
/// try AmountFormatting.string(minorUnits: -5, exponent: 2)            // "-0.05"
/// try AmountFormatting.string(minorUnits: 1_500, exponent: 0)         // "1,500"
/// ```
///
/// This is a convenience for amounts read from SQL without their currency
/// record: the digits come from ``Money/formatted(grouping:separator:)``
/// (with ISO 4217's "XXX", no currency), so there is one formatting rule in
/// the library. With a ``Money`` at hand, call its `formatted()` directly.
/// Put such amounts in ``TextTable/Alignment/right`` columns.
public enum AmountFormatting {
    /// `minorUnits` divided by 10^`exponent`, with all `exponent` decimals and,
    /// unless `grouping` is false, thousands grouped by `separator`.
    ///
    /// - Throws: ``PortfolioError/invalidValue(record:field:value:reason:)``
    ///   when `exponent` is outside 0...4, the range of ISO 4217 minor units.
    public static func string(
        minorUnits: Int64, exponent: Int, grouping: Bool = true, separator: Character = ","
    ) throws -> String {
        let currency = try Currency(code: "XXX", minorUnit: exponent)
        return Money(minorUnits: minorUnits, currency: currency).formatted(grouping: grouping, separator: separator)
    }
}
