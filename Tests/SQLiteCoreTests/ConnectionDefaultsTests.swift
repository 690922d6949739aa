import CSQLite
import Foundation
import Testing

@testable import SQLiteCore

@Suite("A new connection has the safe defaults in force")
struct ConnectionDefaultsTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func open(_ configuration: Connection.Configuration = .init()) throws -> Connection {
        try Connection(path: directory.path("defaults.sqlite"), configuration: configuration)
    }

    @Test func pragmasOfAFile() throws {
        let db = try open()
        #expect(try Int64.fetchOne(db, sql: "PRAGMA foreign_keys") == 1)
        #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
        #expect(try Int64.fetchOne(db, sql: "PRAGMA synchronous") == 1)
        #expect(try Int64.fetchOne(db, sql: "PRAGMA busy_timeout") == 5000)
        #expect(try Int64.fetchOne(db, sql: "PRAGMA query_only") == 0)
        #expect(db.isReadOnly == false)
        #expect(db.autocommit == 1)
        #expect(db.path == directory.path("defaults.sqlite"))
        #expect(FileManager.default.fileExists(atPath: directory.path("defaults.sqlite")))
    }

    @Test func pragmasInMemory() throws {
        let db = try Connection.inMemory()
        #expect(try Int64.fetchOne(db, sql: "PRAGMA foreign_keys") == 1)
        #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "memory")
        #expect(try Int64.fetchOne(db, sql: "PRAGMA busy_timeout") == 5000)
    }

    @Test func configurationIsApplied() throws {
        var configuration = Connection.Configuration()
        configuration.busyTimeout = .milliseconds(1250)
        configuration.foreignKeys = false
        configuration.journalMode = .delete
        configuration.synchronous = .full
        let db = try open(configuration)
        #expect(try Int64.fetchOne(db, sql: "PRAGMA busy_timeout") == 1250)
        #expect(try Int64.fetchOne(db, sql: "PRAGMA foreign_keys") == 0)
        #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "delete")
        #expect(try Int64.fetchOne(db, sql: "PRAGMA synchronous") == 2)
    }

    @Test func uriFileNames() throws {
        let path = directory.path("uri.sqlite")
        let db = try Connection(path: "file:\(path)?cache=private")
        try db.execute(sql: "CREATE TABLE t (x)")
        #expect(FileManager.default.fileExists(atPath: path))
        let memory = try Connection(path: "file:shared-test-\(UUID().uuidString)?mode=memory&cache=shared")
        #expect(try String.fetchOne(memory, sql: "PRAGMA journal_mode") == "memory")
    }

    @Test func doubleQuotedStringLiteralsAreErrors() throws {
        let db = try open()
        let select = #expect(throws: SQLiteError.self) { _ = try String.fetchOne(db, sql: #"SELECT "nope""#) }
        #expect(select?.code == .error)
        #expect(select?.message.contains("no such column: nope") == true)
        try db.execute(sql: "CREATE TABLE t (x TEXT)")
        #expect(throws: SQLiteError.self) { try db.execute(sql: #"INSERT INTO t (x) VALUES ("literal")"#) }
        // DDL too (SQLITE_DBCONFIG_DQS_DDL).
        #expect(throws: SQLiteError.self) { try db.execute(sql: #"CREATE INDEX t_x ON t (x) WHERE x <> "a""#) }
        // Quoted identifiers still work.
        #expect(try String.fetchOne(db, sql: #"SELECT "x" FROM t"#) == nil)

        var lax = Connection.Configuration()
        lax.allowsDoubleQuotedStringLiterals = true
        let laxDB = try Connection.inMemory(configuration: lax)
        #expect(try String.fetchOne(laxDB, sql: #"SELECT "nope""#) == "nope")
    }

    /// What SQLite 3.40 does with SQLITE_DBCONFIG_DEFENSIVE on: it accepts
    /// `PRAGMA writable_schema = ON` (the pragma then reads 1), but every write
    /// to `sqlite_schema` still fails with "table sqlite_master may not be
    /// modified", so the schema cannot be corrupted by SQL.
    @Test func defensiveModeRefusesSchemaWrites() throws {
        let db = try open()
        try db.execute(sql: "CREATE TABLE t (x)")
        try db.execute(sql: "PRAGMA writable_schema = ON")
        #expect(try Int64.fetchOne(db, sql: "PRAGMA writable_schema") == 1)
        let error = #expect(throws: SQLiteError.self) {
            try db.execute(sql: "UPDATE sqlite_schema SET sql = 'CREATE TABLE t (y)' WHERE name = 't'")
        }
        #expect(error?.code == .error)
        #expect(error?.message.contains("may not be modified") == true)
        #expect(try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE name = 't'") == "CREATE TABLE t (x)")
        #expect(throws: SQLiteError.self) { try db.execute(sql: "DELETE FROM sqlite_schema") }
        #expect(try Int64.fetchOne(db, sql: "SELECT count(*) FROM sqlite_schema") == 1)
    }

    @Test func withoutDefensiveModeTheSchemaIsWritable() throws {
        // The control for the test above: the same statements work when defensive is off.
        var configuration = Connection.Configuration()
        configuration.isDefensive = false
        let db = try open(configuration)
        try db.execute(sql: "CREATE TABLE t (x)")
        try db.execute(sql: "PRAGMA writable_schema = ON")
        // The statement the defensive connection refuses: here it succeeds and changes one row.
        try db.execute(sql: "UPDATE sqlite_schema SET sql = 'CREATE TABLE t (x, y)' WHERE name = 't'")
        #expect(db.changesCount == 1)
        #expect(try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE name = 't'") == "CREATE TABLE t (x, y)")
        try db.execute(sql: "PRAGMA writable_schema = OFF")
        // The change took effect: a new connection parses the new schema (t has a column y).
        let reopened = try open(configuration)
        #expect(try String.fetchAll(reopened, sql: "SELECT name FROM pragma_table_info('t') ORDER BY cid") == ["x", "y"])
    }

    @Test func extensionLoadingIsOff() throws {
        let db = try open()
        let error = #expect(throws: SQLiteError.self) { _ = try String.fetchOne(db, sql: "SELECT load_extension('x')") }
        #expect(error?.code == .error)
        #expect(error?.message.contains("not authorized") == true)
    }

    @Test func traceSeesTheSQLButNotTheValues() throws {
        final class Lines: @unchecked Sendable {
            // @unchecked Sendable: the connection calls the trace on this test's thread only.
            var lines: [String] = []
        }
        let lines = Lines()
        var configuration = Connection.Configuration()
        configuration.trace = { lines.lines.append($0) }
        let db = try open(configuration)
        try db.execute(sql: "CREATE TABLE t (x)")
        try db.execute(sql: "INSERT INTO t (x) VALUES (?)", arguments: ["secret-value"])
        #expect(lines.lines.contains("INSERT INTO t (x) VALUES (?)"))
        #expect(!lines.lines.joined().contains("secret-value"))
    }

    @Test func stateAccessors() throws {
        let db = try open()
        try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, x)")
        try db.execute(sql: "INSERT INTO t (id, x) VALUES (41, 'a')")
        #expect(db.lastInsertedRowID == 41)
        try db.execute(sql: "INSERT INTO t (x) VALUES ('b'), ('c')")
        #expect(db.changesCount == 2)
        try db.execute(sql: "UPDATE t SET x = 'z'")
        #expect(db.changesCount == 3)
        #expect("\(db)".contains("defaults.sqlite"))
    }

    @Test func openingAMissingFileWithoutCreateFails() throws {
        var configuration = Connection.Configuration()
        configuration.mode = .readWrite
        let error = #expect(throws: SQLiteError.self) { _ = try open(configuration) }
        #expect(error?.code == .cantOpen)
        #expect(!FileManager.default.fileExists(atPath: directory.path("defaults.sqlite")))
        configuration.mode = .readOnly
        #expect(throws: SQLiteError.self) { _ = try open(configuration) }
        #expect(!FileManager.default.fileExists(atPath: directory.path("defaults.sqlite")))
    }
}
