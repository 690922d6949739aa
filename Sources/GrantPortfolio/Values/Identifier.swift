import SQLiteCore

/// A typed row identifier: `Project.ID` and `Application.ID` are different
/// types, so one cannot be passed where the other is meant.
///
/// ```swift
/// let id: Project.ID = try store.create(project)
/// try store.fetch(id)
/// ```
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

    public init(column: Column) throws {
        self.init(try Int64(column: column))
    }
}
