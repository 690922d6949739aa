/// A JSON value that keeps what Foundation's parser and encoder lose: the
/// order of an object's keys, and each number exactly as written (so
/// `1234.50` stays `1234.50`, never a binary float). Output is byte-stable.
///
/// ```swift
/// let grant = try JSONValue(parsing: #"{"amountAwarded": 10000.10, "currency": "GBP"}"#)
/// grant["amountAwarded"]?.numberText        // "10000.10"
///
/// let figures: JSONValue = ["developed": 14, "approvedBudget": .number("3228810.00")]
/// figures.jsonText(style: .compact)         // {"developed":14,"approvedBudget":3228810.00}
/// ```
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A number, as its exact text (valid JSON number syntax).
    case number(String)
    case string(String)
    case array([JSONValue])
    /// An object's members, in order.
    case object([(key: String, value: JSONValue)])

    /// An integer.
    public static func integer(_ value: Int64) -> JSONValue { .number(String(value)) }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        case .number(let text): hasher.combine(text)
        case .string(let text): hasher.combine(text)
        case .array(let values): hasher.combine(values)
        case .object(let members):
            for member in members {
                hasher.combine(member.key)
                hasher.combine(member.value)
            }
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .number(String(value)) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// An object with the members in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(elements.map { (key: $0.0, value: $0.1) })
    }
}
