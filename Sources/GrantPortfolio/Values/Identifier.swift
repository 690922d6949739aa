import SQLiteCore

/// A typed row identifier: `Project.ID` and `Application.ID` are different
/// types, so one cannot be passed where the other is meant.
///
/// ```swift
/// let id: Project.ID = try store.create(project)
/// try store.fetch(id)
/// ```
///
/// It is `Codable` as a bare JSON integer, the row id: `42`.
///
/// Which models are `Identifiable`: those whose identity is never nil.
///
/// - ``ProjectSummary``, always read from the database, by its project's
///   id (``Project/ID``).
/// - ``Status``, by its ``Status/code``, unique in the vocabulary.
///
/// The models whose row id is nil until they are stored (``Project``,
/// ``Application``, ``StatusEvent``, ``MoneyFigure``, ``Organisation``,
/// ``Person``, ``Theme``, ``FundingSource``) are not: `Identifiable`
/// requires `id` to be of type `ID`, their `ID` is this type and their `id`
/// is optional, and records not yet stored would all share the identity nil.
/// Each of them has a stable key of its own for lists and diffing before it
/// is stored: a project's ``Project/reference``, the `handle` of an
/// organisation, person or funding source, a theme's ``Theme/key``.
public struct Identifier<Owner>: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The row's `id` in its table.
    public let rawValue: Int64

    /// Wraps a row id.
    public init(_ rawValue: Int64) { self.rawValue = rawValue }

    public var description: String { String(rawValue) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Identifier: SQLiteBindable, SQLiteColumnDecodable {
    public var sqliteValue: SQLiteValue { .integer(rawValue) }

    /// Reads the row id from an INTEGER column.
    ///
    /// - Throws: `RowDecodingError` when the column is not an INTEGER.
    public init(column: Column) throws {
        self.init(try Int64(column: column))
    }
}

/// An identifier encodes as its row id, a JSON integer: `42`.
extension Identifier: Codable {
    /// Reads a row id.
    ///
    /// - Throws: `DecodingError` when the value is not a 64-bit integer (`typeMismatch`, or `dataCorrupted` for a
    ///   number that does not fit).
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(Int64.self))
    }

    /// Writes the row id.
    ///
    /// - Throws: What the encoder throws, such as `EncodingError.invalidValue` for a value it cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
