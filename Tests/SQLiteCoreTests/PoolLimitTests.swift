import Dispatch
import Foundation
import Testing

@testable import SQLiteCore

extension ConcurrencySuites {
    @Suite("A pool runs at most N reads at once, and never deadlocks", .timeLimit(.minutes(1)))
    struct PoolLimitTests {
        let directory: TemporaryDirectory

        init() throws {
            directory = try TemporaryDirectory()
        }

        @Test func theDefaultReaderCountIsAtLeastTwoAndFollowsTheProcessors() throws {
            #expect(DatabasePool.defaultReaderCount == max(2, ProcessInfo.processInfo.activeProcessorCount))
            #expect(try makePool(directory).readerCount == DatabasePool.defaultReaderCount)
            #expect(throws: DatabaseAccessError.invalidReaderCount(0)) {
                try DatabasePool(path: directory.path("zero.sqlite"), readerCount: 0)
            }
            #expect(throws: DatabaseAccessError.poolNeedsAFile(path: ":memory:")) { try DatabasePool(path: ":memory:") }
        }

        @Test("a released pool closes its readers before its writer, which checkpoints the WAL away")
        func closingCheckpointsTheWAL() throws {
            let path = directory.path("closing.sqlite")
            do {
                let pool = try DatabasePool(path: path, readerCount: 3)
                try pool.write { db in try db.execute(sql: "CREATE TABLE item (n INTEGER) STRICT") }
                try pool.write { db in try db.execute(sql: "INSERT INTO item (n) VALUES (1), (2)") }
                #expect(try pool.read { db in try db.count("item") } == 2)
                #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            }
            // A read-only reader closing last could not checkpoint, and would
            // leave the commits in the -wal file, out of a copy of the file.
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "the WAL was left behind")
            let copy = directory.path("copy.sqlite")
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            #expect(try Connection(path: copy).count("item") == 2)
        }

        @Test("with N readers busy, read N+1 waits, then runs when one comes free")
        func readNPlusOneWaitsThenRuns() async throws {
            let readerCount = 3
            let pool = try makePool(directory, readerCount: readerCount)
            let gauge = ConcurrencyGauge()
            let release = DispatchSemaphore(value: 0)
            let entered = DispatchSemaphore(value: 0)
            var holders: [Task<Void, any Error>] = []
            for _ in 0..<readerCount {
                holders.append(Task.detached {
                    try await pool.read { _ in
                        gauge.measure {
                            entered.signal()
                            _ = release.wait(timeout: .now() + 10)
                        }
                    }
                })
            }
            for _ in 0..<readerCount { #expect(await signalled(entered)) }
            #expect(gauge.running == readerCount)  // all N run at once

            let ran = Flag()
            // A synchronous read, on a thread of its own, waits just the same.
            let extra = Task { try await onOwnThread { try pool.read { db in ran.set(); return try db.count("item") } } }
            try await Task.sleep(for: .milliseconds(50))
            #expect(!ran.isSet, "read N+1 ran while N readers were busy")

            release.signal()  // one reader comes free
            #expect(try await extra.value == 0)
            #expect(ran.isSet)
            for _ in 1..<readerCount { release.signal() }
            for holder in holders { try await holder.value }
            #expect(gauge.most == readerCount)
        }

        @Test("many tasks and threads chaining read, write, read on two readers all finish")
        func readWriteReadChainsDoNotDeadlock() async throws {
            let pool = try makePool(directory, readerCount: 2)
            let gauge = ConcurrencyGauge()
            let chains = 24
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for chain in 0..<chains {
                    group.addTask {
                        if chain.isMultiple(of: 2) {
                            let before = try await pool.read { db in try gauge.measure { try db.count("item") } }
                            try await pool.write { db in try db.execute(sql: "INSERT INTO item (n) VALUES (?)", arguments: [chain]) }
                            let after = try await pool.read { db in try gauge.measure { try db.count("item") } }
                            #expect(after > before)
                        } else {
                            // The synchronous API, blocking the threads of
                            // DispatchQueue.global() (on Linux, those of the
                            // cooperative pool, which the async chains need).
                            try await onGlobalQueue {
                                let before = try pool.read { db in try gauge.measure { try db.count("item") } }
                                try pool.write { db in try db.execute(sql: "INSERT INTO item (n) VALUES (?)", arguments: [chain]) }
                                let after = try pool.read { db in try gauge.measure { try db.count("item") } }
                                #expect(after > before)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            // Milliseconds when nothing stalls. A read that needed its task to
            // get a cooperative thread back before it could start (or give its
            // reader back) would wait on the blocked synchronous chains, and
            // on Linux Dispatch adds a thread about once a second.
            #expect(ContinuousClock.now - start < .seconds(3), "the chains stalled")
            #expect(try await pool.read { db in try db.count("item") } == Int64(chains))
            #expect(gauge.most <= 2)
        }
    }
}
