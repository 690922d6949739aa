import Dispatch
import Foundation
import SQLiteCore
import Synchronization
import Testing

@testable import GrantPortfolio

/// Two portfolios (two connections) on one file, choreographed with
/// semaphores in the manner of GRDB's concurrency tests, and one portfolio
/// shared by many tasks.
///
/// Tests/SQLiteCoreTests/BusyTimeoutTests.swift already proves, on bare
/// connections, that a write waits for another's `BEGIN IMMEDIATE` and
/// succeeds, that a short busy timeout gives a clear busy error instead of a
/// hang, and that a WAL reader keeps its snapshot; DatabaseQueueTests proves a
/// bare `DatabaseQueue` used by 8 tasks × 200 writes. These tests prove the same
/// promises one level up, through the `Portfolio` API a program uses, with
/// its own (default) configuration.
@Suite("Two connections and many tasks on one portfolio")
struct InProcessConcurrencyTests {
    let scratch: Scratch
    let path: String

    init() throws {
        scratch = try Scratch("inprocess")
        path = try scratch.fixtureDatabase()
    }

    /// A new project with one application in draft, so that the status
    /// changes a test records are always allowed.
    static func freshApplication(in portfolio: Portfolio, reference: String) throws -> Application.ID {
        try portfolio.projects.create(Project(reference: reference, title: "Concurrency \(reference)", owner: "lpr"))
        return try portfolio.applications.create(Application(
            project: reference, fundingSource: "norway-grants", currency: "EUR",
            statusHistory: [StatusEvent(status: .draft, effectiveOn: try CalendarDate("2020-01-01"))]))
    }

    @Test("a portfolio write waits for another portfolio's batch (BEGIN IMMEDIATE) and succeeds when it commits")
    func aWriteWaitsForAnotherPortfoliosTransaction() throws {
        let holder = try Portfolio(path: path)
        let waiter = try Portfolio(path: path)
        let id = try Self.freshApplication(in: waiter, reference: "WAIT-1")
        let inTransaction = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let failure = Mutex<String?>(nil)
        DispatchQueue.global().async {
            defer { done.signal() }
            do {
                try holder.batch { batch in
                    try batch.create(Organisation(handle: "holder", name: "Holder of the lock"))
                    inTransaction.signal()  // timeline: holder has BEGIN IMMEDIATE and a pending insert
                    release.wait()  // until the waiter has started waiting
                }
            } catch {
                failure.withLock { $0 = "\(error)" }
                inTransaction.signal()
            }
        }
        inTransaction.wait()
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(300)) { release.signal() }
        let start = ContinuousClock.now
        try waiter.applications.recordStatus(.submitted, on: try CalendarDate("2020-02-01"), for: id)
        let waited = seconds(since: start)
        done.wait()
        #expect(failure.withLock { $0 } == nil)
        #expect(waited >= 0.25, "the write should have waited for the holder's commit, waited \(waited) s")
        #expect(waited < 4.5, "the write should have gone through within the busy timeout, waited \(waited) s")
        #expect(try waiter.organisations.fetch(handle: "holder") != nil)
        #expect(try waiter.applications.fetch(id)?.currentStatus == .submitted)
    }

    @Test("an export keeps its snapshot while another portfolio commits in the middle of it")
    func anExportKeepsItsSnapshot() throws {
        let reader = try Portfolio(path: path)
        let writer = try Portfolio(path: path)
        let before = try reader.exportDocument()
        let wrote = DispatchSemaphore(value: 0)
        let failure = Mutex<String?>(nil)

        /// An output stream that, half-way through the export (well after the
        /// first rows were read, so the read transaction has its snapshot),
        /// lets the writer commit and waits until it has: the rest of the
        /// export is read after the commit, from the snapshot taken before it.
        struct Interrupting: TextOutputStream {
            var text = ""
            var interrupted = false
            let halfway: Int
            let interrupt: () -> Void
            mutating func write(_ string: String) {
                if !interrupted && text.utf8.count >= halfway {
                    interrupted = true
                    interrupt()
                }
                text += string
            }
        }
        var output = Interrupting(halfway: before.count / 2) {
            DispatchQueue.global().async {
                defer { wrote.signal() }
                do {
                    try writer.projects.create(Project(reference: "LATE-1", title: "Committed mid-export", owner: "lpr"))
                    try writer.projects.delete(reference: "LPR-2026-03")
                } catch {
                    failure.withLock { $0 = "\(error)" }
                }
            }
            wrote.wait()
        }
        try reader.exportDocument(to: &output)
        #expect(failure.withLock { $0 } == nil)
        #expect(output.interrupted)
        #expect(Data(output.text.utf8) == before, "the export mixed two states of the database")
        // The next read sees the commit.
        let after = String(decoding: try reader.exportDocument(), as: UTF8.self)
        #expect(after.contains("LATE-1"))
        #expect(!after.contains("LPR-2026-03"))
    }

    @Test("a write blocked past the busy timeout fails with a clear busy error, then the same portfolio writes")
    func theBusyTimeoutEndsInABusyError() throws {
        let portfolio = try Portfolio(path: path)
        let before = try rowSnapshot(portfolio)
        let locked = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { [path] in
            defer { done.signal() }
            guard let db = try? Connection(path: path) else {
                locked.signal()
                return
            }
            try? db.execute(sql: "BEGIN IMMEDIATE")
            locked.signal()
            release.wait()
            try? db.execute(sql: "ROLLBACK")
        }
        locked.wait()
        let start = ContinuousClock.now
        let error = #expect(throws: SQLiteError.self) {
            try portfolio.organisations.create(Organisation(handle: "blocked", name: "Blocked"))
        }
        let waited = seconds(since: start)
        release.signal()
        done.wait()
        #expect(error?.primaryCode == .busy, "\(String(describing: error))")
        #expect(error?.message.contains("locked") == true)
        // The default busy timeout is 5 s: it waited that long, and no longer.
        #expect(waited >= 4.5 && waited < 10, "waited \(waited) s")
        #expect(try rowSnapshot(portfolio) == before)
        try portfolio.organisations.create(Organisation(handle: "unblocked", name: "Unblocked"))
        #expect(try portfolio.organisations.fetch(handle: "unblocked") != nil)
    }

    @Test("one portfolio shared by 8 tasks × 200 operations (withTaskGroup) stays correct")
    func manyTasksShareOnePortfolio() async throws {
        let portfolio = try Portfolio(path: path)
        let tasks = 8
        let operations = scaled(200, stress: 1000)
        var ids: [Application.ID] = []
        for task in 0..<tasks { ids.append(try Self.freshApplication(in: portfolio, reference: "TASK-\(task)")) }
        let base = try CalendarDate("2020-01-01")
        let statusPath: [StatusCode] = [.submitted, .underEvaluation, .approved, .inImplementation]

        let written = try await withThrowingTaskGroup(of: (Int, Int, Int).self) { group in
            for task in 0..<tasks {
                let id = ids[task]
                group.addTask {
                    var statuses = 0, figures = 0, reads = 0
                    for n in 0..<operations {
                        switch n % 5 {
                        case 0:
                            // Forward through the path, then in_implementation ⇄ suspended.
                            let next: StatusCode = statuses < statusPath.count
                                ? statusPath[statuses] : (statuses % 2 == 0 ? .suspended : .inImplementation)
                            try await portfolio.applications.recordStatus(next, on: base, note: "t\(task)-n\(n)", for: id)
                            statuses += 1
                        case 1:
                            let figure = MoneyFigure(
                                kind: .requested, amount: Money(minorUnits: Int64(n), currency: .eur),
                                setOn: try CalendarDate(year: 2020 + n / 300, month: 1 + n / 25 % 12, day: 1 + n % 25), note: "t\(task)-n\(n)")
                            try await portfolio.applications.addMoneyFigure(figure, to: id)
                            figures += 1
                        case 2:
                            // Read your own writes: the history has every change so far.
                            let application = try #require(try await portfolio.applications.fetch(id))
                            #expect(application.statusHistory.count == 1 + statuses)
                            #expect(application.money.count == figures)
                            reads += 1
                        case 3:
                            // The async API of the same queue, inside one transaction.
                            let count = try await portfolio.database.read { db in
                                try Int.fetchOne(db, sql: "SELECT count(*) FROM status_event WHERE note GLOB ?", arguments: ["t\(task)-*"]) ?? -1
                            }
                            #expect(count == statuses)
                            reads += 1
                        default:
                            if n % 50 == 4 {
                                let counts = try await portfolio.statistics(asOf: try CalendarDate("2100-01-01")).total.counts
                                #expect(counts.approved <= counts.developed)
                            } else {
                                var query = ProjectQuery()
                                query.text = "TASK-\(task)"
                                #expect(try await portfolio.projects.search(query).map(\.reference) == ["TASK-\(task)"])
                            }
                            reads += 1
                        }
                    }
                    return (statuses, figures, reads)
                }
            }
            var all: [(Int, Int, Int)] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(written.count == tasks)
        let statusCount = written.map(\.0).reduce(0, +)
        let figureCount = written.map(\.1).reduce(0, +)
        let notes = try await portfolio.database.read { db in
            try String.fetchAll(db, sql: "SELECT note FROM status_event WHERE note GLOB 't*-n*' UNION ALL SELECT note FROM money_figure WHERE note GLOB 't*-n*'")
        }
        #expect(notes.count == statusCount + figureCount)
        #expect(Set(notes).count == notes.count)
        #expect(statusCount == tasks * ((operations + 4) / 5))
        let problems = try await portfolio.database.read { try $0.integrityProblems() }
        #expect(problems == [])
        #expect(try portfolio.database.withConnection { $0.isInTransaction } == false)
    }
}
