import Foundation

/// A value as SQLite stores it: one of its five storage classes.
///
/// See <https://www.sqlite.org/datatype3.html>.
public enum SQLiteValue: Sendable, Hashable {
    case null
    case integer(Int64)
    /// A floating-point value. Never used for money, which is stored as integer minor units.
    case real(Double)
    case text(String)
    case blob(Data)

    /// The storage class of the value.
    public var storageClass: StorageClass {
        switch self {
        case .null: .null
        case .integer: .integer
        case .real: .real
        case .text: .text
        case .blob: .blob
        }
    }
}

/// SQLite's storage classes.
public enum StorageClass: Sendable, Hashable, CustomStringConvertible {
    case null, integer, real, text, blob

    public var description: String {
        switch self {
        case .null: "NULL"
        case .integer: "INTEGER"
        case .real: "REAL"
        case .text: "TEXT"
        case .blob: "BLOB"
        }
    }
}

extension SQLiteValue: SQLiteBindable {
    public var sqliteValue: SQLiteValue { self }
}

extension SQLiteValue: SQLiteColumnDecodable {
    public init(column: Column) {
        switch column.storageClass {
        case .null: self = .null
        case .integer: self = .integer(column.int64Value)
        case .real: self = .real(column.doubleValue)
        case .text: self = .text(column.stringValue)
        case .blob: self = .blob(column.dataValue)
        }
    }
}

extension SQLiteValue: ExpressibleByNilLiteral, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    public init(nilLiteral: ()) { self = .null }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(stringLiteral value: String) { self = .text(value) }
}
