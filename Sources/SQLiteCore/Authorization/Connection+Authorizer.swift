import CSQLite

extension Connection {
    /// Runs `body` with `authorize` asked about each action of each statement
    /// SQLite compiles on this connection meanwhile (`sqlite3_set_authorizer`),
    /// then removes it.
    ///
    /// ```swift
    /// let statement = try db.withAuthorizer({ request in
    ///     request.action == .delete ? .deny : .allow
    /// }) {
    ///     try db.makeStatement(sql: "DELETE FROM metadata")  // throws: not authorized
    /// }
    /// ```
    ///
    /// SQLite compiles statements while they are prepared, and also while
    /// they run: when a statement is prepared again after a schema change,
    /// and when a table-valued pragma function (`pragma_table_info(...)`)
    /// runs its `PRAGMA`. Wrap both preparing and stepping to see them all.
    /// Actions of the schema being read are not asked about.
    ///
    /// The connection has one authorizer at a time: do not nest calls.
    ///
    /// - Parameters:
    ///   - authorize: Decides each request. It must not use the connection.
    ///   - body: The work to run under the authorizer.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    ///
    /// See <https://www.sqlite.org/c3ref/set_authorizer.html>.
    public func withAuthorizer<Result>(
        _ authorize: @escaping (AuthorizationRequest) -> AuthorizationDecision,
        _ body: () throws -> Result
    ) rethrows -> Result {
        let box = AuthorizerBox(authorize)
        sqlite3_set_authorizer(
            handle,
            { context, code, first, second, database, triggerOrView in
                guard let context else { return SQLITE_DENY }
                let box = Unmanaged<AuthorizerBox>.fromOpaque(context).takeUnretainedValue()
                let request = AuthorizationRequest(
                    action: AuthorizerAction(code: code), first: first.map { String(cString: $0) },
                    second: second.map { String(cString: $0) }, database: database.map { String(cString: $0) },
                    triggerOrView: triggerOrView.map { String(cString: $0) })
                return box.authorize(request).code
            },
            Unmanaged.passUnretained(box).toOpaque())
        defer { sqlite3_set_authorizer(handle, nil, nil) }
        return try withExtendedLifetime(box) { try body() }
    }
}

/// Keeps the authorizer closure alive for SQLite's C callback.
private final class AuthorizerBox {
    let authorize: (AuthorizationRequest) -> AuthorizationDecision
    init(_ authorize: @escaping (AuthorizationRequest) -> AuthorizationDecision) { self.authorize = authorize }
}
