import CSQLite
import Foundation

/// A Swift value that can be read from one column of a result row.
///
/// Reads are strict: a `NULL` read into a non-optional type, or text read into
/// an integer, throws a ``RowDecodingError`` rather than guessing or trapping.
///
/// ```swift
/// let count: Int64 = try row[0]
/// let email: String? = try row["email"]
/// ```
public protocol SQLiteColumnDecodable {
    /// Reads the value from the column at the row's current position.
    ///
    /// - Throws: ``RowDecodingError`` when the column holds a value of another storage class or NULL, or one the
    ///   type cannot represent.
    init(column: Column) throws
}

/// One column of the current row of a statement, read in place.
///
/// It is valid only while the statement stays on that row: read what you need
/// and let it go.
public struct Column {
    @usableFromInline let handle: OpaquePointer
    @usableFromInline unowned(unsafe) let statement: Statement
    /// The column's zero-based index.
    public let index: Int32

    @inlinable
    init(statement: Statement, index: Int32) {
        self.handle = statement.handle
        self.statement = statement
        self.index = index
    }

    /// The storage class of the value.
    @inlinable
    public var storageClass: StorageClass {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: .integer
        case SQLITE_FLOAT: .real
        case SQLITE_TEXT: .text
        case SQLITE_BLOB: .blob
        default: .null
        }
    }

    /// True when the value is `NULL`.
    @inlinable
    public var isNull: Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

    /// The value as SQLite converts it to a 64-bit integer.
    @inlinable
    public var int64Value: Int64 { sqlite3_column_int64(handle, index) }

    /// The value as SQLite converts it to a double.
    @inlinable
    public var doubleValue: Double { sqlite3_column_double(handle, index) }

    /// The value as UTF-8 text, NUL characters included.
    @inlinable
    public var stringValue: String {
        guard let bytes = sqlite3_column_text(handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// Calls `body` with the value's bytes where SQLite holds them, without
    /// copying: a blob's bytes, or the UTF-8 of a text (of a number, as SQLite
    /// writes it as text). The buffer is empty for `NULL`.
    ///
    /// The buffer is valid only inside `body`; a reader that streams many rows
    /// (a bulk export, a digest) copies or hashes them there, without building
    /// a `String` or `Data` per value.
    ///
    /// - Parameter body: Reads the bytes.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    @inlinable
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        let start: UnsafeRawPointer? = sqlite3_column_type(handle, index) == SQLITE_BLOB
            ? sqlite3_column_blob(handle, index)
            : sqlite3_column_text(handle, index).map(UnsafeRawPointer.init)
        guard let start else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, index))))
    }

    /// The value as bytes.
    public var dataValue: Data {
        guard let bytes = sqlite3_column_blob(handle, index) else { return Data() }
        return Data(bytes: bytes, count: Int(sqlite3_column_bytes(handle, index)))
    }

    /// The column's name in the result.
    public var name: String { statement.columnNames[Int(index)] }

    /// The error that says this column cannot be read as `type`.
    public func mismatch<T>(_ type: T.Type) -> RowDecodingError {
        RowDecodingError(
            column: name, expectedType: String(describing: type),
            storageClass: storageClass, sql: statement.sql)
    }
}

extension Int64: SQLiteColumnDecodable {
    /// Reads the column's value.
    ///
    /// - Throws: ``RowDecodingError`` when the column holds NULL or a value of another storage class, or one the
    ///   type cannot represent.
    @inlinable
    public init(column: Column) throws {
        guard column.storageClass == .integer else { throw column.mismatch(Int64.self) }
        self = column.int64Value
    }
}

extension Int: SQLiteColumnDecodable {
    /// Reads the column's value.
    ///
    /// - Throws: ``RowDecodingError`` when the column holds NULL or a value of another storage class, or one the
    ///   type cannot represent.
    @inlinable
    public init(column: Column) throws {
        guard column.storageClass == .integer else { throw column.mismatch(Int.self) }
        self = Int(column.int64Value)
    }
}

extension Bool: SQLiteColumnDecodable {
    /// Reads the column's value.
    ///
    /// - Throws: ``RowDecodingError`` when the column holds NULL or a value of another storage class, or one the
    ///   type cannot represent.
    @inlinable
    public init(column: Column) throws {
        guard column.storageClass == .integer else { throw column.mismatch(Bool.self) }
        self = column.int64Value != 0
    }
}

extension Double: SQLiteColumnDecodable {
    /// Reads the column's value.
    ///
    /// - Throws: ``RowDecodingError`` when the column holds NULL or a value of another storage class, or one the
    ///   type cannot represent.
    @inlinable
    public init(column: Column) throws {
        switch column.storageClass {
        case .integer, .real: self = column.doubleValue
        default: throw column.mismatch(Double.self)
        }
    }
}

extension String: SQLiteColumnDecodable {
    /// Reads the column's value.
    ///
    /// - Throws: ``RowDecodingError`` when the column holds NULL or a value of another storage class, or one the
    ///   type cannot represent.
    @inlinable
    public init(column: Column) throws {
        guard column.storageClass == .text else { throw column.mismatch(String.self) }
        self = column.stringValue
    }
}

extension Data: SQLiteColumnDecodable {
    /// Reads the column's value.
    ///
    /// - Throws: ``RowDecodingError`` when the column holds NULL or a value of another storage class, or one the
    ///   type cannot represent.
    public init(column: Column) throws {
        switch column.storageClass {
        case .blob, .text: self = column.dataValue
        default: throw column.mismatch(Data.self)
        }
    }
}

extension Optional: SQLiteColumnDecodable where Wrapped: SQLiteColumnDecodable {
    /// Reads the column's value.
    ///
    /// - Throws: ``RowDecodingError`` when the column holds NULL or a value of another storage class, or one the
    ///   type cannot represent.
    @inlinable
    public init(column: Column) throws {
        self = column.isNull ? nil : try Wrapped(column: column)
    }
}
