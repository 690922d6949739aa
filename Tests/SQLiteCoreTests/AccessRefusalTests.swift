import Foundation
import Testing

@testable import SQLiteCore

extension ConcurrencySuites {
    @Suite("Reads cannot write, and accesses are not re-entrant")
    struct AccessRefusalTests {
        let directory: TemporaryDirectory

        init() throws {
            directory = try TemporaryDirectory()
        }

        enum Kind: String, CaseIterable, Sendable { case pool, queue }

        /// A pool or a queue on a file holding one row in `item(n)`, checkpointed.
        func database(_ kind: Kind) throws -> any DatabaseWriter {
            let path = directory.path("\(kind).sqlite")
            let database: any DatabaseWriter = switch kind {
            case .pool: try DatabasePool(path: path, readerCount: 2)
            case .queue: try DatabaseQueue(path: path)
            }
            try database.write { db in
                try db.execute(sql: "CREATE TABLE item (id INTEGER PRIMARY KEY, n INTEGER NOT NULL) STRICT")
                try db.execute(sql: "INSERT INTO item (n) VALUES (1)")
            }
            try database.withConnection { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            return database
        }

        static let writes = [
            "INSERT INTO item (n) VALUES (2)",
            "UPDATE item SET n = 3",
            "DELETE FROM item",
            "CREATE TABLE other (x)",
            "CREATE TEMP TABLE scratch (x)",
            "PRAGMA user_version = 7",
        ]

        @Test("a write inside a read throws writeInsideRead and leaves the file unchanged", arguments: Kind.allCases)
        func aWriteInsideAReadIsRefused(_ kind: Kind) async throws {
            let database = try database(kind)
            let before = try fileState(database.path)
            for sql in Self.writes {
                let error = #expect(throws: DatabaseAccessError.self, "\(kind): \(sql)") {
                    try database.read { db in try db.execute(sql: sql) }
                }
                guard case .writeInsideRead(let sqliteError) = error else {
                    Issue.record("\(kind): \(sql): expected writeInsideRead, got \(String(describing: error))")
                    continue
                }
                #expect(sqliteError.primaryCode == .readOnly)
                #expect(error?.description.contains("a read cannot change the database") == true)
                await #expect(throws: DatabaseAccessError.writeInsideRead(sqliteError), "\(kind): \(sql), async") {
                    try await database.read { db in try db.execute(sql: sql) }
                }
                #expect(throws: DatabaseAccessError.self, "\(kind): \(sql), script") {
                    try database.read { db in try db.executeScript("SELECT 1; \(sql);") }
                }
            }
            #expect(try fileState(database.path) == before, "\(kind): a refused write changed the file")
            // The refusals did not leave the writer read-only.
            try await database.write { db in try db.execute(sql: "INSERT INTO item (n) VALUES (2)") }
            #expect(try await database.read { db in try db.count("item") } == 2)
        }

        @Test("a read or write started inside another is refused, naming the fix; the file is unchanged", arguments: Kind.allCases)
        func reentrantAccessIsRefused(_ kind: Kind) throws {
            let database = try database(kind)
            let path = database.path
            let before = try fileState(path)
            typealias Access = DatabaseAccessError.Access
            let inner: [(Access, (any DatabaseWriter) throws -> Void)] = [
                (.read, { try $0.read { _ in } }),
                (.write, { try $0.write { _ in } }),
                (.connection, { try $0.withConnection { _ in } }),
            ]
            for (innerAccess, innerCall) in inner {
                #expect(throws: DatabaseAccessError.reentrantAccess(innerAccess, path: path), "\(kind): \(innerAccess) in write") {
                    try database.write { db in
                        try db.execute(sql: "INSERT INTO item (n) VALUES (9)")
                        try innerCall(database)
                    }
                }
                #expect(throws: DatabaseAccessError.reentrantAccess(innerAccess, path: path), "\(kind): \(innerAccess) in read") {
                    try database.read { _ in try innerCall(database) }
                }
                #expect(throws: DatabaseAccessError.reentrantAccess(innerAccess, path: path), "\(kind): \(innerAccess) in withConnection") {
                    try database.withConnection { _ in try innerCall(database) }
                }
            }
            let error = DatabaseAccessError.reentrantAccess(.write, path: path)
            #expect(error.description.contains("Use the Connection you were given"))
            #expect(error.description.contains("savepoint"))
            #expect(try fileState(path) == before, "\(kind): the refused outer write changed the file")
            #expect(try database.read { db in db.isReadOnly && db.isInTransaction })
            #expect(try database.write { db in !db.isReadOnly && db.isInTransaction })
            // A nested transaction stays available, explicitly.
            try database.write { db in
                try db.savepoint { db in try db.execute(sql: "INSERT INTO item (n) VALUES (2)") }
            }
            #expect(try database.read { db in try db.count("item") } == 2)
        }
    }
}
