import Foundation

/// What a database holds: its tables and views, their row counts, and the
/// SQL that created them, for orientation (`grants tables`, `grants schema`).
///
/// ```swift
/// let db = try AdHocQuery.openConnection(path: "lpr.sqlite")
/// let inspector = DatabaseInspector(db)
/// for table in try inspector.tables(counts: true) {
///     print(table.name, table.kind, table.rowCount ?? 0)   // metadata table 1
/// }
/// print(try inspector.schema().map(\.sql).joined(separator: ";\n"))
/// ```
///
/// SQLite's internal objects (names beginning `sqlite_`, such as
/// `sqlite_sequence` and `sqlite_autoindex_…`) are left out. Only the `main`
/// database is inspected.
public struct DatabaseInspector {
    /// The connection read from.
    public let connection: Connection

    /// Creates an inspector reading through `connection`.
    public init(_ connection: Connection) {
        self.connection = connection
    }

    /// A table or view.
    public struct Table: Sendable, Hashable {
        /// Whether an object is a table or a view.
        public enum Kind: String, Sendable, Hashable {
            case table, view
        }

        /// The name.
        public var name: String
        /// Table or view.
        public var kind: Kind
        /// The number of rows, when counts were asked for.
        public var rowCount: Int64?

        /// Creates a table summary.
        public init(name: String, kind: Kind, rowCount: Int64? = nil) {
            self.name = name
            self.kind = kind
            self.rowCount = rowCount
        }
    }

    /// One object of the schema and the SQL that created it.
    public struct SchemaObject: Sendable, Hashable {
        /// `table`, `index`, `view` or `trigger`.
        public var type: String
        /// The object's name.
        public var name: String
        /// The table or view the object belongs to (its own name for a table or view).
        public var tableName: String
        /// The `CREATE` statement, as stored in `sqlite_schema`, without a final `;`.
        public var sql: String

        /// Creates a schema object.
        public init(type: String, name: String, tableName: String, sql: String) {
            self.type = type
            self.name = name
            self.tableName = tableName
            self.sql = sql
        }
    }

    /// The tables and views, by name (tables first), with their row counts
    /// when `counts` is true.
    ///
    /// Each count is `SELECT count(*) FROM "name"`, the name quoted as an
    /// identifier (see ``quotedIdentifier(_:)``). Counting a view runs it.
    ///
    /// - Throws: ``SQLiteError`` when SQLite cannot read the schema or count a table's rows (the file is busy, or a
    ///   view's SQL fails), or ``RowDecodingError`` when `sqlite_schema` holds an unexpected value.
    public func tables(counts: Bool = false) throws -> [Table] {
        var tables = try connection.fetchAll(
            sql: """
                SELECT name, type FROM sqlite_schema
                WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                ORDER BY type = 'view', name
                """
        ) { row in
            Table(name: try row[0], kind: Table.Kind(rawValue: try row[1]) ?? .table)
        }
        if counts {
            for index in tables.indices {
                let sql = "SELECT count(*) FROM \(DatabaseInspector.quotedIdentifier(tables[index].name))"
                let statement = try connection.makeStatement(sql: sql)
                tables[index].rowCount = try statement.step() ? try statement.row[0] as Int64 : 0
            }
        }
        return tables
    }

    /// The schema: every table, view, index and trigger with its SQL, tables
    /// first, then views, indexes and triggers, each kind by name (the order
    /// of the `sqlite3` shell's `.schema`). This order depends only on the
    /// schema, not on the order objects were created in.
    ///
    /// - Parameter tables: When not empty, only these tables or views and the
    ///   indexes and triggers on them.
    /// - Throws: ``DatabaseInspector/UnknownTable`` when a name in `tables` is neither a table nor a view.
    public func schema(tables: [String] = []) throws -> [SchemaObject] {
        let objects = try connection.fetchAll(
            sql: """
                SELECT type, name, tbl_name, sql FROM sqlite_schema
                WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'view' THEN 1 WHEN 'index' THEN 2 ELSE 3 END, name
                """
        ) { row in
            SchemaObject(type: try row[0], name: try row[1], tableName: try row[2], sql: try row[3])
        }
        guard !tables.isEmpty else { return objects }
        let known = Set(objects.filter { $0.type == "table" || $0.type == "view" }.map { $0.name.lowercased() })
        for name in tables where !known.contains(name.lowercased()) {
            throw UnknownTable(name: name)
        }
        let wanted = Set(tables.map { $0.lowercased() })
        return objects.filter { wanted.contains($0.tableName.lowercased()) }
    }

    /// A name asked for is neither a table nor a view.
    public struct UnknownTable: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
        /// The name asked for.
        public var name: String

        /// Creates the error for `name`.
        public init(name: String) { self.name = name }

        public var description: String { "no table or view named \(JSONStringLiteral.quoted(name))" }

        /// The same text as ``description``, for `localizedDescription`.
        public var errorDescription: String? { description }
    }

    /// `name` as an SQL identifier: in double quotes, with each double quote
    /// inside doubled, so any name is safe to put into SQL.
    ///
    /// ```swift
    /// DatabaseInspector.quotedIdentifier("my \"odd\" table")  // "\"my \"\"odd\"\" table\""
    /// ```
    public static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
