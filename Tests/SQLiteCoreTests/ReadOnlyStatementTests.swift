import Foundation
import Testing

@testable import SQLiteCore

/// The read-only statement runner and its authorizer, on a real file opened
/// read-only with `query_only`.
@Suite("ReadOnlyStatement runs one reading statement under SQLite's authorizer")
struct ReadOnlyStatementTests {
    let directory: TemporaryDirectory
    let path: String

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("guarded.sqlite")
        // Created, then closed, so the WAL is checkpointed into the file.
        try Connection(path: path).executeScript("""
            CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT) STRICT;
            INSERT INTO item (name, note) VALUES ('Tromsø', NULL), ('Rīga', 'it''s; DROP TABLE item');
            CREATE VIEW shouting AS SELECT upper(name) AS name FROM item;
            PRAGMA user_version = 4;
            """)
    }

    func readOnly() throws -> Connection {
        try Connection(path: path, configuration: ReadOnlyStatement.connectionConfiguration)
    }

    func bytes() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// All rows of `sql`, run as a read-only statement.
    func rows(_ sql: String, _ arguments: StatementArguments = []) throws -> [[SQLiteValue]] {
        let statement = try ReadOnlyStatement(sql: sql, arguments: arguments, on: try readOnly())
        var rows: [[SQLiteValue]] = []
        try statement.forEachRow { rows.append($0) }
        return rows
    }

    /// The refusal `sql` meets, with the file checked unchanged.
    func refusal(_ sql: String) throws -> ReadOnlyStatementError? {
        let before = try bytes()
        let db = try readOnly()
        let error = #expect(throws: ReadOnlyStatementError.self, "\(sql)") {
            let statement = try ReadOnlyStatement(sql: sql, on: db)
            try statement.forEachRow { _ in }
        }
        #expect(try bytes() == before, "\(sql) changed the file")
        return error
    }

    @Test("a read runs: column names, rows, a view, functions the policy names")
    func allowedRead() throws {
        let db = try readOnly()
        let statement = try ReadOnlyStatement(
            sql: "SELECT id, name, note, length(name) AS length FROM item ORDER BY id", on: db)
        #expect(statement.columnNames == ["id", "name", "note", "length"])
        #expect(try statement.nextRow() == [.integer(1), .text("Tromsø"), .null, .integer(6)])
        #expect(try statement.nextRow() == [.integer(2), .text("Rīga"), .text("it's; DROP TABLE item"), .integer(4)])
        #expect(try statement.nextRow() == nil)
        #expect(try statement.nextRow() == nil)
        // SQLite's upper() changes ASCII letters only.
        #expect(try rows("SELECT name FROM shouting ORDER BY name") == [[.text("RīGA")], [.text("TROMSø")]])
        #expect(try rows("SELECT json_extract('{\"a\": 2}', '$.a') + abs(-1), date('2013-01-31', '+1 day')")
            == [[.integer(3), .text("2013-02-01")]])
        #expect(try rows("PRAGMA user_version") == [[.integer(4)]])
        #expect(try rows("SELECT name FROM pragma_table_info('item') ORDER BY cid")
            == [[.text("id")], [.text("name")], [.text("note")]])
        #expect(try rows("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3) SELECT x FROM n")
            == [[.integer(1)], [.integer(2)], [.integer(3)]])
    }

    @Test("writes are refused before anything runs, and name what they would change")
    func deniedWrite() throws {
        #expect(try refusal("DELETE FROM item") == .changesDatabase(statement: "DELETE", object: "item"))
        #expect(try refusal("UPDATE item SET name = 'x'") == .changesDatabase(statement: "UPDATE", object: "item"))
        #expect(try refusal("INSERT INTO item (name) VALUES ('x')") == .changesDatabase(statement: "INSERT", object: "item"))
        #expect(try refusal("WITH x AS (SELECT 1) DELETE FROM item") == .changesDatabase(statement: "DELETE", object: "item"))
        #expect(try refusal("EXPLAIN DELETE FROM item") == .changesDatabase(statement: "DELETE", object: "item"))
        #expect(try refusal("CREATE TEMP VIEW v AS SELECT 1") == .changesSchema)
        #expect(try refusal("DROP VIEW shouting") == .changesSchema)
        #expect(try refusal("VACUUM") == .notReadOnly)
        #expect(try refusal("BEGIN IMMEDIATE") == .transactionControl(keyword: "BEGIN"))
        #expect(try refusal("SAVEPOINT s") == .transactionControl(keyword: "SAVEPOINT"))
    }

    @Test("ATTACH and DETACH are refused; no file appears")
    func deniedAttach() throws {
        let other = directory.path("other.sqlite")
        #expect(try refusal("ATTACH '\(other)' AS other") == .attachOrDetach(keyword: "ATTACH"))
        #expect(try refusal("ATTACH ':memory:' AS m") == .attachOrDetach(keyword: "ATTACH"))
        #expect(try refusal("DETACH main") == .attachOrDetach(keyword: "DETACH"))
        #expect(try refusal("VACUUM INTO '\(other)'") == .notReadOnly)
        #expect(!FileManager.default.fileExists(atPath: other))
    }

    @Test("pragmas: the reading form of those named runs; setting a value, or any other pragma, is refused")
    func deniedPragmaWrite() throws {
        let allowed = ReadOnlyPolicy.standard.allowedPragmas
        #expect(try refusal("PRAGMA user_version = 7") == .pragmaSetsValue(name: "user_version"))
        #expect(try refusal("PRAGMA main.user_version(7)") == .pragmaSetsValue(name: "user_version"))
        #expect(try refusal("PRAGMA journal_mode = DELETE") == .pragmaNotAllowed(name: "journal_mode", allowed: allowed))
        #expect(try refusal("PRAGMA query_only = 0") == .pragmaNotAllowed(name: "query_only", allowed: allowed))
        #expect(try refusal("PRAGMA optimize") == .pragmaNotAllowed(name: "optimize", allowed: allowed))
        // A table-valued pragma function runs its PRAGMA when it runs: still refused, before any row.
        #expect(try refusal("SELECT * FROM pragma_optimize") == .pragmaNotAllowed(name: "optimize", allowed: allowed))
        #expect(try refusal("SELECT * FROM pragma_journal_mode") == .pragmaNotAllowed(name: "journal_mode", allowed: allowed))
        #expect(try refusal("SELECT * FROM pragma_optimize(-1)") == .pragmaNotAllowed(name: "optimize", allowed: allowed))
        #expect(try rows("PRAGMA table_info(item)").count == 3)
        #expect(try rows("PRAGMA quick_check").count == 1)
    }

    @Test("functions the policy does not name are refused: load_extension, fts3_tokenizer in any form")
    func deniedFunctions() throws {
        #expect(try refusal("SELECT load_extension('x')") == .functionNotAllowed(name: "load_extension"))
        #expect(try refusal("SELECT LoAd_ExTeNsIoN ('x', 'y')") == .functionNotAllowed(name: "load_extension"))
        #expect(try refusal("SELECT fts3_tokenizer('simple')") == .functionNotAllowed(name: "fts3_tokenizer"))
        #expect(try refusal("SELECT hex(fts3_tokenizer('simple'))") == .functionNotAllowed(name: "fts3_tokenizer"))
        #expect(try refusal("SELECT fts3_tokenizer('simple', x'0000000000000000')")
            == .functionNotAllowed(name: "fts3_tokenizer"))
        var policy = ReadOnlyPolicy.standard
        policy.functions.remove("upper")
        // Also inside a view.
        #expect(throws: ReadOnlyStatementError.functionNotAllowed(name: "upper")) {
            try ReadOnlyStatement(sql: "SELECT * FROM shouting", on: try readOnly(), policy: policy)
        }
    }

    @Test("exactly one statement: a second is found through the tail pointer, whatever hides it")
    func multipleStatements() throws {
        for sql in [
            "SELECT 1; DELETE FROM item", "SELECT 1; SELECT 2", "SELECT ';'; SELECT 2", "SELECT 1 -- ;\n; SELECT 2",
            "SELECT 1;;SELECT 2", "SELECT 1; /* */ not sql", ";; SELECT 1; SELECT 2",
        ] {
            #expect(try refusal(sql) == .multipleStatements)
        }
        // SQLite stops reading at a NUL: what follows would be ignored, unseen.
        #expect(try refusal("SELECT 1\u{0}; DELETE FROM item") == .containsNul)
        #expect(try refusal("SELECT 'a\u{0}b'") == .containsNul)
        for sql in ["", " ", ";", "-- nothing\n/* at all */ ;"] {
            #expect(try refusal(sql) == .emptyStatement)
        }
        // Empty statements, comments and `;` around the one statement are fine.
        #expect(try rows(" ;; SELECT 1 ; ; -- done") == [[.integer(1)]])
        #expect(try rows("SELECT 'a;b' /* ; */;") == [[.text("a;b")]])
    }

    @Test("arguments are bound by name and by position, never spliced; mismatches are SQLite range errors")
    func boundParameters() throws {
        let tricky = "it's \"quoted\"; DROP TABLE item; --"
        #expect(try rows("SELECT :text, @n + 1, $n", ["text": tricky, "n": 41])
            == [[.text(tricky), .integer(42), .integer(41)]])
        #expect(try rows("SELECT ?, ? || 'x'", [tricky, "y"]) == [[.text(tricky), .text("yx")]])
        #expect(try rows("SELECT name FROM item WHERE id = ?", [2]) == [[.text("Rīga")]])
        let missing = #expect(throws: SQLiteError.self) {
            try ReadOnlyStatement(sql: "SELECT :absent", on: try readOnly())
        }
        #expect(missing?.code == .range)
        let extra = #expect(throws: SQLiteError.self) {
            try ReadOnlyStatement(sql: "SELECT 1", arguments: ["extra": 1], on: try readOnly())
        }
        #expect(extra?.code == .range)
        #expect(try rows("SELECT count(*) FROM item") == [[.integer(2)]])
    }

    @Test("a connection that can write, or lacks query_only, is refused")
    func connectionMustBeReadOnly() throws {
        #expect(throws: ReadOnlyStatementError.connectionNotReadOnly) {
            try ReadOnlyStatement(sql: "SELECT 1", on: try Connection(path: path))
        }
        var readOnly = Connection.Configuration()
        readOnly.mode = .readOnly
        #expect(throws: ReadOnlyStatementError.connectionNotReadOnly) {
            try ReadOnlyStatement(sql: "SELECT 1", on: try Connection(path: path, configuration: readOnly))
        }
    }

    @Test("the authorizer is on only while the statement compiles and runs")
    func authorizerIsScoped() throws {
        let db = try readOnly()
        let statement = try ReadOnlyStatement(sql: "SELECT name FROM item", on: db)
        // Between rows, the connection's own statements are not judged by it.
        #expect(try Int64.fetchOne(db, sql: "SELECT count(*) FROM pragma_compile_options") ?? 0 > 0)
        try db.execute(sql: "PRAGMA cache_size = 100")
        #expect(try statement.nextRow() == [.text("Tromsø")])
        try statement.forEachRow { _ in }
        try db.execute(sql: "PRAGMA cache_size = 200")
    }

    @Test("withAuthorizer asks about each action; a denial fails the prepare with SQLITE_AUTH")
    func withAuthorizer() throws {
        let db = try readOnly()
        var requests: [AuthorizationRequest] = []
        _ = try db.withAuthorizer({ request in
            requests.append(request)
            return .allow
        }) {
            try db.makeStatement(sql: "SELECT upper(name) FROM item")
        }
        #expect(requests.contains(AuthorizationRequest(action: .function, second: "upper")))
        #expect(requests.contains(AuthorizationRequest(action: .read, first: "item", second: "name", database: "main")))
        let error = #expect(throws: SQLiteError.self) {
            try db.withAuthorizer({ $0.action == .read ? .deny : .allow }) {
                try db.makeStatement(sql: "SELECT name FROM item")
            }
        }
        #expect(error?.primaryCode == .auth)
        // Removed afterwards.
        #expect(try String.fetchOne(db, sql: "SELECT name FROM item WHERE id = 1") == "Tromsø")
    }
}
