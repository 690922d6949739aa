import Foundation
import SQLiteCore
import Testing

@testable import GrantPortfolio

/// Several processes on one database file: the promise is that the busy
/// timeout and `BEGIN IMMEDIATE` writes make them take turns, so that no
/// writer ever sees "database is locked", nothing is lost, and every reader
/// sees a consistent snapshot.
@Suite("Several processes write one file while another computes statistics")
struct MultiProcessTests {
    @Test("4 writer processes × 500 events and a statistics process: no error, every event there, consistent snapshots")
    func writersAndAStatisticsReader() throws {
        let writers = scaled(4, stress: 8)
        let events = scaled(500, stress: 2000)
        let applicationsPerWriter = 5
        let scratch = try Scratch("multiprocess")
        let path = scratch.path("shared.sqlite")
        let portfolio = try Portfolio(path: path)
        try portfolio.organisations.create(Organisation(handle: "office", name: "Grant office", country: "LV"))
        try portfolio.fundingSources.create(FundingSource(handle: "fund", kind: .donor, title: "A fund"))
        var assignments: [[Application.ID]] = []
        let start = try CalendarDate("2019-12-31")
        for writer in 0..<writers {
            var ids: [Application.ID] = []
            for index in 0..<applicationsPerWriter {
                let reference = "W\(writer)-\(index)"
                try portfolio.projects.create(Project(reference: reference, title: "Writer \(writer), project \(index)", owner: "office"))
                ids.append(try portfolio.applications.create(Application(
                    project: reference, fundingSource: "fund", submittedOn: start, currency: "EUR",
                    statusHistory: [StatusEvent(status: .draft, effectiveOn: start)])))
            }
            assignments.append(ids)
        }

        let stop = scratch.path("stop")
        let reader = try ChildProcess.worker("stats", "--db", path, "--until", stop)
        try reader.waitForLine(startingWith: "ready")
        let began = ContinuousClock.now
        let children = try assignments.enumerated().map { writer, ids in
            try ChildProcess.worker(
                "write", "--db", path, "--worker", "\(writer)", "--count", "\(events)",
                "--applications", ids.map(\.description).joined(separator: ","))
        }
        let results = try children.map { try $0.wait(timeout: 300) }
        let elapsed = seconds(since: began)
        _ = FileManager.default.createFile(atPath: stop, contents: nil)
        let readerResult = try reader.wait(timeout: 120)

        for result in results {
            #expect(result.succeeded, "a writer failed: \(result)")
            #expect(!result.stderr.contains("locked"), "\(result.stderr)")
            #expect(result.record("done")?.first == "\(events)", "\(result)")
        }
        #expect(readerResult.succeeded, "the statistics process failed: \(readerResult)")
        let reads = Int(readerResult.record("reads")?.first ?? "") ?? 0
        #expect(reads >= 3, "the statistics process should have read while the writers wrote: \(readerResult)")
        let slowest = results.compactMap { $0.record("done").flatMap { Double($0[1]) } }.max() ?? 0
        report("multi-process: \(writers) writers × \(events) events in \(String(format: "%.1f", elapsed)) s, "
            + "slowest single write \(slowest) ms, \(reads) consistent statistics reads")

        // Every event is there, exactly once.
        let notes = try portfolio.database.read { db in
            try String.fetchAll(db, sql: """
                SELECT note FROM status_event WHERE note GLOB 'w*-e*'
                UNION ALL SELECT note FROM money_figure WHERE note GLOB 'w*-e*'
                """)
        }
        let expected = Set((0..<writers).flatMap { writer in (0..<events).map { "w\(writer)-e\($0)" } })
        #expect(notes.count == writers * events)
        #expect(Set(notes) == expected)
        // Each writer's status changes are in order: the history replays.
        for ids in assignments {
            for (index, id) in ids.enumerated() {
                let history = try #require(try portfolio.applications.fetch(id)).statusHistory
                let changes = (0..<events).filter { $0 % 2 == 0 && $0 % applicationsPerWriter == index }.count
                #expect(history.count == 1 + changes)
                #expect(history.map(\.effectiveOn) == history.map(\.effectiveOn).sorted())
            }
        }
        let counts = try portfolio.statistics(asOf: try CalendarDate("2100-01-01")).total.counts
        #expect(counts.developed == writers * applicationsPerWriter)
        #expect(counts.approved == writers * applicationsPerWriter)
        #expect(try portfolio.database.read { try $0.integrityProblems() } == [])
    }
}
