import Foundation
import Testing

@testable import SQLiteCore

private struct BodyError: Error, Equatable {
    var tag: String
}

@Suite("Closure-based transactions and savepoints")
struct TransactionTests {
    let directory: TemporaryDirectory
    let db: Connection

    init() throws {
        directory = try TemporaryDirectory()
        db = try Connection(path: directory.path("transactions.sqlite"))
        try db.execute(sql: "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT")
    }

    func insert(_ name: String, into db: Connection? = nil) throws {
        try (db ?? self.db).execute(sql: "INSERT INTO item (name) VALUES (?)", arguments: [name])
    }

    func names(_ db: Connection? = nil) throws -> [String] {
        try String.fetchAll(db ?? self.db, sql: "SELECT name FROM item ORDER BY id")
    }

    @Test func commitsWhenTheBodyReturns() throws {
        let result = try db.transaction { db in
            #expect(db.isInTransaction)
            #expect(db.autocommit == 0)
            try insert("a")
            try insert("b")
            return 42
        }
        #expect(result == 42)
        #expect(db.autocommit == 1)
        // Visible from another connection: it was committed, not just left open.
        let other = try Connection(path: directory.path("transactions.sqlite"))
        #expect(try names(other) == ["a", "b"])
    }

    @Test func writeIsImmediate() throws {
        // A second connection cannot take the write lock while `write` is open.
        var configuration = Connection.Configuration()
        configuration.busyTimeout = .zero
        let other = try Connection(path: directory.path("transactions.sqlite"), configuration: configuration)
        try db.write { _ in
            let error = #expect(throws: SQLiteError.self) { try other.execute(sql: "BEGIN IMMEDIATE") }
            #expect(error.map { ResultCode.busy ~= $0.code } == true)
        }
        // `read` is deferred: it takes no lock until it reads.
        try db.read { _ in
            try other.execute(sql: "BEGIN IMMEDIATE")
            try other.execute(sql: "ROLLBACK")
        }
    }

    @Test func rollsBackWhenTheBodyThrowsAndRethrowsItsError() throws {
        try insert("before")
        let error = #expect(throws: BodyError.self) {
            try db.transaction { db in
                try insert("inside")
                throw BodyError(tag: "body")
            }
        }
        #expect(error == BodyError(tag: "body"))
        #expect(try names() == ["before"])
        #expect(db.autocommit == 1)
    }

    @Test func theFirstSQLiteErrorWins() throws {
        try insert("dup")
        let error = #expect(throws: SQLiteError.self) {
            try db.transaction { db in
                try insert("fresh")
                try insert("dup")
            }
        }
        #expect(error?.constraintKind == .unique)
        #expect(try names() == ["dup"])
        #expect(db.autocommit == 1)
    }

    @Test func nestedSavepointRollbackKeepsTheOuterWork() throws {
        try db.transaction { db in
            try insert("outer-1")
            #expect(throws: BodyError.self) {
                try db.transaction { db in
                    try insert("inner")
                    #expect(try names().contains("inner"))
                    throw BodyError(tag: "inner")
                }
            }
            #expect(db.isInTransaction)
            #expect(try names() == ["outer-1"])
            try insert("outer-2")
        }
        #expect(try names() == ["outer-1", "outer-2"])
        #expect(db.autocommit == 1)
    }

    @Test func nestedSavepointsCommitWithTheOuterTransaction() throws {
        try db.transaction { db in
            try insert("1")
            try db.transaction { db in
                try insert("2")
                try db.savepoint { db in
                    try insert("3")
                    #expect(db.savepointDepth == 2)
                }
                #expect(db.isInTransaction)
            }
            #expect(db.isInTransaction)
            #expect(db.savepointDepth == 0)
        }
        #expect(try names() == ["1", "2", "3"])
        #expect(db.autocommit == 1)
    }

    @Test func deeplyNestedFailuresUnwindOnlyTheirOwnLevel() throws {
        try db.transaction { db in
            try insert("level-0")
            try db.transaction { db in
                try insert("level-1")
                #expect(throws: BodyError.self) {
                    try db.transaction { db in
                        try insert("level-2")
                        throw BodyError(tag: "2")
                    }
                }
                // A failed savepoint is released, not left on the stack.
                try db.transaction { db in try insert("level-2b") }
            }
            #expect(throws: SQLiteError.self) {
                try db.transaction { db in
                    try insert("level-1b")
                    try insert("level-0")  // duplicate
                }
            }
        }
        #expect(try names() == ["level-0", "level-1", "level-2b"])
        #expect(db.autocommit == 1)
        #expect(db.savepointDepth == 0)
    }

    @Test func savepointInsideAFailingOuterTransaction() throws {
        let error = #expect(throws: BodyError.self) {
            try db.transaction { db in
                try insert("outer")
                try db.transaction { db in try insert("inner, released") }
                throw BodyError(tag: "outer")
            }
        }
        #expect(error?.tag == "outer")
        #expect(try names() == [])
        #expect(db.autocommit == 1)
        // And the connection takes new transactions.
        try db.transaction { db in try insert("after") }
        #expect(try names() == ["after"])
    }

    @Test func savepointOutsideATransactionIsItsOwnTransaction() throws {
        try db.savepoint { db in
            #expect(db.isInTransaction)
            try insert("a")
        }
        #expect(db.autocommit == 1)
        #expect(throws: BodyError.self) {
            try db.savepoint { db in
                try insert("b")
                throw BodyError(tag: "b")
            }
        }
        #expect(db.autocommit == 1)
        #expect(try names() == ["a"])
    }

    @Test func autocommitIsBackAfterEveryKindOfBlock() throws {
        try db.read { _ in _ = try names() }
        #expect(db.autocommit == 1)
        try db.write { _ in try insert("w") }
        #expect(db.autocommit == 1)
        _ = try? db.read { _ in throw BodyError(tag: "read") }
        #expect(db.autocommit == 1)
        _ = try? db.write { _ in throw BodyError(tag: "write") }
        #expect(db.autocommit == 1)
        _ = try? db.transaction(.exclusive) { _ in throw BodyError(tag: "exclusive") }
        #expect(db.autocommit == 1)
        _ = try? db.transaction(.deferred) { db in try db.transaction { _ in throw BodyError(tag: "nested") } }
        #expect(db.autocommit == 1)
        #expect(try names() == ["w"])
    }

    @Test func commitFailureRollsBackAndThrows() throws {
        // A deferred foreign key is checked at COMMIT: the commit fails, and the
        // transaction must not be left open.
        try db.executeScript("""
            CREATE TABLE parent (id INTEGER PRIMARY KEY);
            CREATE TABLE child (parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
            """)
        let error = #expect(throws: SQLiteError.self) {
            try db.transaction { db in
                try db.execute(sql: "INSERT INTO child (parent_id) VALUES (7)")
                try insert("with the orphan")
            }
        }
        #expect(error?.constraintKind == .foreignKey)
        #expect(db.autocommit == 1)
        #expect(try db.count("child") == 0)
        #expect(try names() == [])
    }

    /// Why writes use `BEGIN IMMEDIATE`: a deferred transaction that read
    /// first cannot upgrade to a writer once another connection has
    /// committed; SQLite answers SQLITE_BUSY (SNAPSHOT) at once, without
    /// waiting for the busy timeout, because waiting could not help.
    @Test func deferredReadThenWriteFailsAtOnceWhenAnotherConnectionWrote() throws {
        let other = try Connection(path: directory.path("transactions.sqlite"))
        try insert("seed")
        let start = ContinuousClock.now
        let error = #expect(throws: SQLiteError.self) {
            try db.transaction(.deferred) { db in
                _ = try names()  // starts the read transaction on a snapshot
                try insert("from other", into: other)
                try insert("upgrade")  // needs the write lock on a stale snapshot
            }
        }
        #expect(seconds(since: start) < 2, "SQLITE_BUSY must come at once, not after the 5 s timeout")
        #expect(error.map { ResultCode.busy ~= $0.code } == true)
        #expect(error?.code == .busySnapshot)
        #expect(db.autocommit == 1)
        #expect(try names() == ["seed", "from other"])

        // The same work in an immediate transaction succeeds.
        try db.transaction(.immediate) { db in
            _ = try names()
            try insert("upgrade")
        }
        #expect(try names() == ["seed", "from other", "upgrade"])
    }
}
