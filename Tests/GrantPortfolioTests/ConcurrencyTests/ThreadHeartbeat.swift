import Foundation

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
