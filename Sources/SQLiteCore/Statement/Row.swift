/// The current row of a statement.
///
/// Read columns by index (fastest: the hot paths of the library do this) or by
/// name; each read is typed and throws rather than guessing:
///
/// ```swift
/// struct Theme: RowDecodable {
///     var code: String, title: String?
///     init(row: Row) throws {
///         code = try row[0]
///         title = try row[1]
///     }
/// }
/// ```
///
/// A row is a view into its statement: it is valid only until the statement
/// steps again. Copy out what you need.
public struct Row {
    @usableFromInline unowned(unsafe) let statement: Statement

    @inlinable
    init(statement: Statement) { self.statement = statement }

    /// The number of columns.
    public var count: Int { statement.columnCount }

    /// The column names.
    public var columnNames: [String] { statement.columnNames }

    /// The value of the column at a zero-based `index`.
    @inlinable
    public subscript<Value: SQLiteColumnDecodable>(_ index: Int) -> Value {
        get throws { try Value(column: Column(statement: statement, index: Int32(index))) }
    }

    /// The value of the column with this name (case-insensitive).
    public subscript<Value: SQLiteColumnDecodable>(_ name: String) -> Value {
        get throws {
            guard let index = statement.columnIndex(named: name) else {
                throw SQLiteError(code: .range, message: "no column named \(name)", sql: statement.sql)
            }
            return try Value(column: Column(statement: statement, index: Int32(index)))
        }
    }

    /// The column at a zero-based `index`, for reading its storage class or raw value.
    @inlinable
    public func column(_ index: Int) -> Column {
        Column(statement: statement, index: Int32(index))
    }

    /// All values of the row, in column order.
    public var values: [SQLiteValue] {
        (0..<count).map { SQLiteValue(column: column($0)) }
    }
}

/// A type that decodes itself from a result row, by hand.
///
/// Hand-written decoding reads columns by index with no reflection or
/// `Codable` machinery; on hot paths it is several times faster.
public protocol RowDecodable {
    /// Reads an instance from the current row.
    ///
    /// - Throws: What reading the row's columns throws: a ``RowDecodingError`` when a column is missing or holds
    ///   another storage class, or the conforming type's own error for a value it refuses.
    init(row: Row) throws
}

@available(*, unavailable, message: "Row is not Sendable: it is a view into its statement")
extension Row: Sendable {}
