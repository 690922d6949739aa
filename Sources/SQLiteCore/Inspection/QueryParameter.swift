/// A named value for a parameter of an ad-hoc query: `:name`, `@name` or
/// `$name` in the SQL.
///
/// ```swift
/// let parameter = try QueryParameter(parsing: "year=2013")
/// parameter.name   // "year"
/// parameter.value  // .integer(2013)
/// ```
///
/// Parsed from `name=value` (the form of `grants query --param`), the text
/// is split at the first `=`; a `:`, `@` or `$` before the name is dropped.
/// The value is bound as an INTEGER when it is a 64-bit integer written the
/// way SQLite prints one (`-?(0|[1-9][0-9]*)`, and not `-0`); otherwise as
/// TEXT, exactly as given (so `007`, `-0`, `+1`, `1.5`, `1e3`, ` 42` and
/// `'x'; DROP TABLE t` are all text). Values are always bound, never spliced into the SQL.
public struct QueryParameter: Sendable, Hashable, CustomStringConvertible {
    /// The parameter's name, without `:`, `@` or `$`.
    public var name: String
    /// The value bound to it.
    public var value: SQLiteValue

    /// Creates a parameter. A `:`, `@` or `$` before `name` is dropped.
    public init(name: String, value: SQLiteValue) {
        self.name = QueryParameter.bareName(name)
        self.value = value
    }

    /// Parses `name=value`, inferring the value's type by the rule above.
    ///
    /// - Throws: ``AdHocQueryError/invalidParameter(_:reason:)`` when there is
    ///   no `=` or the name is empty or not a plain name.
    public init(parsing argument: String) throws {
        guard let equals = argument.firstIndex(of: "=") else {
            throw AdHocQueryError.invalidParameter(argument, reason: "expected name=value")
        }
        let name = QueryParameter.bareName(String(argument[..<equals]))
        guard !name.isEmpty else {
            throw AdHocQueryError.invalidParameter(argument, reason: "the name before = is empty")
        }
        guard name.unicodeScalars.allSatisfy({ $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) })
        else {
            throw AdHocQueryError.invalidParameter(
                argument, reason: "a name has only letters, digits and _")
        }
        self.init(name: name, value: QueryParameter.inferredValue(String(argument[argument.index(after: equals)...])))
    }

    /// The value `text` is bound as: INTEGER when it is a 64-bit integer in
    /// canonical form (as SQLite prints it), TEXT otherwise.
    ///
    /// ```swift
    /// QueryParameter.inferredValue("-12")  // .integer(-12)
    /// QueryParameter.inferredValue("012")  // .text("012")
    /// ```
    public static func inferredValue(_ text: String) -> SQLiteValue {
        // Int64(_:) also accepts "+1" and "007"; the round trip keeps only the canonical form.
        guard let integer = Int64(text), String(integer) == text else { return .text(text) }
        return .integer(integer)
    }

    /// `name=value`: NULL as nothing, a BLOB as SQLite's literal `X'hex'`.
    public var description: String {
        switch value {
        case .null: "\(name)="
        case .integer(let integer): "\(name)=\(integer)"
        case .real(let real): "\(name)=\(real)"
        case .text(let text): "\(name)=\(text)"
        case .blob(let data):
            "\(name)=X'" + data.map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined() + "'"
        }
    }

    private static func bareName(_ name: String) -> String {
        if let first = name.first, first == ":" || first == "@" || first == "$" { return String(name.dropFirst()) }
        return name
    }
}
