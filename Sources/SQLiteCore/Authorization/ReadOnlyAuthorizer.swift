/// Decides what a read-only statement may do, by a ``ReadOnlyPolicy``, and
/// remembers the first thing it refused: the authorizer of
/// ``ReadOnlyStatement``.
///
/// ```swift
/// let authorizer = ReadOnlyAuthorizer()
/// _ = try? db.withAuthorizer(authorizer.authorize) { try db.makeStatement(sql: "DELETE FROM metadata") }
/// print(authorizer.refusal!)  // DELETE on metadata would change the database; queries only read
/// ```
///
/// Allowed: `SELECT`, reading any column, recursive `WITH`, the functions
/// and pragma reads the policy names. Refused: every write (`INSERT`,
/// `UPDATE`, `DELETE`, `CREATE`, `DROP`, `ALTER`, `ANALYZE`, `REINDEX`, virtual
/// tables), `ATTACH`, `DETACH`, transaction control, any other pragma or
/// function, any action code not listed here.
///
/// One exception: an `UPDATE` of `sqlite_master`'s columns is ignored
/// (``AuthorizationDecision/ignore``, the column keeps its value) rather than
/// refused. SQLite 3.40 asks for it while it sets up an eponymous virtual
/// table such as `json_each` or `pragma_table_info` (newer versions do not
/// ask), and refusing it would make those fail. A real `UPDATE sqlite_master`
/// is still refused: SQLite reports it as writing, and defensive mode forbids it.
public final class ReadOnlyAuthorizer {
    /// What is allowed.
    public let policy: ReadOnlyPolicy
    /// The first request refused since this authorizer was made or last reset.
    public private(set) var refusal: ReadOnlyStatementError?

    /// Creates an authorizer for `policy`.
    public init(policy: ReadOnlyPolicy = .standard) {
        self.policy = policy
    }

    /// Decides `request`, and remembers it when it is the first refused.
    public func authorize(_ request: AuthorizationRequest) -> AuthorizationDecision {
        if request.action == .update, let table = request.first?.lowercased(),
            table == "sqlite_master" || table == "sqlite_temp_master"
        {
            return .ignore
        }
        guard let reason = ReadOnlyAuthorizer.refusal(of: request, by: policy) else { return .allow }
        if refusal == nil { refusal = reason }
        return .deny
    }

    /// Forgets the refusal remembered.
    public func reset() {
        refusal = nil
    }

    /// Why `policy` refuses `request`, or nil when it allows it.
    public static func refusal(of request: AuthorizationRequest, by policy: ReadOnlyPolicy) -> ReadOnlyStatementError? {
        switch request.action {
        case .select, .read, .recursive:
            return nil
        case .function:
            let name = (request.second ?? "").lowercased()
            return policy.functions.contains(name) ? nil : .functionNotAllowed(name: name)
        case .pragma:
            let name = (request.first ?? "").lowercased()
            if policy.pragmasTakingArgument.contains(name) { return nil }
            guard policy.pragmas.contains(name) else {
                return .pragmaNotAllowed(name: name, allowed: policy.allowedPragmas)
            }
            return request.second == nil ? nil : .pragmaSetsValue(name: name)
        case .attach, .detach:
            return .attachOrDetach(keyword: request.action.description)
        case .transaction:
            return .transactionControl(keyword: request.first ?? "BEGIN")
        case .savepoint:
            let keyword = switch request.first {
            case "RELEASE": "RELEASE"
            case "ROLLBACK": "ROLLBACK TO"
            default: "SAVEPOINT"
            }
            return .transactionControl(keyword: keyword)
        case .insert, .update, .delete:
            let table = request.first?.lowercased()
            if table == "sqlite_master" || table == "sqlite_temp_master" { return .changesSchema }
            return .changesDatabase(statement: request.action.description, object: request.first)
        case .reindex, .analyze, .createVirtualTable, .dropVirtualTable,
            .createTable, .createTempTable, .createIndex, .createTempIndex, .createView, .createTempView,
            .createTrigger, .createTempTrigger, .dropTable, .dropTempTable, .dropIndex, .dropTempIndex,
            .dropView, .dropTempView, .dropTrigger, .dropTempTrigger:
            return .changesDatabase(statement: request.action.description, object: request.first)
        case .alterTable:
            return .changesDatabase(statement: request.action.description, object: request.second)
        case .copy, .other:
            return .notAllowed(action: request.action.description)
        }
    }
}
