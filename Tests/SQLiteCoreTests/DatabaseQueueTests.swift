import Foundation
import Testing

@testable import SQLiteCore

@Suite("DatabaseQueue serialises access from many tasks")
struct DatabaseQueueTests {
    let directory: TemporaryDirectory
    let queue: DatabaseQueue

    init() throws {
        directory = try TemporaryDirectory()
        queue = try DatabaseQueue(path: directory.path("queue.sqlite"))
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE item (id INTEGER PRIMARY KEY, task INTEGER NOT NULL, n INTEGER NOT NULL) STRICT")
        }
    }

    @Test func manyTasksWriteAtOnce() async throws {
        let tasks = 8
        let writesPerTask = 200
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask { [queue] in
                    for n in 0..<writesPerTask {
                        try await queue.write { db in
                            try db.execute(sql: "INSERT INTO item (task, n) VALUES (?, ?)", arguments: [task, n])
                        }
                    }
                }
            }
            // Readers run alongside the writers.
            for _ in 0..<4 {
                group.addTask { [queue] in
                    for _ in 0..<20 {
                        let count = try await queue.read { db in try db.count("item") }
                        #expect(count >= 0 && count <= Int64(tasks * writesPerTask))
                    }
                }
            }
            try await group.waitForAll()
        }
        let total = try await queue.read { db in try db.count("item") }
        #expect(total == Int64(tasks * writesPerTask))
        let perTask = try await queue.read { db in
            try db.fetchAll(sql: "SELECT task, count(*), count(DISTINCT n) FROM item GROUP BY task ORDER BY task") {
                [try $0[0] as Int64, try $0[1] as Int64, try $0[2] as Int64]
            }
        }
        #expect(perTask == (0..<tasks).map { [Int64($0), Int64(writesPerTask), Int64(writesPerTask)] })
    }

    @Test func syncReadAndWrite() throws {
        let id = try queue.write { db -> Int64 in
            try db.execute(sql: "INSERT INTO item (task, n) VALUES (1, 1)")
            #expect(db.isInTransaction)
            return db.lastInsertedRowID
        }
        #expect(id == 1)
        let count = try queue.read { db in
            #expect(db.isInTransaction)
            return try db.count("item")
        }
        #expect(count == 1)
        let outside = try queue.withConnection { db in db.isInTransaction }
        #expect(outside == false)
        #expect(queue.path == directory.path("queue.sqlite"))
    }

    @Test func aFailedWriteRollsBackAndTheQueueGoesOn() async throws {
        struct Failure: Error {}
        await #expect(throws: Failure.self) {
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO item (task, n) VALUES (1, 1)")
                throw Failure()
            }
        }
        #expect(throws: SQLiteError.self) {
            try queue.write { db in try db.execute(sql: "INSERT INTO item (task) VALUES (1)") }
        }
        try await queue.write { db in try db.execute(sql: "INSERT INTO item (task, n) VALUES (2, 2)") }
        #expect(try await queue.read { db in try db.count("item") } == 1)
        #expect(try queue.withConnection { db in db.autocommit } == 1)
    }

    @Test func aMigratorRunsThroughWithConnection() throws {
        let migrator = try Migrator(migrations: [Migration(version: 1, name: "one", sql: "CREATE TABLE one (x);")])
        let report = try queue.withConnection { db in try migrator.migrate(db) }
        #expect(report.toVersion == 1)
    }
}
