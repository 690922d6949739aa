// --only concurrency: one writer records a status event every 10 ms while
// 1, 2 and 4 tasks read the headline and a breakdown in a loop through the
// async API, on a copy of the read file. Reports the reads per second
// against 1 reader, and the writer's p50/p99 commit latency against a
// writer with no readers.
import Dispatch
import Foundation
import Synchronization
@_spi(Benchmarks) import GrantPortfolio

enum ConcurrencyBench {
    /// How long each phase runs.
    static let seconds = 3.0
    static let readerCounts = [0, 1, 2, 4]

    struct Phase: Sendable {
        var readers: Int
        var reads: Int
        var elapsed: Double
        var latencies: [Double]
        var readsPerSecond: Double { Double(reads) / elapsed }
    }

    static func run(_ bench: Bench) throws {
        let path = bench.directory + "/concurrency.sqlite"
        Files.remove(path)
        try Files.copy(bench.readPath, path)
        defer { for suffix in ["", "-wal", "-shm"] { Files.remove(path + suffix) } }
        let portfolio = try Portfolio(path: path)
        try portfolio.projects.create(Project(reference: "CONCURRENCY-1", title: "The writer's project", owner: "owner-concurrency-none")
            .ownedByFirstOrganisation(portfolio))
        let source = try portfolio.fundingSources.all().first!.handle
        let application = try portfolio.applications.create(Application(
            project: "CONCURRENCY-1", fundingSource: source, currency: "EUR",
            statusHistory: [StatusEvent(status: .submitted, effectiveOn: try LongHistory.day(0))]))

        let phases = try blocking {
            var phases: [Phase] = []
            var step = 0
            for readers in readerCounts {
                let phase = try await measure(portfolio, application: application, readers: readers, step: step)
                step += phase.latencies.count
                phases.append(phase)
            }
            return phases
        }

        let one = phases.first { $0.readers == 1 }!.readsPerSecond
        let alone = phases.first { $0.readers == 0 }!
        let p50Alone = percentile(alone.latencies, 0.50), p99Alone = percentile(alone.latencies, 0.99)
        for phase in phases {
            let p50 = percentile(phase.latencies, 0.50), p99 = percentile(phase.latencies, 0.99)
            if phase.readers > 0 {
                bench.report.add(Figure(
                    measure: "concurrency_reads", implementation: "dao", n: bench.n, value: phase.readsPerSecond, valueUnit: "reads/s",
                    extras: [("readers", String(phase.readers)), ("vs_1_reader", format(phase.readsPerSecond / one)),
                             ("reads", String(phase.reads)), ("seconds", format(phase.elapsed)), ("caches", "warm")]))
            }
            bench.report.add(Figure(
                measure: "concurrency_commit_p50", implementation: "dao", n: bench.n, value: p50 * 1000, valueUnit: "ms",
                extras: [("readers", String(phase.readers)), ("vs_no_readers", format(p50 / p50Alone)),
                         ("commits", String(phase.latencies.count)), ("caches", "warm")]))
            bench.report.add(Figure(
                measure: "concurrency_commit_p99", implementation: "dao", n: bench.n, value: p99 * 1000, valueUnit: "ms",
                extras: [("readers", String(phase.readers)), ("vs_no_readers", format(p99 / p99Alone)),
                         ("commits", String(phase.latencies.count)), ("caches", "warm")]))
            bench.report.check(
                phase.latencies.count >= 10 && (phase.readers == 0 || phase.reads > 0), "concurrency_progress_\(phase.readers)_readers",
                "\(phase.reads) reads, \(phase.latencies.count) commits in \(format(phase.elapsed)) s")
        }
        let history = try portfolio.applications.fetch(application)?.statusHistory.count ?? 0
        let commits = phases.reduce(0) { $0 + $1.latencies.count }
        bench.report.check(history == 1 + commits, "concurrency_commits_kept", "\(history - 1) status events for \(commits) commits")
        try PoolAnchorBench.run(bench, source: path, application: application.rawValue, firstStep: commits)
    }

    /// One phase: the writer, and `readers` tasks reading, for ``seconds``.
    static func measure(_ portfolio: Portfolio, application: Application.ID, readers: Int, step: Int) async throws -> Phase {
        let stop = StopFlag()
        let start = ContinuousClock.now
        let deadline = start + .seconds(seconds)
        return try await withThrowingTaskGroup(of: (reads: Int, latencies: [Double]).self) { group in
            group.addTask {
                var latencies: [Double] = []
                var next = ContinuousClock.now
                while ContinuousClock.now < deadline {
                    let n = step + latencies.count + 1
                    let status: StatusCode = n % 2 == 1 ? .underEvaluation : .rejected
                    let commit = ContinuousClock.now
                    try await portfolio.applications.recordStatus(status, on: try LongHistory.day(n), for: application)
                    latencies.append(seconds(ContinuousClock.now - commit))
                    next = next + .milliseconds(10)
                    try await Task.sleep(until: max(next, ContinuousClock.now), clock: .continuous)
                }
                stop.value.store(true, ordering: .relaxed)
                return (0, latencies)
            }
            for _ in 0..<readers {
                group.addTask {
                    var reads = 0
                    while !stop.value.load(ordering: .relaxed) {
                        _ = try await portfolio.statistics()
                        _ = try await portfolio.breakdown(by: .status)
                        reads += 2
                    }
                    return (reads, [])
                }
            }
            var phase = Phase(readers: readers, reads: 0, elapsed: 0, latencies: [])
            for try await result in group {
                phase.reads += result.reads
                phase.latencies += result.latencies
            }
            phase.elapsed = seconds(ContinuousClock.now - start)
            return phase
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    /// Runs `body` on the global executor and waits for it on this thread
    /// (the benchmark's main thread, not one of the cooperative pool's).
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            let outcome: Result<T, any Error>
            do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
            result.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        return try result.withLock { $0! }.get()
    }
}

/// Tells the readers that the writer is done.
final class StopFlag: Sendable {
    let value = Atomic<Bool>(false)
}

private extension Project {
    /// The project, owned by the portfolio's first organisation.
    func ownedByFirstOrganisation(_ portfolio: Portfolio) throws -> Project {
        var project = self
        project.owner = try portfolio.organisations.all().first!.handle
        return project
    }
}
