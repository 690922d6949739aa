import Foundation
import Testing

@testable import SQLiteCore

extension ConcurrencySuites {
    @Suite("Async reads never block Swift's cooperative thread pool", .timeLimit(.minutes(1)))
    struct CooperativePoolTests {
        let directory: TemporaryDirectory

        init() throws {
            directory = try TemporaryDirectory()
        }

        /// Runs 64 concurrent async reads of a query of some milliseconds while
        /// a heartbeat task sleeps 5 ms in a loop, and returns the heartbeat's
        /// largest gap. Reads that blocked cooperative threads (there are as
        /// many as cores) would stall the heartbeat until they finished.
        func largestHeartbeatGap(_ database: any DatabaseReader) async throws -> Duration {
            let heartbeat = Task {
                var largest = Duration.zero
                var last = ContinuousClock.now
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(5))
                    let now = ContinuousClock.now
                    largest = max(largest, now - last)
                    last = now
                }
                return largest
            }
            try await Task.sleep(for: .milliseconds(10))  // the heartbeat is going
            let query = countingQuery(to: 20_000)
            try await withThrowingTaskGroup(of: Int64?.self) { group in
                for _ in 0..<64 {
                    group.addTask { try await database.read { db in try Int64.fetchOne(db, sql: query) } }
                }
                for try await count in group { #expect(count == 20_000) }
            }
            heartbeat.cancel()
            return await heartbeat.value
        }

        @Test("64 reads on a pool: the heartbeat's largest gap stays under 50 ms")
        func onAPool() async throws {
            // One reader, so one core stays free for the heartbeat on a
            // two-core machine: with both cores running queries, the kernel
            // alone can hold a thread off for more than 50 ms. The other 63
            // reads wait for the reader, and must wait without a thread.
            let gap = try await largestHeartbeatGap(try makePool(directory, readerCount: 1))
            #expect(gap <= .milliseconds(50), "largest heartbeat gap \(gap.milliseconds) ms")
        }

        @Test("64 reads on a queue: the heartbeat's largest gap stays under 50 ms")
        func onAQueue() async throws {
            let gap = try await largestHeartbeatGap(try DatabaseQueue(path: ":memory:"))
            #expect(gap <= .milliseconds(50), "largest heartbeat gap \(gap.milliseconds) ms")
        }
    }
}
