import Dispatch
import Foundation
import Testing

@testable import SQLiteCore

extension ConcurrencySuites {
    @Suite("Cancelling a task interrupts its query, and the connection goes on", .timeLimit(.minutes(1)))
    struct CancellationTests {
        let directory: TemporaryDirectory

        init() throws {
            directory = try TemporaryDirectory()
        }

        /// A pool on a file, and a queue on memory, each with `item(n)`.
        func databases() throws -> [(String, any DatabaseWriter)] {
            let queue = try DatabaseQueue(path: ":memory:")
            try queue.write { db in try db.execute(sql: "CREATE TABLE item (id INTEGER PRIMARY KEY, n INTEGER NOT NULL) STRICT") }
            return [("pool", try makePool(directory, readerCount: 2)), ("queue", queue)]
        }

        /// Starts `operation`, cancels it after 20 ms, and measures how long it
        /// took to end after the cancel, up to three times: the machine is
        /// shared, and a busy moment can hold the awaiting task off its thread
        /// for a while, but an operation that is not interrupted never ends
        /// quickly. Returns the fastest and the slowest time, and every outcome.
        func cancelAfter20ms<T: Sendable>(
            _ operation: @escaping @Sendable () async throws -> T
        ) async throws -> (fastest: Duration, slowest: Duration, results: [Result<T, any Error>]) {
            var times: [Duration] = []
            var results: [Result<T, any Error>] = []
            while times.count < 3 && times.allSatisfy({ $0 >= .milliseconds(50) }) {
                let task = Task { try await operation() }
                try await Task.sleep(for: .milliseconds(20))
                let start = ContinuousClock.now
                task.cancel()
                results.append(await task.result)
                times.append(ContinuousClock.now - start)
            }
            return (times.min()!, times.max()!, results)
        }

        @Test("a long read cancelled after 20 ms throws CancellationError within 50 ms; the next read works")
        func aLongReadIsInterrupted() async throws {
            for (label, database) in try databases() {
                let (elapsed, slowest, results) = try await cancelAfter20ms {
                    try await database.read { db in try Int64.fetchOne(db, sql: endlessQuery) }
                }
                for result in results {
                    #expect(throws: CancellationError.self, "\(label)") { try result.get() }
                }
                #expect(elapsed < .milliseconds(50), "\(label): \(elapsed.milliseconds) ms")
                #expect(slowest < .seconds(1), "\(label): \(slowest.milliseconds) ms")
                #expect(try await database.read { db in try Int64.fetchOne(db, sql: "SELECT 42") } == 42, "\(label)")
                // A queue's read switched query_only back off: writes still work.
                try await database.write { db in try db.execute(sql: "INSERT INTO item (n) VALUES (1)") }
                #expect(try await database.read { db in try db.count("item") } == 1, "\(label)")
            }
        }

        @Test("a long write cancelled after 20 ms throws CancellationError, rolls back, and the writer goes on")
        func aLongWriteIsInterruptedAndRolledBack() async throws {
            for (label, database) in try databases() {
                let (elapsed, slowest, results) = try await cancelAfter20ms {
                    try await database.write { db in
                        try db.execute(sql: "INSERT INTO item (n) VALUES (-1)")
                        try db.execute(sql: "INSERT INTO item (n) " + endlessQuery)
                    }
                }
                for result in results {
                    #expect(throws: CancellationError.self, "\(label)") { try result.get() }
                }
                #expect(elapsed < .milliseconds(50), "\(label): \(elapsed.milliseconds) ms")
                #expect(slowest < .seconds(1), "\(label): \(slowest.milliseconds) ms")
                #expect(try database.withConnection { $0.isInTransaction } == false, "\(label)")
                #expect(try await database.read { db in try db.count("item") } == 0, "\(label): the write was not rolled back")
                try await database.write { db in try db.execute(sql: "INSERT INTO item (n) VALUES (1)") }
                #expect(try await database.read { db in try db.count("item") } == 1, "\(label)")
            }
        }

        @Test("a task cancelled before its block starts does not run it")
        func aCancelledTaskDoesNotRun() async throws {
            for (label, database) in try databases() {
                let ran = Flag()
                let task = Task {
                    withUnsafeCurrentTask { $0?.cancel() }
                    return try await database.write { db in
                        ran.set()
                        try db.execute(sql: "INSERT INTO item (n) VALUES (1)")
                    }
                }
                await #expect(throws: CancellationError.self, "\(label)") { try await task.value }
                #expect(!ran.isSet, "\(label)")
                #expect(try await database.read { db in try db.count("item") } == 0, "\(label)")
            }
        }

        @Test("a task cancelled while it waits for a reader throws CancellationError without running")
        func aTaskWaitingForAReaderLeavesWhenCancelled() async throws {
            let pool = try makePool(directory, readerCount: 1)
            let entered = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            let holder = Task {
                try await pool.read { _ in
                    entered.signal()
                    _ = release.wait(timeout: .now() + 10)
                }
            }
            #expect(await signalled(entered))
            let ran = Flag()
            let (elapsed, slowest, results) = try await cancelAfter20ms {
                try await pool.read { _ in ran.set() }
            }
            for result in results {
                #expect(throws: CancellationError.self) { try result.get() }
            }
            #expect(elapsed < .milliseconds(50), "\(elapsed.milliseconds) ms")
            #expect(slowest < .seconds(1), "\(slowest.milliseconds) ms")
            #expect(!ran.isSet)
            release.signal()
            try await holder.value
            // The one reader was handed back, not lost to the cancelled waiter.
            #expect(try await pool.read { db in try db.count("item") } == 0)
        }
    }
}
