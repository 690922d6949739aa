import Foundation
import Testing

@testable import SQLiteCore

@Suite("Online backup and integrity check")
struct BackupTests {
    let directory: TemporaryDirectory
    let db: Connection

    init() throws {
        directory = try TemporaryDirectory()
        db = try Connection(path: directory.path("source.sqlite"))
        try db.executeScript("""
            CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT;
            CREATE TABLE child (
                id INTEGER PRIMARY KEY,
                parent_id INTEGER NOT NULL REFERENCES parent (id),
                payload BLOB
            ) STRICT;
            CREATE INDEX child_parent ON child (parent_id);
            """)
        try db.transaction { db in
            for index in 1...500 {
                try db.execute(sql: "INSERT INTO parent (id, name) VALUES (?, ?)", arguments: [index, "Tromsø-Rīga \(index)"])
                try db.execute(
                    sql: "INSERT INTO child (parent_id, payload) VALUES (?, ?)",
                    arguments: [index, Data(repeating: UInt8(index % 256), count: index)])
            }
        }
    }

    func rows(_ db: Connection) throws -> [[SQLiteValue]] {
        try db.fetchAll(sql: "SELECT * FROM parent ORDER BY id") { $0.values }
            + db.fetchAll(sql: "SELECT * FROM child ORDER BY id") { $0.values }
    }

    @Test func backupReproducesTheRowsInANewFile() throws {
        let path = directory.path("copy.sqlite")
        try db.backup(to: path)
        #expect(FileManager.default.fileExists(atPath: path))
        let copy = try Connection(path: path)
        #expect(try rows(copy) == rows(db))
        #expect(try rows(copy).count == 1000)
        #expect(try copy.integrityProblems() == [])
        #expect(try copy.dump() == db.dump())
        // The copy is a working database.
        try copy.execute(sql: "INSERT INTO parent (name) VALUES ('new')")
        #expect(try copy.count("parent") == 501)
        #expect(try db.count("parent") == 500)
    }

    @Test func backupIncludesUncheckpointedWALContent() throws {
        // Recent commits still in the -wal file must be in the copy.
        try db.execute(sql: "INSERT INTO parent (id, name) VALUES (1001, 'only in the WAL')")
        let path = directory.path("copy.sqlite")
        try db.backup(to: path)
        let copy = try Connection(path: path)
        #expect(try String.fetchOne(copy, sql: "SELECT name FROM parent WHERE id = 1001") == "only in the WAL")
    }

    @Test func backupReplacesAnExistingDatabase() throws {
        let path = directory.path("copy.sqlite")
        do {
            let old = try Connection(path: path)
            try old.execute(sql: "CREATE TABLE stale (x)")
        }
        try db.backup(to: path)
        let copy = try Connection(path: path)
        #expect(try Int64.fetchOne(copy, sql: "SELECT count(*) FROM sqlite_schema WHERE name = 'stale'") == 0)
        #expect(try rows(copy) == rows(db))
    }

    @Test func backupToAnOpenConnection() throws {
        let destination = try Connection.inMemory()
        try db.backup(to: destination)
        #expect(try rows(destination) == rows(db))
    }

    @Test func backupToAnImpossiblePathThrows() throws {
        let error = #expect(throws: SQLiteError.self) { try db.backup(to: directory.path("missing/folder/copy.sqlite")) }
        #expect(error?.code.primary == .cantOpen)
    }

    @Test func integrityOfASoundFileIsEmpty() throws {
        #expect(try db.integrityProblems() == [])
    }

    @Test func integrityReportsAForeignKeyViolation() throws {
        var configuration = Connection.Configuration()
        configuration.foreignKeys = false
        let lax = try Connection(path: directory.path("source.sqlite"), configuration: configuration)
        try lax.execute(sql: "INSERT INTO child (id, parent_id) VALUES (9999, 4242)")
        let problems = try db.integrityProblems()
        #expect(problems.count == 1)
        let problem = try #require(problems.first)
        #expect(problem.contains("child"))
        #expect(problem.contains("9999"))
        #expect(problem.contains("parent"))
        // The copy carries the problem with it.
        let path = directory.path("copy.sqlite")
        try db.backup(to: path)
        #expect(try Connection(path: path).integrityProblems() == problems)
    }
}
