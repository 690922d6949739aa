import Foundation
import Testing

@testable import SQLiteCore

@Suite("A full database (PRAGMA max_page_count) fails cleanly")
struct DiskFullTests {
    let directory: TemporaryDirectory
    let db: Connection

    init() throws {
        directory = try TemporaryDirectory()
        db = try Connection(path: directory.path("full.sqlite"))
        try db.execute(sql: "CREATE TABLE item (id INTEGER PRIMARY KEY, payload BLOB NOT NULL) STRICT")
        try db.execute(sql: "INSERT INTO item (payload) VALUES (?)", arguments: [Data(repeating: 1, count: 100)])
    }

    func capPages(extra: Int64) throws -> Int64 {
        let pages = try #require(try Int64.fetchOne(db, sql: "PRAGMA page_count"))
        // PRAGMA takes no bound parameters; the value is an integer we computed.
        let cap = try #require(try Int64.fetchOne(db, sql: "PRAGMA max_page_count = \(pages + extra)"))
        #expect(cap == pages + extra)
        return cap
    }

    @Test func aLargeInsertFailsWithFullAndIsRolledBack() throws {
        _ = try capPages(extra: 4)
        let large = Data(repeating: 0xAB, count: 512 * 1024)
        let error = #expect(throws: SQLiteError.self) {
            try db.transaction { db in
                try db.execute(sql: "INSERT INTO item (payload) VALUES (?)", arguments: [Data(repeating: 2, count: 10)])
                try db.execute(sql: "INSERT INTO item (payload) VALUES (?)", arguments: [large])
            }
        }
        #expect(error?.code.primary == .full)
        #expect(error.map { ResultCode.full ~= $0.code } == true)
        #expect(error?.message.contains("full") == true)
        // Rolled back, transaction closed.
        #expect(db.autocommit == 1)
        #expect(try db.count("item") == 1)

        // The same connection is still usable: small writes fit, and after the
        // cap is raised the large one does too.
        try db.transaction { db in
            try db.execute(sql: "INSERT INTO item (payload) VALUES (?)", arguments: [Data(repeating: 3, count: 10)])
        }
        #expect(try db.count("item") == 2)
        _ = try capPages(extra: 1000)
        try db.transaction { db in
            try db.execute(sql: "INSERT INTO item (payload) VALUES (?)", arguments: [large])
        }
        #expect(try db.count("item") == 3)
        #expect(try db.integrityProblems() == [])
    }

    /// SQLITE_FULL in SQLite 3.40 rolls back the whole transaction, not just
    /// the statement: a savepoint that hits it must not try to unwind what is
    /// no longer there, and the outer transaction, whose body swallowed the
    /// error, cannot commit: it throws, and nothing of it remains.
    @Test func diskFullInsideASavepointEndsTheWholeTransaction() throws {
        _ = try capPages(extra: 4)
        let commitError = #expect(throws: SQLiteError.self) {
            try db.transaction { db in
                try db.execute(sql: "INSERT INTO item (payload) VALUES (?)", arguments: [Data(repeating: 4, count: 10)])
                do {
                    try db.transaction { db in
                        try db.execute(
                            sql: "INSERT INTO item (payload) VALUES (?)",
                            arguments: [Data(repeating: 5, count: 512 * 1024)])
                    }
                    Issue.record("the large insert should have failed")
                } catch let error as SQLiteError {
                    #expect(error.code.primary == .full)
                }
                #expect(db.savepointDepth == 0)
                #expect(db.isInTransaction == false)
            }
        }
        #expect(commitError?.message.contains("rolled back by SQLite") == true)
        #expect(db.autocommit == 1)
        #expect(try db.count("item") == 1)
        #expect(try db.integrityProblems() == [])
        try db.execute(sql: "INSERT INTO item (payload) VALUES (x'00')")
        #expect(try db.count("item") == 2)
    }
}
