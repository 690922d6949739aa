/// One question SQLite asks an authorizer while it compiles a statement: may
/// it do ``action`` with these arguments?
///
/// ```swift
/// // SELECT upper(key) FROM metadata asks, among others:
/// AuthorizationRequest(action: .function, first: nil, second: "upper")
/// AuthorizationRequest(action: .read, first: "metadata", second: "key", database: "main")
/// ```
///
/// The arguments are the third to sixth of the `sqlite3_set_authorizer`
/// callback (<https://www.sqlite.org/c3ref/set_authorizer.html>); what
/// ``first`` and ``second`` mean depends on the action (see
/// ``AuthorizerAction``).
public struct AuthorizationRequest: Sendable, Hashable {
    /// What SQLite would do.
    public var action: AuthorizerAction
    /// The action's first argument, such as a table or pragma name.
    public var first: String?
    /// The action's second argument, such as a column or function name, or a pragma's argument.
    public var second: String?
    /// The database (`main`, `temp`, or an attached name), when there is one.
    public var database: String?
    /// The innermost trigger or view whose code asks, or nil when the statement itself asks.
    public var triggerOrView: String?

    /// Creates a request.
    public init(
        action: AuthorizerAction, first: String? = nil, second: String? = nil, database: String? = nil,
        triggerOrView: String? = nil
    ) {
        self.action = action
        self.first = first
        self.second = second
        self.database = database
        self.triggerOrView = triggerOrView
    }
}
