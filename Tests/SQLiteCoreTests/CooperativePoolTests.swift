import Foundation
import Testing

@testable import SQLiteCore

extension ConcurrencySuites {
    // Timing tests: Swift Testing runs suites in parallel on one process's
    // cooperative pool, which the other tests' own work keeps busy, so these
    // run alone, in their own step of .ci/run (GRANTS_TIMING_TESTS=1).
    @Suite(
        "Async reads never block Swift's cooperative thread pool", .timeLimit(.minutes(1)),
        .enabled(if: ProcessInfo.processInfo.environment["GRANTS_TIMING_TESTS"] == "1",
                 "timing test: run alone with GRANTS_TIMING_TESTS=1 swift test --filter CooperativePoolTests (see .ci/run)"))
    struct CooperativePoolTests {
        let directory: TemporaryDirectory

        init() throws {
            directory = try TemporaryDirectory()
        }

        /// Runs 64 concurrent async reads of a query of some milliseconds while
        /// a heartbeat task sleeps 5 ms in a loop, and returns by how much the
        /// heartbeat's largest gap exceeds that of a ``ThreadHeartbeat`` running
        /// at the same time. Reads that blocked cooperative threads (there are
        /// as many as cores) would stall the task until they finished; the
        /// thread, outside the pool, only sees what the machine does to it.
        func largestHeartbeatGap(_ database: any DatabaseReader) async throws -> Duration {
            let control = ThreadHeartbeat()
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
            let cooperative = await heartbeat.value
            return cooperative - control.stop()
        }

        /// Measures up to three times, stopping at the first excess within 50
        /// ms. Reads that blocked the cooperative pool stall the heartbeat for
        /// their whole run every time; the machine's own stalls hit the control
        /// thread too, and are taken off.
        func bestOfThree(_ measure: () async throws -> Duration) async throws -> [Duration] {
            var gaps: [Duration] = []
            while gaps.count < 3, gaps.min().map({ $0 > .milliseconds(50) }) ?? true {
                gaps.append(try await measure())
            }
            return gaps
        }

        @Test("64 reads on a pool: the heartbeat's largest gap stays within 50 ms of a thread's")
        func onAPool() async throws {
            // One reader, so one core stays free for the heartbeat on a
            // two-core machine: with both cores running queries, the kernel
            // alone can hold a thread off for more than 50 ms. The other 63
            // reads wait for the reader, and must wait without a thread.
            let pool = try makePool(directory, readerCount: 1)
            let gaps = try await bestOfThree { try await largestHeartbeatGap(pool) }
            #expect(gaps.min()! <= .milliseconds(50), "largest heartbeat gaps beyond the thread's: \(gaps.map(\.milliseconds)) ms")
        }

        @Test("64 reads on a queue: the heartbeat's largest gap stays within 50 ms of a thread's")
        func onAQueue() async throws {
            let queue = try DatabaseQueue(path: ":memory:")
            let gaps = try await bestOfThree { try await largestHeartbeatGap(queue) }
            #expect(gaps.min()! <= .milliseconds(50), "largest heartbeat gaps beyond the thread's: \(gaps.map(\.milliseconds)) ms")
        }
    }
}
