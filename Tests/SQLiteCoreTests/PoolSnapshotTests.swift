import Dispatch
import Foundation
import Testing

@testable import SQLiteCore

extension ConcurrencySuites {
    @Suite("A pool's readers see committed snapshots only", .timeLimit(.minutes(1)))
    struct PoolSnapshotTests {
        let directory: TemporaryDirectory
        let pool: DatabasePool

        init() throws {
            directory = try TemporaryDirectory()
            pool = try makePool(directory, readerCount: 2)
        }

        @Test("a read during an open write sees the last commit, not the half-done transaction")
        func aReadDuringAWriteSeesTheLastCommit() async throws {
            let halfway = DispatchSemaphore(value: 0)
            let readDone = DispatchSemaphore(value: 0)
            let writing = Task.detached { [pool] in
                try await pool.write { db in
                    try db.execute(sql: "INSERT INTO item (n) VALUES (1)")
                    halfway.signal()
                    // Held open until the read below is done; a read that waited
                    // for this write would never let it finish (the wait times out).
                    #expect(readDone.wait(timeout: .now() + 10) == .success)
                    try db.execute(sql: "INSERT INTO item (n) VALUES (2)")
                }
            }
            #expect(await signalled(halfway))
            let during = try await onOwnThread { [pool] in try pool.read { db in try db.count("item") } }
            readDone.signal()
            try await writing.value
            #expect(during == 0)
            #expect(try await pool.read { db in try db.count("item") } == 2)
        }

        @Test("reads running beside a stream of two-row transactions always see whole ones, and one snapshot each")
        func readsNeverSeeHalfATransaction() async throws {
            let transactions = 40
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { [pool] in
                    for n in 0..<transactions {
                        try await pool.write { db in
                            try db.execute(sql: "INSERT INTO item (n) VALUES (?)", arguments: [n])
                            usleep(500)  // a reader has time to look in between
                            try db.execute(sql: "INSERT INTO item (n) VALUES (?)", arguments: [n])
                        }
                    }
                }
                for _ in 0..<2 {
                    group.addTask { [pool] in
                        var seen = Set<Int64>()
                        while !seen.contains(Int64(2 * transactions)) {
                            let (first, second) = try await pool.read { db in
                                let first = try db.count("item")
                                usleep(300)
                                return (first, try db.count("item"))
                            }
                            #expect(first % 2 == 0, "saw half a transaction")
                            #expect(first == second, "one read saw two snapshots")
                            seen.insert(first)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }
}
