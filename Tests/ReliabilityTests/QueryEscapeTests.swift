import CSQLite
import Foundation
import SQLiteCore
import Testing

@testable import GrantPortfolio

/// `grants query` runs one read-only statement. Tests/GrantsCLITests and
/// Tests/GrantPortfolioTests/InspectionTests already refuse the plain writes,
/// ATTACH, VACUUM [INTO], load_extension, setting PRAGMAs and two statements
/// on a small database; these add the side-effect PRAGMAs, the table-valued
/// pragma functions, EXPLAIN in front of dangerous statements, tricks to hide
/// a second statement, and run them on a real portfolio in WAL mode, where
/// "byte-identical" must also hold for the -wal file and the folder.
/// Nothing may run but a SELECT, and those in ``formerlyRan`` must be refused.
@Suite("grants query cannot write or escape")
struct QueryEscapeTests {
    static func attempts(_ folder: String) -> [String] {
        [
            // PRAGMAs with side effects, on the file or on the process.
            "PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA wal_checkpoint", "PRAGMA optimize", "PRAGMA incremental_vacuum(10)",
            "PRAGMA shrink_memory", "PRAGMA soft_heap_limit = 1", "PRAGMA hard_heap_limit = 1",
            "PRAGMA temp_store_directory = '\(folder)'", "PRAGMA data_store_directory = '\(folder)'", "PRAGMA mmap_size = 1",
            "PRAGMA cache_size = 1", "PRAGMA foreign_keys = OFF", "PRAGMA locking_mode = EXCLUSIVE", "PRAGMA main.journal_mode = OFF",
            "PRAGMA journal_mode = MEMORY", "PRAGMA secure_delete = 1", "PRAGMA case_sensitive_like = 1", "PRAGMA trusted_schema = 1",
            "PRAGMA ignore_check_constraints = 1", "PRAGMA legacy_alter_table = 1", "PRAGMA threads = 4", "PRAGMA synchronous = OFF",
            "PRAGMA auto_vacuum = FULL", "PRAGMA page_size = 1024", "PRAGMA max_page_count = 1", "PRAGMA schema_version = 1",
            "PRAGMA temp.user_version = 5", "PRAGMA application_id = 42", "PRAGMA query_only = 0",
            // Table-valued pragma functions.
            "SELECT * FROM pragma_wal_checkpoint", "SELECT * FROM pragma_journal_mode('delete')", "SELECT * FROM pragma_optimize",
            "SELECT * FROM pragma_user_version(7)",
            // EXPLAIN in front of what must not run.
            "EXPLAIN VACUUM INTO '\(folder)/copy.sqlite'", "EXPLAIN ATTACH '\(folder)/other.sqlite' AS other",
            "EXPLAIN QUERY PLAN ATTACH '\(folder)/other.sqlite' AS other", "EXPLAIN DELETE FROM project",
            "VACUUM main INTO '\(folder)/copy.sqlite'", "  vacuum  ", "ATTACH ':memory:' AS m", "DETACH main",
            // A second statement hidden after comments, strings, semicolons.
            "SELECT 1; /* */ DELETE FROM project", "SELECT ';'; DELETE FROM project", "SELECT 1 -- ; \n; DELETE FROM project",
            "SELECT 1;;DELETE FROM project", "SELECT 1;\u{00A0}DELETE FROM project",
            // Writes in disguise.
            "WITH x AS (SELECT 1) INSERT INTO organisation (handle, name) SELECT 'x', 'y' FROM x", "REPLACE INTO metadata VALUES ('a', 'b')",
            "INSERT INTO temp.sqlite_master VALUES (1)", "CREATE TEMP VIEW v AS SELECT 1", "CREATE VIRTUAL TABLE t USING fts5(x)",
            "UPDATE project SET title = title", "DELETE FROM status_event", "DROP VIEW project_outcome", "ANALYZE", "REINDEX",
            "SAVEPOINT s", "BEGIN EXCLUSIVE", "COMMIT",
            // Extension loading, in any spelling; file functions the shell has and the library must not.
            "SELECT load_extension('/tmp/x.so')", "SELECT LoAd_ExTeNsIoN ('x', 'y')", "SELECT writefile('\(folder)/x', 'y')",
            "SELECT readfile('/etc/passwd')", "SELECT edit('x')", "SELECT fts3_tokenizer('simple')",
            // fts3_tokenizer with two arguments replaces a tokenizer's C function table (Debian's SQLite
            // enables it): memory corruption; with one, it prints a heap address.
            "SELECT fts3_tokenizer('simple', x'0000000000000000')", "SELECT hex(fts3_tokenizer('simple'))",
        ]
    }

    /// Attempts that ran "harmlessly" under the old, tokenizing guard and
    /// must now be refused: a pragma run through its table-valued function,
    /// and fts3_tokenizer in its three forms.
    static let formerlyRan = [
        "SELECT * FROM pragma_optimize", "SELECT fts3_tokenizer('simple')",
        "SELECT fts3_tokenizer('simple', x'0000000000000000')", "SELECT hex(fts3_tokenizer('simple'))",
    ]

    @Test("side-effect PRAGMAs, pragma functions, EXPLAIN, hidden second statements: refused or harmless; the files byte-identical")
    func cannotWriteOrEscape() throws {
        let scratch = try Scratch("query-escape")
        let folder = try scratch.subfolder("db")
        let path = try scratch.copy(try scratch.fixtureDatabase(), to: "db/portfolio.sqlite")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let limit = sqlite3_hard_heap_limit64(-1)
        let softLimit = sqlite3_soft_heap_limit64(-1)

        // In-process, through the library's AdHocQuery (what `grants query` runs).
        var refused = 0, harmless: [String] = []
        for sql in Self.attempts(folder.path) {
            let db = try AdHocQuery.openConnection(path: path)
            do {
                let query = try AdHocQuery(sql: sql, on: db)
                try query.forEachRow { _ in }
                harmless.append(sql)
            } catch is AdHocQueryError {
                refused += 1
            } catch let error as SQLiteError {
                // SQLite itself refused (no such function, not authorized, read-only).
                _ = error
                refused += 1
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "\(sql)")
        }
        #expect(sqlite3_hard_heap_limit64(-1) == limit, "a query changed the process's heap limit")
        #expect(sqlite3_soft_heap_limit64(-1) == softLimit, "a query changed the process's soft heap limit")
        // Whatever ran changed nothing: only SELECTs of no consequence may run.
        #expect(harmless.allSatisfy { $0.hasPrefix("SELECT") }, "ran: \(harmless)")
        for sql in Self.formerlyRan {
            #expect(!harmless.contains(sql), "ran: \(sql)")
        }
        report("query escapes: \(refused) refused, \(harmless.count) ran harmlessly: \(harmless)")

        // Through the built binary, on the WAL-mode portfolio: exit 1 and one
        // line, or exit 0; either way no byte of the database changes and no
        // file appears beside it.
        for sql in Self.attempts(folder.path) where !harmless.contains(sql) {
            let result = try ChildProcess(try Products.grants, ["query", "--db", path, sql]).wait(timeout: 60)
            #expect(result.status == 1 && !result.signaled, "\(sql): \(result)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(sql): \(result.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "\(sql)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasSuffix("-shm") && !$0.hasSuffix("-wal") }
        #expect(files == ["portfolio.sqlite"])
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        #expect(wal == 0, "a query wrote to the WAL")
        // Still the same, sound portfolio.
        #expect(try integrityProblems(path) == [])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test("extension loading is off on every connection the library opens")
    func extensionLoadingIsOff() throws {
        let scratch = try Scratch("extensions")
        let path = try scratch.fixtureDatabase()
        var connections: [(String, (String) throws -> Void)] = []
        let portfolio = try Portfolio(path: path)
        connections.append(("Portfolio(path:)", { sql in try portfolio.database.read { try $0.execute(sql: sql) } }))
        let readOnly = try Portfolio(path: path, readOnly: true)
        connections.append(("Portfolio(path:readOnly:)", { sql in try readOnly.database.read { try $0.execute(sql: sql) } }))
        let memory = try Portfolio(path: ":memory:")
        connections.append(("Portfolio(path: \":memory:\")", { sql in try memory.database.read { try $0.execute(sql: sql) } }))
        let query = try AdHocQuery.openConnection(path: path)
        connections.append(("AdHocQuery.openConnection", { sql in try query.execute(sql: sql) }))
        let queue = try DatabaseQueue(path: path)
        connections.append(("DatabaseQueue", { sql in try queue.withConnection { try $0.execute(sql: sql) } }))
        let plain = try Connection(path: path)
        connections.append(("Connection", { sql in try plain.execute(sql: sql) }))
        let inMemory = try Connection.inMemory()
        connections.append(("Connection.inMemory", { sql in try inMemory.execute(sql: sql) }))

        for (label, run) in connections {
            for sql in ["SELECT load_extension('libm')", "SELECT load_extension('/usr/lib/x86_64-linux-gnu/libsqlite3.so.0', 'sqlite3_open')"] {
                let error = #expect(throws: SQLiteError.self, "\(label)") { try run(sql) }
                #expect(error?.message.contains("not authorized") == true, "\(label): \(String(describing: error))")
            }
        }
    }
}
