/// The values bound to a statement's parameters: by position (`?`, `?NNN`),
/// by name (`:name`, `@name`, `$name`), or both.
///
/// ```swift
/// let byPosition: StatementArguments = ["LPR-2013-07", 2013]
/// let byName: StatementArguments = ["reference": "LPR-2013-07", "year": 2013]
/// ```
///
/// Values are always bound, never spliced into the SQL.
public struct StatementArguments: Sendable, Hashable, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    /// Values for positional parameters, in order.
    public var positional: [SQLiteValue]
    /// Values for named parameters, by name without its `:`, `@` or `$` prefix.
    public var named: [String: SQLiteValue]

    /// Creates arguments.
    public init(_ positional: [SQLiteValue] = [], named: [String: SQLiteValue] = [:]) {
        self.positional = positional
        self.named = named
    }

    /// Creates positional arguments from Swift values.
    public init(_ values: [(any SQLiteBindable)?]) {
        self.init(values.map { $0?.sqliteValue ?? .null })
    }

    public init(arrayLiteral elements: (any SQLiteBindable)?...) {
        self.init(elements)
    }

    public init(dictionaryLiteral elements: (String, (any SQLiteBindable)?)...) {
        var named: [String: SQLiteValue] = [:]
        for (key, value) in elements { named[Self.bareName(key)] = value?.sqliteValue ?? .null }
        self.init([], named: named)
    }

    /// True when there are no values.
    public var isEmpty: Bool { positional.isEmpty && named.isEmpty }

    /// A parameter name without its `:`, `@` or `$` prefix.
    static func bareName<S: StringProtocol>(_ name: S) -> String {
        if let first = name.first, first == ":" || first == "@" || first == "$" {
            return String(name.dropFirst())
        }
        return String(name)
    }
}
