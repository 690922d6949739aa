import CSQLite

/// A prepared SQL statement.
///
/// Statements come from a ``Connection``: ``Connection/cachedStatement(sql:)``
/// returns one prepared once and kept for reuse, which is what the library's
/// hot paths use; ``Connection/makeStatement(sql:)`` prepares a fresh one.
///
/// ```swift
/// let insert = try db.cachedStatement(sql: "INSERT INTO theme (vocabulary, code, title) VALUES (?, ?, ?)")
/// for theme in themes {
///     try insert.execute(arguments: [theme.vocabulary, theme.code, theme.title])
/// }
/// ```
///
/// A statement is not `Sendable`: it belongs to its connection's thread of use.
public final class Statement {
    @usableFromInline let handle: OpaquePointer
    /// The SQL the statement was prepared from.
    public let sql: String
    /// The number of columns in each result row.
    public let columnCount: Int
    /// The number of parameters the SQL has.
    public let parameterCount: Int
    /// True while a ``RowCursor`` iterates the statement, so the connection's
    /// cache hands out another statement instead of disturbing it.
    var isInUse = false

    private var _columnNames: [String]?
    private var _columnIndexes: [String: Int]?

    init(handle: OpaquePointer, sql: String) {
        self.handle = handle
        self.sql = sql
        self.columnCount = Int(sqlite3_column_count(handle))
        self.parameterCount = Int(sqlite3_bind_parameter_count(handle))
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// True when the statement makes no direct change to the database
    /// (see <https://www.sqlite.org/c3ref/stmt_readonly.html>).
    public var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }

    /// The names of the result columns, read once.
    public var columnNames: [String] {
        if let names = _columnNames { return names }
        let names = (0..<Int32(columnCount)).map { String(cString: sqlite3_column_name(handle, $0)) }
        _columnNames = names
        return names
    }

    /// The index of the result column with this name (case-insensitive), resolved
    /// once per statement and then looked up.
    public func columnIndex(named name: String) -> Int? {
        if _columnIndexes == nil {
            var indexes: [String: Int] = [:]
            for (index, column) in columnNames.enumerated() where indexes[column.lowercased()] == nil {
                indexes[column.lowercased()] = index
            }
            _columnIndexes = indexes
        }
        return _columnIndexes?[name.lowercased()]
    }

    // MARK: Binding

    /// Binds one value to the parameter at a one-based `index`.
    ///
    /// - Throws: ``SQLiteError`` with code `range` when `index` is not a parameter of the statement, or the code
    ///   SQLite reports when it refuses the value (`tooBig`).
    @inlinable
    public func bind<Value: SQLiteBindable>(_ value: Value, at index: Int) throws {
        try bind(value.sqliteValue, at: index)
    }

    /// Binds one value to the parameter at a one-based `index`.
    ///
    /// - Throws: ``SQLiteError`` with code `range` when `index` is not a parameter of the statement, or the code
    ///   SQLite reports when it refuses the value (`tooBig`).
    public func bind(_ value: SQLiteValue, at index: Int) throws {
        let position = Int32(index)
        let code: Int32
        switch value {
        case .null:
            code = sqlite3_bind_null(handle, position)
        case .integer(let int):
            code = sqlite3_bind_int64(handle, position, int)
        case .real(let double):
            code = sqlite3_bind_double(handle, position, double)
        case .text(var string):
            code = string.withUTF8 { bytes in
                // An empty buffer may have no address, and a NULL pointer would bind NULL.
                let base = bytes.baseAddress.map { UnsafeRawPointer($0) } ?? Statement.emptyText
                return sqlite3_bind_text(
                    handle, position, base.assumingMemoryBound(to: CChar.self),
                    Int32(bytes.count), SQLITE_TRANSIENT)
            }
        case .blob(let data):
            code = data.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress, bytes.count > 0 else {
                    return sqlite3_bind_zeroblob(handle, position, 0)
                }
                return sqlite3_bind_blob(handle, position, base, Int32(bytes.count), SQLITE_TRANSIENT)
            }
        }
        guard code == SQLITE_OK else {
            throw SQLiteError.last(on: sqlite3_db_handle(handle), code: code, sql: sql)
        }
    }

    private static var emptyText: UnsafeRawPointer { UnsafeRawPointer(("" as StaticString).utf8Start) }

    /// Replaces all bindings with `arguments`.
    ///
    /// Throws when a parameter has no value or a value has no parameter.
    ///
    /// - Throws: ``SQLiteError`` with code `range` when the arguments do not match the statement's parameters (a
    ///   missing or unknown name, too many or too few positional values), or the code SQLite reports when it
    ///   refuses a value.
    public func bind(arguments: StatementArguments) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        var nextPositional = 0
        for index in stride(from: 1, through: parameterCount, by: 1) {
            if let cName = sqlite3_bind_parameter_name(handle, Int32(index)), cName.pointee != UInt8(ascii: "?") {
                let name = StatementArguments.bareName(String(cString: cName))
                guard let value = arguments.named[name] else {
                    throw SQLiteError(code: .range, message: "missing value for parameter :\(name)", sql: sql)
                }
                try bind(value, at: index)
            } else {
                guard nextPositional < arguments.positional.count else {
                    throw SQLiteError(
                        code: .range,
                        message: "statement expects more than \(arguments.positional.count) positional arguments",
                        sql: sql)
                }
                try bind(arguments.positional[nextPositional], at: index)
                nextPositional += 1
            }
        }
        guard nextPositional == arguments.positional.count else {
            throw SQLiteError(
                code: .range,
                message: "statement takes \(nextPositional) positional arguments, got \(arguments.positional.count)",
                sql: sql)
        }
        for name in arguments.named.keys where !hasParameter(named: name) {
            throw SQLiteError(code: .range, message: "statement has no parameter :\(name)", sql: sql)
        }
    }

    private func hasParameter(named name: String) -> Bool {
        [":", "@", "$"].contains { sqlite3_bind_parameter_index(handle, $0 + name) != 0 }
    }

    // MARK: Running

    /// Advances to the next row. Returns true when a row is available, false when done.
    ///
    /// On error the statement is reset and the error thrown.
    ///
    /// - Throws: ``SQLiteError`` with the code SQLite reports: a constraint, `busy`, `interrupt`, `readOnly`,
    ///   `full`, `corrupt`, and the like.
    @inlinable
    @discardableResult
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw stepError(code)
        }
    }

    @usableFromInline
    func stepError(_ code: Int32) -> SQLiteError {
        let error = SQLiteError.last(on: sqlite3_db_handle(handle), code: code, sql: sql)
        sqlite3_reset(handle)
        return error
    }

    /// Resets the statement so it can run again; bindings are kept.
    public func reset() {
        sqlite3_reset(handle)
    }

    /// Binds `arguments`, runs the statement to completion, and resets it.
    ///
    /// - Throws: ``SQLiteError`` when the arguments do not match the statement's parameters (code `range`), or
    ///   SQLite fails running it.
    public func execute(arguments: StatementArguments = []) throws {
        try bind(arguments: arguments)
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// The current row. Valid until the next ``step()`` or ``reset()``.
    @inlinable
    public var row: Row { Row(statement: self) }
}

/// Tells SQLite to copy bound text and blobs before the bind call returns.
let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

@available(*, unavailable, message: "Statement is not Sendable: it belongs to its connection")
extension Statement: Sendable {}
