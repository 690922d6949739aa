import CSQLite

extension Statement {
    /// Replaces all bindings with `values`, bound in order to the statement's
    /// positional parameters (`?`), without building ``StatementArguments``.
    ///
    /// Each value keeps its static type, so nothing is boxed as an existential
    /// and no array is built: this is the binding of the library's hot paths
    /// (a bulk insert runs it once per row). The rules and the errors are
    /// those of ``bind(arguments:)``.
    ///
    /// - Throws: ``SQLiteError`` with code `range` when the number of values is not the statement's number of
    ///   parameters, or the code SQLite reports when it refuses a value (`tooBig`).
    @inlinable
    public func bind<each Value: SQLiteBindable>(values: repeat each Value) throws {
        var count = 0
        for _ in repeat each values { count += 1 }
        guard count == parameterCount, hasOnlyPositionalParameters else {
            // Named parameters, or a count that does not match: the general
            // path, which binds what it can and throws its usual error.
            var array: [SQLiteValue] = []
            for value in repeat each values { array.append(value.sqliteValue) }
            try bind(arguments: StatementArguments(array))
            return
        }
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        var index = 0
        for value in repeat each values {
            index += 1
            try bind(value, at: index)
        }
    }

    /// True when every parameter is positional (`?` or `?NNN`).
    @usableFromInline
    var hasOnlyPositionalParameters: Bool {
        for index in stride(from: 1, through: parameterCount, by: 1) {
            if let name = sqlite3_bind_parameter_name(handle, Int32(index)), name.pointee != UInt8(ascii: "?") {
                return false
            }
        }
        return true
    }
}

extension Connection {
    /// Runs exactly one SQL statement with `values` bound in order to its
    /// positional parameters: ``execute(sql:arguments:)`` without building
    /// ``StatementArguments``, for statements run once per row.
    ///
    /// ```swift
    /// for theme in themes {
    ///     try db.execute(sql: "INSERT INTO theme (vocabulary, code, title) VALUES (?, ?, ?)",
    ///                    binding: theme.vocabulary, theme.code, theme.title)
    /// }
    /// ```
    ///
    /// - Throws: ``SQLiteError`` when the statement cannot be prepared, the values do not match its parameters
    ///   (code `range`), or SQLite fails running it.
    @inlinable
    public func execute<each Value: SQLiteBindable>(sql: String, binding values: repeat each Value) throws {
        let statement = try cachedStatement(sql: sql)
        try statement.bind(values: repeat each values)
        defer { statement.reset() }
        while try statement.step() {}
    }
}

extension Statement {
    /// Binds `values` in order to the positional parameters and runs the
    /// statement to its end: for a statement prepared once and run per row,
    /// without looking it up in the cache each time.
    ///
    /// ```swift
    /// let insert = try db.cachedStatement(sql: "INSERT INTO theme (vocabulary, code, title) VALUES (?, ?, ?)")
    /// for theme in themes {
    ///     try insert.execute(binding: theme.vocabulary, theme.code, theme.title)
    /// }
    /// ```
    ///
    /// - Throws: ``SQLiteError`` when the values do not match the statement's parameters (code `range`), or SQLite
    ///   fails running it.
    @inlinable
    public func execute<each Value: SQLiteBindable>(binding values: repeat each Value) throws {
        try bind(values: repeat each values)
        defer { reset() }
        while try step() {}
    }
}
