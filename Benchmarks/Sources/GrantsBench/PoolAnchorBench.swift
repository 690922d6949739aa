// --only concurrency, the anchor: SQLiteCore's DatabasePool against GRDB's
// DatabasePool on one workload, the same SQL through each. One writer inserts
// a status event every 10 ms (the schema's own triggers run, the library's
// Swift upkeep does not), while 1, 2 and 4 tasks read the headline view and a
// status breakdown from the stored facts in a loop. Both pools get a copy of
// the file the library's own phases wrote (checkpointed), the same reader count (2) and the same pragmas.
import Foundation
import GRDB
import SQLiteCore

enum PoolAnchorBench {
    enum Implementation: String, CaseIterable { case sqlitecore, grdb }

    /// The headline as any SQL client sees it, then a breakdown by status.
    static let headlineSQL = "SELECT * FROM portfolio_summary"
    static let breakdownSQL = """
        SELECT value, outcome, sum(projects), sum(converted_minor) FROM statistics_breakdown_change
         WHERE dimension = 'status' AND granularity = 'year' GROUP BY value, outcome
        """
    static let insertSQL = "INSERT INTO status_event (application_id, status, effective_on) VALUES (?, ?, ?)"

    /// The pools under test, behind one shape.
    struct Pool: Sendable {
        var read: @Sendable () async throws -> Int
        var write: @Sendable (_ application: Int64, _ status: String, _ day: String) async throws -> Void
    }

    static func run(_ bench: Bench, source: String, application: Int64, firstStep: Int) throws {
        for implementation in Implementation.allCases {
            let path = bench.directory + "/pool-anchor-\(implementation.rawValue).sqlite"
            Files.remove(path)
            // A consistent copy of the live file, its WAL included.
            try Connection(path: source).execute(sql: "VACUUM INTO ?", arguments: [path])
            defer { for suffix in ["", "-wal", "-shm"] { Files.remove(path + suffix) } }
            let pool = try open(implementation, path: path)
            let phases = try ConcurrencyBench.blocking {
                var phases: [ConcurrencyBench.Phase] = []
                var step = firstStep
                for readers in ConcurrencyBench.readerCounts {
                    let phase = try await measure(pool, application: application, readers: readers, step: step)
                    step += phase.latencies.count
                    phases.append(phase)
                }
                return phases
            }
            report(bench, implementation: implementation, phases: phases)
        }
    }

    static func open(_ implementation: Implementation, path: String) throws -> Pool {
        switch implementation {
        case .sqlitecore:
            let pool = try SQLiteCore.DatabasePool(path: path, configuration: Connection.Configuration(), readerCount: 2)
            return Pool(
                read: {
                    try await pool.read { connection in
                        let headline = try connection.fetchAll(sql: headlineSQL) { $0.column(0).int64Value }
                        let groups = try connection.fetchAll(sql: breakdownSQL) { $0.column(2).int64Value }
                        return headline.count + groups.count
                    }
                },
                write: { application, status, day in
                    try await pool.write { connection in
                        try connection.execute(sql: insertSQL, arguments: [application, status, day])
                    }
                })
        case .grdb:
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.maximumReaderCount = 2
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            let pool = try GRDB.DatabasePool(path: path, configuration: configuration)
            return Pool(
                read: {
                    try await pool.read { db in
                        let headline = try GRDB.Row.fetchAll(db, sql: headlineSQL)
                        let groups = try GRDB.Row.fetchAll(db, sql: breakdownSQL)
                        return headline.count + groups.count
                    }
                },
                write: { application, status, day in
                    try await pool.write { db in
                        try db.execute(sql: insertSQL, arguments: [application, status, day])
                    }
                })
        }
    }

    /// One phase: the writer, and `readers` tasks reading, for ConcurrencyBench's seconds.
    static func measure(_ pool: Pool, application: Int64, readers: Int, step: Int) async throws -> ConcurrencyBench.Phase {
        let stop = StopFlag()
        let start = ContinuousClock.now
        let deadline = start + .seconds(ConcurrencyBench.seconds)
        return try await withThrowingTaskGroup(of: (reads: Int, latencies: [Double]).self) { group in
            group.addTask {
                var latencies: [Double] = []
                var next = ContinuousClock.now
                while ContinuousClock.now < deadline {
                    let n = step + latencies.count + 1
                    let day = try LongHistory.day(n)
                    let commit = ContinuousClock.now
                    try await pool.write(application, n % 2 == 1 ? "under_evaluation" : "rejected", day.description)
                    latencies.append(ConcurrencyBench.seconds(ContinuousClock.now - commit))
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
                        _ = try await pool.read()
                        reads += 2
                    }
                    return (reads, [])
                }
            }
            var phase = ConcurrencyBench.Phase(readers: readers, reads: 0, elapsed: 0, latencies: [])
            for try await result in group {
                phase.reads += result.reads
                phase.latencies += result.latencies
            }
            phase.elapsed = ConcurrencyBench.seconds(ContinuousClock.now - start)
            return phase
        }
    }

    static func report(_ bench: Bench, implementation: Implementation, phases: [ConcurrencyBench.Phase]) {
        let one = phases.first { $0.readers == 1 }!.readsPerSecond
        let alone = phases.first { $0.readers == 0 }!
        let p99Alone = ConcurrencyBench.percentile(alone.latencies, 0.99)
        for phase in phases {
            let p50 = ConcurrencyBench.percentile(phase.latencies, 0.50), p99 = ConcurrencyBench.percentile(phase.latencies, 0.99)
            if phase.readers > 0 {
                bench.report.add(Figure(
                    measure: "pool_sql_reads", implementation: implementation.rawValue, n: bench.n, value: phase.readsPerSecond,
                    valueUnit: "reads/s",
                    extras: [("readers", String(phase.readers)), ("vs_1_reader", format(phase.readsPerSecond / one)),
                             ("reads", String(phase.reads)), ("seconds", format(phase.elapsed)), ("caches", "warm")]))
            }
            bench.report.add(Figure(
                measure: "pool_sql_commit_p50", implementation: implementation.rawValue, n: bench.n, value: p50 * 1000, valueUnit: "ms",
                extras: [("readers", String(phase.readers)), ("commits", String(phase.latencies.count)), ("caches", "warm")]))
            bench.report.add(Figure(
                measure: "pool_sql_commit_p99", implementation: implementation.rawValue, n: bench.n, value: p99 * 1000, valueUnit: "ms",
                extras: [("readers", String(phase.readers)), ("vs_no_readers", format(p99 / p99Alone)),
                         ("commits", String(phase.latencies.count)), ("caches", "warm")]))
            bench.report.check(
                phase.latencies.count >= 10 && (phase.readers == 0 || phase.reads > 0),
                "pool_sql_progress_\(implementation.rawValue)_\(phase.readers)_readers",
                "\(phase.reads) reads, \(phase.latencies.count) commits in \(format(phase.elapsed)) s")
        }
    }
}
