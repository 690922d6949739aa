import Foundation

/// Why a money operation was refused. Money is never added across
/// currencies, rounded unasked, or allowed to wrap around.
public enum MoneyError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// Two amounts in different currencies were combined.
    case currencyMismatch(String, String)
    /// The result does not fit in 64-bit minor units.
    case overflow
    /// The text is not a decimal number.
    case notANumber(String)
    /// The amount has more decimals than the currency's minor unit.
    case tooManyDecimals(amount: String, currency: String, allowed: Int)
    /// No exchange rate converts between the two currencies on that date.
    case noExchangeRate(from: String, to: String, on: String)

    public var description: String {
        switch self {
        case .currencyMismatch(let a, let b):
            "cannot combine amounts in \(a) and \(b) without a conversion"
        case .overflow:
            "the amount is too large"
        case .notANumber(let text):
            "'\(text)' is not a decimal amount"
        case .tooManyDecimals(let amount, let currency, let allowed):
            "\(amount) has more decimals than \(currency) allows (\(allowed))"
        case .noExchangeRate(let from, let to, let date):
            "no exchange rate from \(from) to \(to) on \(date)"
        }
    }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}
