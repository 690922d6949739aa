import Foundation

/// A Swift value that can be bound to a statement parameter.
///
/// ```swift
/// try db.execute(sql: "INSERT INTO person (handle, name) VALUES (?, ?)",
///                arguments: ["vz", "Viktorija Želtkova"])
/// ```
///
/// Conform your own types by returning their ``SQLiteValue``:
///
/// ```swift
/// extension Project.ID: SQLiteBindable {
///     public var sqliteValue: SQLiteValue { .integer(rawValue) }
/// }
/// ```
public protocol SQLiteBindable {
    /// The value SQLite stores.
    var sqliteValue: SQLiteValue { get }
}

extension Int64: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .integer(self) }
}

extension Int: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
}

extension Int32: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
}

extension Bool: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
}

extension Double: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .real(self) }
}

extension String: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .text(self) }
}

extension Substring: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .text(String(self)) }
}

extension Data: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .blob(self) }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    public var sqliteValue: SQLiteValue {
        switch self {
        case .none: .null
        case .some(let value): value.sqliteValue
        }
    }
}
