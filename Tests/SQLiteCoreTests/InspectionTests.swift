import Foundation
import SQLiteCore
import Testing

/// Unit tests of `Sources/SQLiteCore/Inspection`, grouped so that
/// `swift test --filter InspectionTests` runs them all.
enum InspectionTests {}

/// A database file in its own temporary folder, made by plain SQL (not by
/// the portfolio's migrations), removed when released.
final class InspectionScratch {
    let folder: URL
    let path: String

    static let schema = """
        CREATE TABLE metadata (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) STRICT;
        INSERT INTO metadata VALUES ('application', 'GrantPortfolio'), ('owner', 'Latgales plānošanas reģions');
        CREATE TABLE "my ""odd"" table" (id INTEGER PRIMARY KEY AUTOINCREMENT, note TEXT, data BLOB);
        INSERT INTO "my ""odd"" table" (note, data) VALUES ('Trøndelag', x'01ff'), (NULL, NULL), ('日本', NULL);
        CREATE INDEX metadata_value ON metadata (value);
        CREATE VIEW owners AS SELECT value FROM metadata WHERE key = 'owner';
        CREATE TRIGGER metadata_guard BEFORE DELETE ON metadata BEGIN SELECT RAISE(ABORT, 'no; never'); END;
        CREATE TABLE alpha (x);
        PRAGMA user_version = 3;
        """

    init() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("inspection-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("t.sqlite").path
        // Created, then closed, so the WAL is checkpointed into the file.
        try Connection(path: path).executeScript(Self.schema)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func readOnly() throws -> Connection { try AdHocQuery.openConnection(path: path) }

    func bytes() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Runs `sql` as an ad-hoc query and returns its columns and rows.
    func query(_ sql: String, _ parameters: [QueryParameter] = []) throws -> (columns: [String], rows: [[SQLiteValue]]) {
        let db = try readOnly()
        let query = try AdHocQuery(sql: sql, parameters: parameters, on: db)
        var rows: [[SQLiteValue]] = []
        try query.forEachRow { rows.append($0) }
        return (query.columnNames, rows)
    }
}

extension InspectionTests {
    @Suite("AdHocQuery refuses anything that could change a file")
    struct RefusalTests {
        let scratch: InspectionScratch
        init() throws { scratch = try InspectionScratch() }

        static let pragmas = AdHocQuery.allowedPragmas

        static let refusals: [(String, ReadOnlyStatementError)] = [
            ("DELETE FROM metadata", .changesDatabase(statement: "DELETE", object: "metadata")),
            ("DROP TABLE metadata", .changesSchema),
            ("INSERT INTO metadata VALUES ('a','b')", .changesDatabase(statement: "INSERT", object: "metadata")),
            ("REPLACE INTO metadata VALUES ('a','b')", .changesDatabase(statement: "INSERT", object: "metadata")),
            ("UPDATE metadata SET value = 'x'", .changesDatabase(statement: "UPDATE", object: "metadata")),
            ("CREATE TABLE t(x)", .changesSchema),
            ("CREATE TEMP TABLE t(x)", .changesSchema),
            ("ALTER TABLE metadata ADD COLUMN y", .changesDatabase(statement: "ALTER TABLE", object: "metadata")),
            ("WITH x AS (SELECT 1) DELETE FROM metadata", .changesDatabase(statement: "DELETE", object: "metadata")),
            ("  /* hidden */ delete from metadata;", .changesDatabase(statement: "DELETE", object: "metadata")),
            ("DROP TRIGGER metadata_guard", .changesDatabase(statement: "DROP TRIGGER", object: "metadata_guard")),
            ("ATTACH DATABASE '/tmp/x' AS x", .attachOrDetach(keyword: "ATTACH")),
            ("attach ':memory:' as m", .attachOrDetach(keyword: "ATTACH")),
            ("DETACH x", .attachOrDetach(keyword: "DETACH")),
            ("PRAGMA writable_schema=1", .pragmaNotAllowed(name: "writable_schema", allowed: pragmas)),
            ("PRAGMA writable_schema", .pragmaNotAllowed(name: "writable_schema", allowed: pragmas)),
            ("PRAGMA Writable_Schema", .pragmaNotAllowed(name: "writable_schema", allowed: pragmas)),
            ("PRAGMA query_only = OFF", .pragmaNotAllowed(name: "query_only", allowed: pragmas)),
            ("PRAGMA journal_mode = DELETE", .pragmaNotAllowed(name: "journal_mode", allowed: pragmas)),
            ("PRAGMA user_version=7", .pragmaSetsValue(name: "user_version")),
            ("PRAGMA user_version(7)", .pragmaSetsValue(name: "user_version")),
            ("PRAGMA main.user_version = 7", .pragmaSetsValue(name: "user_version")),
            ("PRAGMA \"user_version\" = 7", .pragmaSetsValue(name: "user_version")),
            ("EXPLAIN PRAGMA user_version = 7", .pragmaSetsValue(name: "user_version")),
            ("SELECT * FROM pragma_optimize", .pragmaNotAllowed(name: "optimize", allowed: pragmas)),
            ("SELECT * FROM pragma_journal_mode", .pragmaNotAllowed(name: "journal_mode", allowed: pragmas)),
            ("VACUUM", .notReadOnly),
            ("VACUUM INTO '/tmp/y.sqlite'", .notReadOnly),
            ("EXPLAIN VACUUM", .notReadOnly),
            ("ANALYZE", .changesSchema),
            ("REINDEX metadata_value", .changesDatabase(statement: "REINDEX", object: "metadata_value")),
            ("BEGIN", .transactionControl(keyword: "BEGIN")),
            ("COMMIT", .transactionControl(keyword: "COMMIT")),
            ("END", .transactionControl(keyword: "COMMIT")),
            ("SAVEPOINT s", .transactionControl(keyword: "SAVEPOINT")),
            ("RELEASE s", .transactionControl(keyword: "RELEASE")),
            ("SELECT load_extension('x')", .functionNotAllowed(name: "load_extension")),
            ("SELECT \"LOAD_EXTENSION\" ('x')", .functionNotAllowed(name: "load_extension")),
            ("SELECT fts3_tokenizer('simple')", .functionNotAllowed(name: "fts3_tokenizer")),
            ("SELECT hex(fts3_tokenizer('simple'))", .functionNotAllowed(name: "fts3_tokenizer")),
            ("SELECT fts3_tokenizer('simple', x'0000000000000000')", .functionNotAllowed(name: "fts3_tokenizer")),
            ("SELECT sqlite_log(1, 'x')", .functionNotAllowed(name: "sqlite_log")),
            ("SELECT 1; DELETE FROM metadata", .multipleStatements),
            ("SELECT 1; SELECT 2", .multipleStatements),
            ("SELECT 1; not sql at all", .multipleStatements),
            (";; SELECT 1;; SELECT 2;", .multipleStatements),
            ("", .emptyStatement),
            ("  -- only a comment\n /* and another */ ;", .emptyStatement),
            (";;", .emptyStatement),
        ]

        @Test("each refused statement throws its reason and leaves the file byte-identical", arguments: refusals)
        func refused(sql: String, reason: ReadOnlyStatementError) throws {
            let before = try scratch.bytes()
            let db = try scratch.readOnly()
            #expect(throws: AdHocQueryError.refused(reason)) { try AdHocQuery(sql: sql, on: db) }
            #expect(AdHocQueryError.refused(reason).description.hasPrefix("query refused: "))
            #expect(reason.description.split(whereSeparator: \.isNewline).count == 1)
            #expect(try scratch.bytes() == before)
        }

        @Test("ATTACH and VACUUM INTO create no file")
        func noFilesCreated() throws {
            let db = try scratch.readOnly()
            let target = scratch.folder.appendingPathComponent("copy.sqlite").path
            #expect(throws: AdHocQueryError.refused(.notReadOnly)) { try AdHocQuery(sql: "VACUUM INTO '\(target)'", on: db) }
            #expect(throws: AdHocQueryError.refused(.attachOrDetach(keyword: "ATTACH"))) {
                try AdHocQuery(sql: "ATTACH '\(target)' AS copy", on: db)
            }
            #expect(!FileManager.default.fileExists(atPath: target))
        }

        @Test("a connection that can write is refused")
        func writableConnection() throws {
            let db = try Connection(path: scratch.path)
            #expect(throws: AdHocQueryError.refused(.connectionNotReadOnly)) { try AdHocQuery(sql: "SELECT 1", on: db) }
            var onlyReadOnly = Connection.Configuration()
            onlyReadOnly.mode = .readOnly
            let readOnlyWithoutQueryOnly = try Connection(path: scratch.path, configuration: onlyReadOnly)
            #expect(throws: AdHocQueryError.refused(.connectionNotReadOnly)) {
                try AdHocQuery(sql: "SELECT 1", on: readOnlyWithoutQueryOnly)
            }
        }

        @Test("SQL that is not SQL is SQLite's error, not a refusal")
        func syntaxErrors() throws {
            let db = try scratch.readOnly()
            for sql in ["PRAGMA", "SELEKT 1", "SELECT * FROM nosuch", "SELECT readfile('/etc/passwd')"] {
                #expect(throws: SQLiteError.self, "\(sql)") { try AdHocQuery(sql: sql, on: db) }
            }
        }

        @Test("words that only look dangerous inside strings, names and comments are fine")
        func lookalikes() throws {
            let result = try scratch.query("""
                SELECT 'PRAGMA user_version = 7; DELETE FROM metadata' AS "ATTACH",
                       'load_extension(''x'')' AS load_extension -- ; DROP TABLE metadata
                """)
            #expect(result.columns == ["ATTACH", "load_extension"])
            #expect(result.rows == [[.text("PRAGMA user_version = 7; DELETE FROM metadata"), .text("load_extension('x')")]])
        }
    }

    @Suite("AdHocQuery runs reading statements with bound parameters")
    struct QueryTests {
        let scratch: InspectionScratch
        init() throws { scratch = try InspectionScratch() }

        @Test("rows come back as SQLite values with column names")
        func rows() throws {
            let result = try scratch.query("SELECT id, note, data FROM \"my \"\"odd\"\" table\" ORDER BY id")
            #expect(result.columns == ["id", "note", "data"])
            #expect(result.rows == [
                [.integer(1), .text("Trøndelag"), .blob(Data([0x01, 0xFF]))],
                [.integer(2), .null, .null],
                [.integer(3), .text("日本"), .null],
            ])
        }

        @Test("parameters are bound, never spliced")
        func parameters() throws {
            let tricky = "it's \"quoted\"; DROP TABLE metadata; --"
            let result = try scratch.query(
                "SELECT :text AS text, :n + 1 AS next, typeof(:n) AS type, $zero AS zero, @lead AS lead",
                [
                    QueryParameter(name: "text", value: .text(tricky)),
                    try QueryParameter(parsing: "n=41"),
                    try QueryParameter(parsing: "$zero=007"),
                    try QueryParameter(parsing: "@lead=-0"),
                ])
            #expect(result.rows == [[.text(tricky), .integer(42), .text("integer"), .text("007"), .text("-0")]])
        }

        @Test("parameter mismatches are reported")
        func mismatches() throws {
            let db = try scratch.readOnly()
            #expect(throws: AdHocQueryError.parameterMismatch(message: "missing value for parameter :key")) {
                try AdHocQuery(sql: "SELECT :key", on: db)
            }
            #expect(throws: AdHocQueryError.self) {
                try AdHocQuery(sql: "SELECT 1", parameters: [QueryParameter(name: "extra", value: 1)], on: db)
            }
            #expect(throws: AdHocQueryError.duplicateParameter(name: "a")) {
                try AdHocQuery(
                    sql: "SELECT :a", parameters: [QueryParameter(name: "a", value: 1), QueryParameter(name: ":a", value: 2)],
                    on: db)
            }
        }

        @Test("the reading pragmas are allowed", arguments: [
            "PRAGMA table_info(metadata)", "PRAGMA main.table_xinfo('metadata')", "PRAGMA index_list(metadata)",
            "PRAGMA index_info(metadata_value)", "PRAGMA foreign_key_list(metadata)", "PRAGMA user_version",
            "PRAGMA schema_version", "PRAGMA integrity_check", "PRAGMA quick_check(10)", "PRAGMA foreign_key_check",
            "PRAGMA compile_options", "PRAGMA database_list", "pragma TABLE_INFO([my \"odd\" table]);",
            "EXPLAIN QUERY PLAN SELECT * FROM metadata", "SELECT * FROM pragma_table_info('metadata')",
            // SQLite reads `name = value` as `name(value)`: the same reading pragma.
            "PRAGMA table_info = metadata", "SELECT * FROM pragma_user_version", "SELECT * FROM pragma_function_list",
            "SELECT * FROM json_each('[1, 2]')", "EXPLAIN SELECT 1",
        ])
        func readingPragmas(sql: String) throws {
            let before = try scratch.bytes()
            let result = try scratch.query(sql)
            #expect(!result.columns.isEmpty)
            #expect(try scratch.bytes() == before)
        }

        @Test("PRAGMA user_version reads the value")
        func userVersion() throws {
            #expect(try scratch.query("PRAGMA user_version").rows == [[.integer(3)]])
        }
    }

    @Suite("QueryParameter parses name=value")
    struct ParameterTests {
        @Test("integers are plain decimal integers that fit in 64 bits; anything else is text", arguments: [
            ("0", SQLiteValue.integer(0)), ("42", .integer(42)), ("-42", .integer(-42)),
            ("9223372036854775807", .integer(Int64.max)), ("-9223372036854775808", .integer(Int64.min)),
            ("9223372036854775808", .text("9223372036854775808")), ("007", .text("007")), ("-0", .text("-0")),
            ("1.5", .text("1.5")), ("1e3", .text("1e3")), (" 42", .text(" 42")), ("+1", .text("+1")),
            ("", .text("")), ("'x'; DROP TABLE t", .text("'x'; DROP TABLE t")), ("a=b", .text("a=b")),
        ])
        func inference(text: String, value: SQLiteValue) throws {
            #expect(QueryParameter.inferredValue(text) == value)
            #expect(try QueryParameter(parsing: "p=" + text) == QueryParameter(name: "p", value: value))
        }

        @Test("bad arguments are refused", arguments: ["novalue", "=1", ":=1", "a b=1", "a-b=1"])
        func refused(argument: String) {
            #expect(throws: AdHocQueryError.self) { try QueryParameter(parsing: argument) }
        }
    }

    @Suite("DatabaseInspector lists tables and schema")
    struct InspectorTests {
        let scratch: InspectionScratch
        init() throws { scratch = try InspectionScratch() }

        @Test("tables and views, tables first, by name, with counts; no sqlite_ internals")
        func tables() throws {
            let inspector = DatabaseInspector(try scratch.readOnly())
            #expect(try inspector.tables() == [
                .init(name: "alpha", kind: .table),
                .init(name: "metadata", kind: .table),
                .init(name: "my \"odd\" table", kind: .table),
                .init(name: "owners", kind: .view),
            ])
            #expect(try inspector.tables(counts: true).map(\.rowCount) == [0, 2, 3, 1])
        }

        @Test("schema in a stable order: tables, views, indexes, triggers, each by name")
        func schema() throws {
            let inspector = DatabaseInspector(try scratch.readOnly())
            let objects = try inspector.schema()
            #expect(objects.map(\.name) == ["alpha", "metadata", "my \"odd\" table", "owners", "metadata_value", "metadata_guard"])
            #expect(objects.map(\.type) == ["table", "table", "table", "view", "index", "trigger"])
            #expect(objects[1].sql == "CREATE TABLE metadata (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) STRICT")
            #expect(!objects.contains { $0.name.hasPrefix("sqlite_") })

            let onlyMetadata = try inspector.schema(tables: ["METADATA"])
            #expect(onlyMetadata.map(\.name) == ["metadata", "metadata_value", "metadata_guard"])
            #expect(throws: DatabaseInspector.UnknownTable(name: "nope")) { try inspector.schema(tables: ["nope"]) }
        }

        @Test("identifiers are quoted with inner quotes doubled")
        func quoting() {
            #expect(DatabaseInspector.quotedIdentifier("metadata") == "\"metadata\"")
            #expect(DatabaseInspector.quotedIdentifier("my \"odd\" table") == "\"my \"\"odd\"\" table\"")
        }
    }
}
