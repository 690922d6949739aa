import Foundation
import Testing

@testable import SQLiteCore

@Suite("Read-only and query-only connections refuse writes")
struct ReadOnlyTests {
    let directory: TemporaryDirectory
    let path: String

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("readonly.sqlite")
        let db = try Connection(path: path)
        try db.executeScript("""
            CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT;
            INSERT INTO item (name) VALUES ('Tromsø'), ('Rīga');
            """)
    }

    func expectWritesRefused(_ db: Connection) throws {
        let writes = [
            "INSERT INTO item (name) VALUES ('new')",
            "UPDATE item SET name = 'changed'",
            "DELETE FROM item",
            "CREATE TABLE other (x)",
            "DROP TABLE item",
        ]
        for sql in writes {
            let error = #expect(throws: SQLiteError.self, "\(sql)") { try db.execute(sql: sql) }
            #expect(error?.primaryCode == .readOnly, "\(sql): \(String(describing: error))")
            #expect(error.map { ResultCode.readOnly ~= $0.code } == true)
        }
        let inTransaction = #expect(throws: SQLiteError.self) {
            try db.transaction(.deferred) { db in try db.execute(sql: "INSERT INTO item (name) VALUES ('new')") }
        }
        #expect(inTransaction?.primaryCode == .readOnly)
        #expect(db.autocommit == 1)
        // Reads still work, and nothing changed.
        #expect(try String.fetchAll(db, sql: "SELECT name FROM item ORDER BY id") == ["Tromsø", "Rīga"])
        let count = try db.read { db in try db.count("item") }
        #expect(count == 2)
    }

    @Test func readOnlyModeRefusesWrites() throws {
        var configuration = Connection.Configuration()
        configuration.mode = .readOnly
        let db = try Connection(path: path, configuration: configuration)
        #expect(db.isReadOnly)
        try expectWritesRefused(db)
        // A writer on the same file is unaffected.
        let writer = try Connection(path: path)
        try writer.execute(sql: "INSERT INTO item (name) VALUES ('by the writer')")
        #expect(try db.count("item") == 3)
    }

    @Test func readOnlyModeCannotTakeTheWriteLock() throws {
        var configuration = Connection.Configuration()
        configuration.mode = .readOnly
        let db = try Connection(path: path, configuration: configuration)
        let error = #expect(throws: SQLiteError.self) {
            try db.write { db in try db.execute(sql: "INSERT INTO item (name) VALUES ('new')") }
        }
        #expect(error?.primaryCode == .readOnly)
        #expect(db.autocommit == 1)
    }

    @Test func queryOnlyRefusesWrites() throws {
        var configuration = Connection.Configuration()
        configuration.isQueryOnly = true
        let db = try Connection(path: path, configuration: configuration)
        #expect(db.isReadOnly)
        #expect(try Int64.fetchOne(db, sql: "PRAGMA query_only") == 1)
        try expectWritesRefused(db)
    }

    @Test func readWriteModeOpensAnExistingFile() throws {
        var configuration = Connection.Configuration()
        configuration.mode = .readWrite
        let db = try Connection(path: path, configuration: configuration)
        #expect(!db.isReadOnly)
        try db.execute(sql: "INSERT INTO item (name) VALUES ('ok')")
        #expect(try db.count("item") == 3)
    }
}
