/// An amount that had more decimals than its currency and was rounded half
/// to even, because rounding was allowed.
public struct AmountRounding: Hashable, Sendable, CustomStringConvertible {
    /// The record, such as `grants[4] (360G-x-1)` or `row 3`.
    public var record: String
    /// The field, such as `amountAwarded`.
    public var field: String
    /// The number as written.
    public var read: String
    /// The amount stored.
    public var stored: Money

    /// Creates a rounding.
    public init(record: String, field: String, read: String, stored: Money) {
        self.record = record
        self.field = field
        self.read = read
        self.stored = stored
    }

    public var description: String { "\(record), \(field): \(read) rounded to \(stored.amountText) \(stored.currency.code)" }
}
