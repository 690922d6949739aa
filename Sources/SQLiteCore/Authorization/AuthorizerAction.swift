import CSQLite

/// What SQLite asks an authorizer to allow while it compiles a statement: the
/// action codes of `sqlite3_set_authorizer`.
///
/// See <https://www.sqlite.org/c3ref/c_alter_table.html>. What the request's
/// ``AuthorizationRequest/first`` and ``AuthorizationRequest/second`` hold
/// depends on the action; each case says.
public enum AuthorizerAction: Sendable, Hashable, CustomStringConvertible {
    /// `CREATE INDEX`: index name, table name.
    case createIndex
    /// `CREATE TABLE`: table name.
    case createTable
    /// `CREATE TEMP INDEX`: index name, table name.
    case createTempIndex
    /// `CREATE TEMP TABLE`: table name.
    case createTempTable
    /// `CREATE TEMP TRIGGER`: trigger name, table name.
    case createTempTrigger
    /// `CREATE TEMP VIEW`: view name.
    case createTempView
    /// `CREATE TRIGGER`: trigger name, table name.
    case createTrigger
    /// `CREATE VIEW`: view name.
    case createView
    /// `DELETE`: table name.
    case delete
    /// `DROP INDEX`: index name, table name.
    case dropIndex
    /// `DROP TABLE`: table name.
    case dropTable
    /// `DROP INDEX` of a temporary index: index name, table name.
    case dropTempIndex
    /// `DROP TABLE` of a temporary table: table name.
    case dropTempTable
    /// `DROP TRIGGER` of a temporary trigger: trigger name, table name.
    case dropTempTrigger
    /// `DROP VIEW` of a temporary view: view name.
    case dropTempView
    /// `DROP TRIGGER`: trigger name, table name.
    case dropTrigger
    /// `DROP VIEW`: view name.
    case dropView
    /// `INSERT`: table name.
    case insert
    /// `PRAGMA`: pragma name, its argument (nil when none).
    case pragma
    /// Reading a column: table name, column name (empty for `count(*)`).
    case read
    /// `SELECT` (each SELECT, subqueries included).
    case select
    /// `BEGIN`, `COMMIT` or `ROLLBACK`: that word.
    case transaction
    /// `UPDATE` of a column: table name, column name.
    case update
    /// `ATTACH`: file name.
    case attach
    /// `DETACH`: database name.
    case detach
    /// `ALTER TABLE`: database name, table name.
    case alterTable
    /// `REINDEX`: index name.
    case reindex
    /// `ANALYZE`: table name.
    case analyze
    /// `CREATE VIRTUAL TABLE`: table name, module name.
    case createVirtualTable
    /// `DROP TABLE` of a virtual table: table name, module name.
    case dropVirtualTable
    /// A function call: nil, function name.
    case function
    /// `SAVEPOINT`, `RELEASE` or `ROLLBACK TO`: `BEGIN`, `RELEASE` or `ROLLBACK`, then the savepoint name.
    case savepoint
    /// A recursive common table expression.
    case recursive
    /// `COPY`: no longer used by SQLite.
    case copy
    /// An action code this library does not know.
    case other(Int32)

    /// The action for SQLite's action `code`.
    public init(code: Int32) {
        switch code {
        case SQLITE_CREATE_INDEX: self = .createIndex
        case SQLITE_CREATE_TABLE: self = .createTable
        case SQLITE_CREATE_TEMP_INDEX: self = .createTempIndex
        case SQLITE_CREATE_TEMP_TABLE: self = .createTempTable
        case SQLITE_CREATE_TEMP_TRIGGER: self = .createTempTrigger
        case SQLITE_CREATE_TEMP_VIEW: self = .createTempView
        case SQLITE_CREATE_TRIGGER: self = .createTrigger
        case SQLITE_CREATE_VIEW: self = .createView
        case SQLITE_DELETE: self = .delete
        case SQLITE_DROP_INDEX: self = .dropIndex
        case SQLITE_DROP_TABLE: self = .dropTable
        case SQLITE_DROP_TEMP_INDEX: self = .dropTempIndex
        case SQLITE_DROP_TEMP_TABLE: self = .dropTempTable
        case SQLITE_DROP_TEMP_TRIGGER: self = .dropTempTrigger
        case SQLITE_DROP_TEMP_VIEW: self = .dropTempView
        case SQLITE_DROP_TRIGGER: self = .dropTrigger
        case SQLITE_DROP_VIEW: self = .dropView
        case SQLITE_INSERT: self = .insert
        case SQLITE_PRAGMA: self = .pragma
        case SQLITE_READ: self = .read
        case SQLITE_SELECT: self = .select
        case SQLITE_TRANSACTION: self = .transaction
        case SQLITE_UPDATE: self = .update
        case SQLITE_ATTACH: self = .attach
        case SQLITE_DETACH: self = .detach
        case SQLITE_ALTER_TABLE: self = .alterTable
        case SQLITE_REINDEX: self = .reindex
        case SQLITE_ANALYZE: self = .analyze
        case SQLITE_CREATE_VTABLE: self = .createVirtualTable
        case SQLITE_DROP_VTABLE: self = .dropVirtualTable
        case SQLITE_FUNCTION: self = .function
        case SQLITE_SAVEPOINT: self = .savepoint
        case SQLITE_RECURSIVE: self = .recursive
        case SQLITE_COPY: self = .copy
        default: self = .other(code)
        }
    }

    /// The SQL that asks for this action, such as `DELETE` or `CREATE TEMP VIEW`.
    public var description: String {
        switch self {
        case .createIndex: "CREATE INDEX"
        case .createTable: "CREATE TABLE"
        case .createTempIndex: "CREATE TEMP INDEX"
        case .createTempTable: "CREATE TEMP TABLE"
        case .createTempTrigger: "CREATE TEMP TRIGGER"
        case .createTempView: "CREATE TEMP VIEW"
        case .createTrigger: "CREATE TRIGGER"
        case .createView: "CREATE VIEW"
        case .delete: "DELETE"
        case .dropIndex, .dropTempIndex: "DROP INDEX"
        case .dropTable, .dropTempTable: "DROP TABLE"
        case .dropTrigger, .dropTempTrigger: "DROP TRIGGER"
        case .dropView, .dropTempView: "DROP VIEW"
        case .insert: "INSERT"
        case .pragma: "PRAGMA"
        case .read: "reading a column"
        case .select: "SELECT"
        case .transaction: "transaction control"
        case .update: "UPDATE"
        case .attach: "ATTACH"
        case .detach: "DETACH"
        case .alterTable: "ALTER TABLE"
        case .reindex: "REINDEX"
        case .analyze: "ANALYZE"
        case .createVirtualTable: "CREATE VIRTUAL TABLE"
        case .dropVirtualTable: "DROP TABLE (virtual)"
        case .function: "a function call"
        case .savepoint: "SAVEPOINT"
        case .recursive: "a recursive WITH"
        case .copy: "COPY"
        case .other(let code): "SQLite authorizer action \(code)"
        }
    }
}
