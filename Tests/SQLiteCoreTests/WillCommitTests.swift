import Foundation
import Testing

@testable import SQLiteCore

private struct HookError: Error {}

@Suite("Work before commit (Connection.willCommit)")
struct WillCommitTests {
    let directory: TemporaryDirectory
    let db: Connection

    init() throws {
        directory = try TemporaryDirectory()
        db = try Connection(path: directory.path("hook.sqlite"))
        try db.executeScript("""
            CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT;
            CREATE TABLE summary (id INTEGER PRIMARY KEY CHECK (id = 1), items INTEGER NOT NULL) STRICT;
            INSERT INTO summary VALUES (1, 0);
            """)
        db.willCommit = { db in
            try db.execute(sql: "UPDATE summary SET items = (SELECT count(*) FROM item)")
        }
    }

    func summary() throws -> Int64? { try Int64.fetchOne(db, sql: "SELECT items FROM summary") }

    @Test("runs inside the transaction, once, after the savepoints, before COMMIT")
    func runsOnceBeforeCommit() throws {
        var runs = 0
        let update = db.willCommit
        db.willCommit = { db in
            runs += 1
            try update?(db)
        }
        try db.write { db in
            try db.execute(sql: "INSERT INTO item (name) VALUES ('a')")
            try db.savepoint { db in try db.execute(sql: "INSERT INTO item (name) VALUES ('b')") }
        }
        #expect(runs == 1)
        #expect(try summary() == 2)
    }

    @Test("not for a transaction that changed nothing, nor for a read")
    func notWithoutChanges() throws {
        var runs = 0
        db.willCommit = { _ in runs += 1 }
        try db.write { db in _ = try Int64.fetchOne(db, sql: "SELECT count(*) FROM item") }
        try db.read { db in _ = try Int64.fetchOne(db, sql: "SELECT count(*) FROM item") }
        #expect(runs == 0)
    }

    @Test("an error it throws rolls the whole transaction back and is rethrown")
    func errorRollsBack() throws {
        db.willCommit = { _ in throw HookError() }
        #expect(throws: HookError.self) {
            try db.write { db in try db.execute(sql: "INSERT INTO item (name) VALUES ('a')") }
        }
        #expect(!db.isInTransaction)
        #expect(try Int64.fetchOne(db, sql: "SELECT count(*) FROM item") == 0)
    }
}
