import CSQLite

/// An authorizer's answer to an ``AuthorizationRequest``.
///
/// See <https://www.sqlite.org/c3ref/c_deny.html>.
public enum AuthorizationDecision: Sendable, Hashable {
    /// Go on (`SQLITE_OK`).
    case allow
    /// Go on without this part (`SQLITE_IGNORE`): a column read reads NULL,
    /// a column update leaves the column as it is.
    case ignore
    /// Stop: the statement fails to prepare with `SQLITE_AUTH`, "not authorized" (`SQLITE_DENY`).
    case deny

    /// The value the authorizer callback returns to SQLite.
    var code: Int32 {
        switch self {
        case .allow: SQLITE_OK
        case .ignore: SQLITE_IGNORE
        case .deny: SQLITE_DENY
        }
    }
}
