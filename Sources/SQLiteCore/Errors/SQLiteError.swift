import CSQLite
import Foundation

/// An error reported by SQLite.
///
/// It carries the extended result code (its ``ResultCode/primary`` code is
/// derived), SQLite's message, and the SQL that failed. Values bound to the
/// statement are never part of the error, so it can be logged without leaking
/// the data it was writing.
///
/// ```swift
/// do {
///     try db.execute(sql: "INSERT INTO project (reference) VALUES (?)", arguments: ["LPR-2013-07"])
/// } catch let error as SQLiteError where error.constraintKind == .unique {
///     print("already there:", error.message)
/// }
/// ```
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// The extended result code.
    public let code: ResultCode
    /// SQLite's message, such as `UNIQUE constraint failed: project.reference`.
    public let message: String
    /// The SQL being run, if any.
    public let sql: String?

    /// Creates an error.
    public init(code: ResultCode, message: String? = nil, sql: String? = nil) {
        self.code = code
        self.message = message ?? String(cString: sqlite3_errstr(code.rawValue))
        self.sql = sql
    }

    /// The primary result code, such as ``ResultCode/constraint``.
    public var primaryCode: ResultCode { code.primary }

    /// Which kind of constraint failed, when the error is a constraint violation.
    public var constraintKind: ConstraintKind? {
        guard code.primary == .constraint else { return nil }
        switch code {
        case .constraintUnique: return .unique
        case .constraintPrimaryKey: return .primaryKey
        case .constraintForeignKey: return .foreignKey
        case .constraintCheck: return .check
        case .constraintNotNull: return .notNull
        case .constraintTrigger: return .trigger
        case .constraintDataType: return .dataType
        default: return .other
        }
    }

    public var description: String {
        var text = "SQLite error \(code.rawValue): \(message)"
        if let sql { text += " - while executing `\(sql)`" }
        return text
    }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }

    /// The error the connection's last failed call left, read from `sqlite3_extended_errcode`.
    static func last(on handle: OpaquePointer?, code: Int32, sql: String?) -> SQLiteError {
        guard let handle else { return SQLiteError(code: ResultCode(rawValue: code), sql: sql) }
        let extended = sqlite3_extended_errcode(handle)
        // The connection's last error may be stale when `code` came from elsewhere
        // (sqlite3_backup_step, for one); keep the code we were given then.
        let resolved = (extended & 0xFF) == (code & 0xFF) ? extended : code
        return SQLiteError(
            code: ResultCode(rawValue: resolved),
            message: String(cString: sqlite3_errmsg(handle)),
            sql: sql)
    }
}

/// The kinds of constraint SQLite enforces, as told by the extended result code.
public enum ConstraintKind: Sendable, Hashable {
    /// A `UNIQUE` constraint or unique index.
    case unique
    /// A `PRIMARY KEY` constraint.
    case primaryKey
    /// A `REFERENCES` (foreign key) constraint.
    case foreignKey
    /// A `CHECK` constraint.
    case check
    /// A `NOT NULL` constraint.
    case notNull
    /// A trigger's `RAISE(ABORT, ...)`.
    case trigger
    /// A `STRICT` table's column type.
    case dataType
    /// Any other constraint.
    case other
}
