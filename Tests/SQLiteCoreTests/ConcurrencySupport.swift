import Foundation
import Synchronization
import Testing

@testable import SQLiteCore

/// A query that runs for minutes unless interrupted: a recursive CTE counting to 10^9.
let endlessQuery = """
    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000)
    SELECT count(*) FROM c
    """

/// A query of a few milliseconds: the same CTE counting to `limit`.
func countingQuery(to limit: Int) -> String {
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < \(limit)) SELECT count(*) FROM c"
}

/// Opens a pool on a new file in `directory` with one table, `item(n)`.
func makePool(_ directory: TemporaryDirectory, readerCount: Int = DatabasePool.defaultReaderCount) throws -> DatabasePool {
    let pool = try DatabasePool(path: directory.path("pool.sqlite"), readerCount: readerCount)
    try pool.write { db in try db.execute(sql: "CREATE TABLE item (id INTEGER PRIMARY KEY, n INTEGER NOT NULL) STRICT") }
    return pool
}

/// The largest number of blocks running at once, counted by the blocks themselves.
final class ConcurrencyGauge: Sendable {
    // A POSIX mutex, which ThreadSanitizer sees (see LockedValue), not the
    // standard library's Mutex, whose futex it does not.
    private let counts = LockedValue((running: 0, most: 0))

    /// Counts `body` as running while it runs.
    func measure<T>(_ body: () throws -> T) rethrows -> T {
        counts.withLock { counts in
            counts.running += 1
            counts.most = max(counts.most, counts.running)
        }
        defer { counts.withLock { $0.running -= 1 } }
        return try body()
    }

    var most: Int { counts.withLock { $0.most } }
    var running: Int { counts.withLock { $0.running } }
}

/// A flag set from any thread.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}

/// The bytes of the database file and of its `-wal` file, after a checkpoint:
/// any write that got through changes one of them.
func fileState(_ path: String) throws -> [Data] {
    let wal = (try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data()
    return [try Data(contentsOf: URL(fileURLWithPath: path)), wal]
}

extension Duration {
    /// The duration in milliseconds.
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}

/// Runs `body` on a thread of its own, outside Swift's cooperative pool, so a
/// synchronous call that blocks does not hold one of the pool's few threads
/// (on Linux, `DispatchQueue.global()` shares them, so it is no escape).
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// The concurrency suites, one at a time: their timings (the heartbeat, the
/// 50 ms cancellations) must not depend on each other's load.
@Suite("Concurrency: DatabasePool, DatabaseQueue, cancellation, refusals", .serialized)
struct ConcurrencySuites {}

/// Runs `body` on `DispatchQueue.global()`, where an app's synchronous
/// database calls often run. On Linux those threads are also the threads of
/// Swift's cooperative pool, so blocking calls here can starve async tasks.
func onGlobalQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}

/// Waits up to `seconds` for `semaphore` on a Dispatch thread, so that an
/// async test never blocks a thread of Swift's cooperative pool (on 2 cores,
/// a blocked pool thread can starve the very task the test waits for).
func signalled(_ semaphore: DispatchSemaphore, within seconds: Int = 10) async -> Bool {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(returning: semaphore.wait(timeout: .now() + .seconds(seconds)) == .success)
        }
    }
}

/// A heartbeat on a thread of its own, outside Swift's cooperative pool: the
/// control for the cooperative heartbeat tests. It sleeps 5 ms in a loop and
/// keeps its largest gap, which is what the machine alone (other processes,
/// parallel tests) does to a thread that only sleeps. A cooperative
/// heartbeat's gap beyond this one is what blocked cooperative threads cost.
final class ThreadHeartbeat: @unchecked Sendable {
    // @unchecked Sendable: `largest` and `stopped` are used under `lock` only.
    private let lock = NSLock()
    private var largest = Duration.zero
    private var stopped = false

    /// Starts the heartbeat's thread.
    init() {
        let thread = Thread { [self] in
            var last = ContinuousClock.now
            while true {
                usleep(5000)
                let now = ContinuousClock.now
                let stop = lock.withLock {
                    largest = max(largest, now - last)
                    return stopped
                }
                last = now
                if stop { return }
            }
        }
        thread.start()
    }

    /// Stops the heartbeat and returns its largest gap so far.
    func stop() -> Duration {
        lock.withLock {
            stopped = true
            return largest
        }
    }
}
