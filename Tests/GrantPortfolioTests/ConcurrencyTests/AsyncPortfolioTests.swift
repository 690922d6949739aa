import Foundation
import Testing

@testable import GrantPortfolio

/// The async API: cancellation interrupts the running statement, the
/// cooperative pool stays free, and the answers are the synchronous API's.
/// Serialized: the timings must not depend on each other's load.
@Suite("The async API of Portfolio and its stores", .serialized, .timeLimit(.minutes(1)))
struct AsyncPortfolioTests {
    /// Statistics converted to a reporting currency other than EUR read the
    /// facts of every project, one conversion each: a few hundred
    /// milliseconds on 2,000 projects in a debug build.
    static let slowOptions: StatisticsOptions = {
        var options = StatisticsOptions(breakdowns: StatisticsDimension.allCases)
        options.reportingCurrency = "USD"
        return options
    }()
    static let date = try! CalendarDate("2016-01-01")

    /// Starts `operation`, cancels it after 20 ms and measures how long it
    /// took to end after the cancel, up to three times while it takes 50 ms
    /// or more (the machine is shared). Returns the fastest time and every outcome.
    func cancelAfter20ms<T: Sendable>(
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> (fastest: Duration, results: [Result<T, any Error>]) {
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
        return (times.min()!, results)
    }

    // A timing test, like cooperativePoolStaysFree below: in the parallel run
    // the other suites keep the cooperative pool busy, and the cancelled
    // task's result waits for a thread (seen: 102 ms at best of three with
    // the browser and PostgreSQL suites beside it). It runs alone, in its own
    // step of .ci/run (GRANTS_TIMING_TESTS=1).
    @Test(
        "statistics cancelled after 20 ms throw CancellationError within 50 ms; the next call works",
        .enabled(if: ProcessInfo.processInfo.environment["GRANTS_TIMING_TESTS"] == "1",
                 "timing test: run alone with GRANTS_TIMING_TESTS=1 swift test --filter 'AsyncPortfolioTests/cancellation' (see .ci/run)"))
    func cancellation() async throws {
        // The call must run well past the 20 ms before the cancel. A faster
        // machine reads 2,000 projects in less (seen in CI: 182 ms), so the
        // portfolio doubles until the call takes 200 ms, up to 64,000 projects.
        var projects = 1_000
        var scratch: TemporaryPortfolio
        var uncancelled: PortfolioStatistics
        var uncancelledTime: Duration
        repeat {
            projects *= 2
            scratch = try TemporaryPortfolio()
            try LargePortfolio.build(scratch.portfolio, projects: projects)
            let start = ContinuousClock.now
            uncancelled = try await scratch.portfolio.statistics(asOf: Self.date, options: Self.slowOptions)
            uncancelledTime = ContinuousClock.now - start
        } while uncancelledTime < .milliseconds(200) && projects < 64_000
        #expect(uncancelledTime >= .milliseconds(200), "the call is too quick to test: \(uncancelledTime) on \(projects) projects")
        let portfolio = scratch.portfolio
        let expected = uncancelled

        let (fastest, results) = try await cancelAfter20ms {
            try await portfolio.statistics(asOf: Self.date, options: Self.slowOptions)
        }
        for result in results {
            switch result {
            case .success: Issue.record("the cancelled call returned its statistics")
            case .failure(let error): #expect(error is CancellationError, "\(error)")
            }
        }
        #expect(fastest < .milliseconds(50), "\(fastest)")
        // The readers go on: the same call, and a write, then a read of it.
        #expect(try await portfolio.statistics(asOf: Self.date, options: Self.slowOptions) == expected)
        try await portfolio.projects.create(Project(reference: "AFTER", title: "After", owner: "owner"))
        #expect(try await portfolio.projects.count() == projects + 1)
    }

    @Test("a cancelled import is rolled back, and the writer goes on")
    func cancelledWrite() async throws {
        let scratch = try TemporaryPortfolio()
        let portfolio = scratch.portfolio
        let before = try scratch.snapshot()
        let task = Task { try await portfolio.rebuildStatistics() }
        task.cancel()
        _ = await task.result  // may finish before the cancel on an empty file
        let importing = Task { try await portfolio.importDocument(from: TemporaryPortfolio.fixtureData) }
        importing.cancel()
        switch await importing.result {
        case .success: #expect(try scratch.snapshot() != before)
        case .failure(let error):
            #expect(error is CancellationError, "\(error)")
            #expect(try scratch.snapshot() == before)
        }
        try await portfolio.importDocument(from: TemporaryPortfolio.fixtureData)
        #expect(try await portfolio.projects.count() > 0)
    }

    // A timing test: Swift Testing runs suites in parallel on one process's
    // cooperative pool, which the other tests' own work keeps busy, so it
    // runs alone, in its own step of .ci/run (GRANTS_TIMING_TESTS=1).
    @Test(
        "64 concurrent async statistics calls: a heartbeat's largest gap stays within 50 ms of a thread's",
        .enabled(if: ProcessInfo.processInfo.environment["GRANTS_TIMING_TESTS"] == "1",
                 "timing test: run alone with GRANTS_TIMING_TESTS=1 swift test --filter cooperativePoolStaysFree (see .ci/run)"))
    func cooperativePoolStaysFree() async throws {
        let scratch = try TemporaryPortfolio()
        try LargePortfolio.build(scratch.portfolio, projects: 200)
        let portfolio = scratch.portfolio
        // The heartbeat's gap beyond that of a thread outside the pool
        // (ThreadHeartbeat), which sees only what the machine does. Up to
        // three tries, stopping at the first within 50 ms: calls that blocked
        // the cooperative pool stall the heartbeat for their whole run every
        // time.
        var gaps: [Duration] = []
        var elapsed = Duration.zero
        while gaps.count < 3, gaps.min().map({ $0 > .milliseconds(50) }) ?? true {
            let control = ThreadHeartbeat()
            let heartbeat = Task {
                var last = ContinuousClock.now
                var largest = Duration.zero
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(5))
                    let now = ContinuousClock.now
                    largest = max(largest, now - last)
                    last = now
                }
                return largest
            }
            try await Task.sleep(for: .milliseconds(10))  // the heartbeat is going
            let start = ContinuousClock.now
            let results = try await withThrowingTaskGroup(of: PortfolioStatistics.self) { group in
                for _ in 0..<64 {
                    group.addTask { try await portfolio.statistics(asOf: Self.date, options: Self.slowOptions) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            elapsed = ContinuousClock.now - start
            heartbeat.cancel()
            let cooperative = await heartbeat.value
            gaps.append(cooperative - control.stop())
            #expect(results.count == 64)
            #expect(Set(results.map(\.headline)).count == 1)
        }
        #expect(elapsed >= .milliseconds(100), "the calls are too quick to test: \(elapsed)")
        #expect(gaps.min()! <= .milliseconds(50), "largest heartbeat gaps beyond the thread's: \(gaps) while the calls took \(elapsed)")
    }

    @Test("the async and the synchronous API give the same answers on the fixture")
    func asyncEqualsSync() async throws {
        let scratch = try TemporaryPortfolio(loadingFixture: true)
        let portfolio = scratch.portfolio
        let date = try CalendarDate("2020-01-01")
        let options = StatisticsOptions(breakdowns: StatisticsDimension.allCases)
        // In an async function a call resolves to the async form; `sync` forces the synchronous one.
        #expect(try await portfolio.statistics(asOf: date, options: options) == sync { try portfolio.statistics(asOf: date, options: options) })
        for dimension in StatisticsDimension.allCases {
            #expect(try await portfolio.breakdown(by: dimension, asOf: date) == sync { try portfolio.breakdown(by: dimension, asOf: date) })
        }
        #expect(try await portfolio.timeSeries(asOf: date) == sync { try portfolio.timeSeries(asOf: date) })
        #expect(try await portfolio.exportDocument() == sync { try portfolio.exportDocument() })
        for table in CSVTable.allCases {
            let (text, rows) = try sync {
                var text = ""
                let rows = try portfolio.exportCSV(table, to: &text)
                return (text, rows)
            }
            let exported = try await portfolio.exportCSV(table)
            #expect(exported.text == text && exported.rows == rows, "\(table)")
        }
        let grants = try sync { try portfolio.exportThreeSixtyGiving() }
        #expect(try await portfolio.exportThreeSixtyGiving() == grants)

        // The stores.
        let summaries = try sync { try portfolio.projects.search(ProjectQuery()) }
        #expect(try await portfolio.projects.search(ProjectQuery()) == summaries)
        #expect(try await portfolio.projects.count() == summaries.count)
        let reference = try #require(summaries.first).reference
        #expect(try await portfolio.projects.fetch(reference: reference) == sync { try portfolio.projects.fetch(reference: reference) })
        #expect(try await portfolio.applications.applications(ofProject: reference)
            == sync { try portfolio.applications.applications(ofProject: reference) })
        #expect(try await portfolio.organisations.all() == sync { try portfolio.organisations.all() })
        #expect(try await portfolio.people.all() == sync { try portfolio.people.all() })
        #expect(try await portfolio.themes.all() == sync { try portfolio.themes.all() })
        #expect(try await portfolio.fundingSources.all() == sync { try portfolio.fundingSources.all() })
        #expect(try await portfolio.statuses.all() == sync { try portfolio.statuses.all() })
        #expect(try await portfolio.currencies.exchangeRates() == sync { try portfolio.currencies.exchangeRates() })

        // A write through the async API reads back through the sync one, and the reverse.
        try await portfolio.organisations.create(Organisation(handle: "async-org", name: "Async", country: "LV"))
        #expect(try sync { try portfolio.organisations.fetch(handle: "async-org") }?.name == "Async")
        try sync { _ = try portfolio.themes.create(Theme(vocabulary: "async", code: "t", title: "Sync")) }
        #expect(try await portfolio.themes.fetch(Theme.Key(vocabulary: "async", code: "t"))?.title == "Sync")
        try await portfolio.batch { batch in
            try batch.create(Organisation(handle: "batch-org", name: "Batch", country: "LV"))
        }
        #expect(try sync { try portfolio.organisations.fetch(handle: "batch-org") }?.name == "Batch")
    }
}

/// Runs `body` synchronously: in it, a call resolves to the synchronous form.
func sync<T>(_ body: () throws -> T) rethrows -> T { try body() }
