import Foundation
import GrantPortfolio
@testable import GrantPortfolioPostgres
import SQLiteCore
import Synchronization
import Testing

/// Against a real PostgreSQL (GRANTS_POSTGRES). Serialized: some tests
/// change the central schema's bookkeeping for a moment (a newer version).
@Suite("Central database (PostgreSQL)", .serialized, .enabled(if: CentralTestServer.enabled, CentralTestServer.skipNote))
struct CentralTests {
    /// Every dimension, and none (the headline alone), with and without the
    /// projects that have no application.
    static let optionSets: [StatisticsOptions] = [nil, StatisticsDimension.status, .submissionYear, .decisionYear,
                                                  .fundingSource, .theme, .country]
        .flatMap { dimension -> [StatisticsOptions] in
            [false, true].map { all in
                StatisticsOptions(breakdowns: dimension.map { [$0] } ?? [], countsProjectsWithoutApplications: all)
            }
        }

    /// What the identical-figures test compares at each date: the headline
    /// alone, and every breakdown at once (the JSON holds them all, each read
    /// on its own); with the projects without a status at every fourth date.
    static let comparedOptionSets: [StatisticsOptions] = [false, true].flatMap { all in
        [StatisticsOptions(breakdowns: [], countsProjectsWithoutApplications: all),
         StatisticsOptions(breakdowns: StatisticsDimension.allCases, countsProjectsWithoutApplications: all)]
    }

    /// The test portfolios: the fixture, the hand-made statistics portfolio,
    /// and four seeded random ones (built once per run: ``SharedPortfolios``).
    static func testPortfolios(in folder: ScratchFolder) throws -> [(name: String, path: String)] {
        var files = [
            ("fixture", try folder.portfolio("fixture") { try $0.importDocument(from: ScratchFolder.fixtureData) }),
            ("handmade", try folder.portfolio("handmade") { try StatisticsTestPortfolio.build($0) }),
        ]
        for seed in [1, 2, 3, 4] as [UInt64] {
            files.append(("seed\(seed)", try folder.portfolio("seed\(seed)") {
                try SeededPortfolio(seed: seed, projects: 24, rates: seed % 2 == 0 ? .inverse : .direct).build($0)
            }))
        }
        return files
    }

    /// The JSON of the file's statistics equals, byte for byte, the JSON of
    /// the central database's for that portfolio: every dimension, ~20 dates.
    @Test("identical figures: file and central database, every dimension, 20 dates")
    func identicalFigures() async throws {
        // One task and one connection per portfolio: the reads are round trips.
        let compared = try await withThrowingTaskGroup(of: Int.self) { group in
            for (name, path) in try SharedPortfolios.files() {
                group.addTask { try await Self.compareFigures(name: name, path: path) }
            }
            return try await group.reduce(0, +)
        }
        // The headline and every dimension at every date; with the projects without a status at every fourth.
        #expect(compared == 6 * (comparisonDates.count * 2 + (comparisonDates.count + 3) / 4 * 2))
    }

    /// Publishes the file under a handle of its own and compares its figures
    /// with the central database's at `dates` (``compareFigures(central:handle:path:dates:)``).
    static func compareFigures(
        name: String, path: String, dates: [CalendarDate] = comparisonDates, optionSets: [StatisticsOptions] = comparedOptionSets
    ) async throws -> Int {
        let central = try await CentralTestServer.connect()
        do {
            let handle = uniqueHandle(name)
            _ = try await central.publish(file: path, as: handle)
            let compared = try await compareFigures(central: central, handle: handle, path: path, dates: dates, optionSets: optionSets)
            await central.close()
            return compared
        } catch {
            await central.close()
            throw error
        }
    }

    /// Expects the statistics JSON of the file at `path` to equal the central
    /// database's for `handle` at each date, for each of `optionSets` (by
    /// default the headline alone and every breakdown), those counting the
    /// projects without a status at every fourth date. Returns how many were compared.
    static func compareFigures(
        central: CentralDatabase, handle: String, path: String, dates: [CalendarDate],
        optionSets: [StatisticsOptions] = comparedOptionSets
    ) async throws -> Int {
        let portfolio = try Portfolio(path: path, readOnly: true)
        var compared = 0
        for (index, date) in dates.enumerated() {
            for options in optionSets where index % 4 == 0 || !options.countsProjectsWithoutApplications {
                let expected = statisticsJSON(try await portfolio.statistics(asOf: date, options: options))
                let actual = statisticsJSON(try await central.statistics(asOf: date, options: options, portfolios: [handle]))
                #expect(actual == expected, "\(handle) as of \(date), \(options.breakdowns), all projects: \(options.countsProjectsWithoutApplications)")
                compared += 1
            }
        }
        return compared
    }

    /// Every breakdown at once (the JSON holds the headline too), without the
    /// projects that have no application: an imported 360Giving grant always has one.
    static let everyBreakdown = StatisticsOptions(breakdowns: StatisticsDimension.allCases, countsProjectsWithoutApplications: false)

    /// The five 360Giving files of `../shared/data/360giving`, imported into
    /// portfolio files: the same figures in the central database, every
    /// dimension at once (each breakdown read on its own), at five dates
    /// across their awards (2011–2022).
    @Test("identical figures: the five 360Giving files imported, every dimension, 5 dates",
          .enabled(if: ThreeSixtyGivingFiles.testRuns, ThreeSixtyGivingFiles.skipNote))
    func identicalFiguresThreeSixtyGiving() async throws {
        #expect(ThreeSixtyGivingFiles.missing.isEmpty, "missing in \(ThreeSixtyGivingFiles.folder.path): \(ThreeSixtyGivingFiles.missing)")
        let folder = try ScratchFolder()
        var files: [(name: String, path: String)] = []
        for (index, name) in ThreeSixtyGivingFiles.names.enumerated() {
            let data = try Data(contentsOf: ThreeSixtyGivingFiles.folder.appendingPathComponent(name))
            let path = try folder.portfolio("360giving-\(index)") { try $0.importThreeSixtyGiving(from: data) }
            files.append(("360giving-\(index)", path))
        }
        let compared = try await withThrowingTaskGroup(of: Int.self) { group in
            for (name, path) in files {
                group.addTask {
                    try await Self.compareFigures(name: name, path: path, dates: ThreeSixtyGivingFiles.dates, optionSets: [Self.everyBreakdown])
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(compared == 5 * 5)
    }

    /// Every table of a portfolio's data reaches the central database: the
    /// file's tables are each either published or the file's own
    /// bookkeeping, and each published table has as many rows of the
    /// portfolio centrally as in the file. People, contacts, grant records
    /// and beneficiary locations changed in the file are changed centrally
    /// as a fresh publish of the file has them.
    @Test("every table of the portfolio's data is published, and re-published when it changes",
          .enabled(if: ThreeSixtyGivingFiles.testRuns, ThreeSixtyGivingFiles.skipNote))
    func everyTablePublished() async throws {
        let folder = try ScratchFolder()
        var files = [("fixture", try folder.portfolio("fixture") { try $0.importDocument(from: ScratchFolder.fixtureData) })]
        for (index, name) in ThreeSixtyGivingFiles.names.enumerated() {
            let data = try Data(contentsOf: ThreeSixtyGivingFiles.folder.appendingPathComponent(name))
            files.append(("360giving-\(index)", try folder.portfolio("360giving-\(index)") { try $0.importThreeSixtyGiving(from: data) }))
        }
        let bookkeeping: Set = ["metadata", "schema_migrations", "statistics_stale"]
        let central = try await CentralTestServer.connect()
        defer { Task { await central.close() } }
        var filled: [String: Int] = [:]
        func compareCounts(_ path: String, _ handle: String) async throws {
            let db = try Connection(path: path)
            let fileTables = try db.fetchAll(
                sql: "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name") { try $0[0] as String }
            for table in fileTables where !bookkeeping.contains(table) {
                #expect(PublishedTables.names.contains(table), "\(table) of the file is not published")
                guard PublishedTables.names.contains(table), !PublishedTables.isStatistics(table) else { continue }
                let inFile = try db.fetchOne(sql: "SELECT count(*) FROM \(table)") { try $0[0] as Int } ?? -1
                let centrally = try await central.rows(
                    "SELECT count(*) FROM \(table) WHERE portfolio_id = (SELECT id FROM portfolio WHERE handle = $1)", [.text(handle)])
                #expect(try centrally.first?.integer(0) == Int64(inFile), "\(handle): \(table)")
                filled[table, default: 0] += inFile
            }
        }
        for (name, path) in files {
            let handle = uniqueHandle("tables-\(name)")
            _ = try await central.publish(file: path, as: handle)
            try await compareCounts(path, handle)

            // A person's telephone, a contact's end, one beneficiary location fewer, a grant's new identifier.
            let db = try Connection(path: path)
            try db.transaction { db in
                try db.execute(sql: "UPDATE person SET phone = '+371 6542 0000' WHERE id = (SELECT min(id) FROM person)")
                try db.execute(sql: "UPDATE contact SET valid_to = '2030-12-31' WHERE rowid = (SELECT min(rowid) FROM contact)")
                try db.execute(sql: "DELETE FROM beneficiary_location WHERE rowid = (SELECT max(rowid) FROM beneficiary_location)")
                try db.execute(sql: """
                    UPDATE grant_record SET grant_identifier = grant_identifier || '-changed'
                    WHERE application_id = (SELECT min(application_id) FROM grant_record)
                    """)
            }
            let report = try await central.publish(file: path, as: handle)
            try await compareCounts(path, handle)
            let fresh = uniqueHandle("tables-fresh-\(name)")
            _ = try await central.publish(file: path, as: fresh)
            let republished = try await central.portfolioContent(handle)
            let expected = try await central.portfolioContent(fresh)
            for table in PublishedTables.names {
                #expect(republished[table] == expected[table], "\(name): \(table) after \(report.summary)")
            }
        }
        for table in ["person", "contact", "grant_record", "beneficiary_location"] {
            #expect(filled[table, default: 0] > 0, "no test file has rows in \(table)")
        }
    }

    /// The two command-line tools print the same bytes.
    @Test("grants stats and grants-central stats print the same JSON")
    func identicalCommandOutput() async throws {
        let folder = try ScratchFolder()
        let path = try folder.portfolio("fixture") { try $0.importDocument(from: ScratchFolder.fixtureData) }
        let handle = uniqueHandle("cli")
        let url = try #require(CentralTestServer.urlText)
        let publish = try Binaries.run("grants-central", ["publish", "--as", handle, path], environment: ["GRANTS_POSTGRES": url])
        #expect(publish.exitCode == 0, "\(publish.stderr)")
        #expect(publish.stdout.hasPrefix("\(handle): published"))
        for (date, by) in [("2013-12-31", "source"), ("2009-06-30", "theme"), ("2026-12-01", "status"), ("2010-01-01", "country")] {
            for format in ["json", "csv", "table"] {
                let local = try Binaries.run("grants", ["stats", "--db", path, "--as-of", date, "--by", by, "--format", format])
                let remote = try Binaries.run(
                    "grants-central", ["stats", "--portfolio", handle, "--as-of", date, "--by", by, "--format", format],
                    environment: ["GRANTS_POSTGRES": url])
                #expect(local.exitCode == 0 && remote.exitCode == 0, "\(local.stderr) \(remote.stderr)")
                #expect(remote.stdout == local.stdout, "\(date) --by \(by) --format \(format)")
            }
        }
    }

    /// `grants-central projects` lists what `grants projects list` lists.
    @Test("grants projects list and grants-central projects print the same rows")
    func identicalProjects() async throws {
        let path = try SharedPortfolios.files()[3].path
        let handle = uniqueHandle("projects")
        let url = try #require(CentralTestServer.urlText)
        let publish = try Binaries.run("grants-central", ["publish", "--as", handle, path], environment: ["GRANTS_POSTGRES": url])
        #expect(publish.exitCode == 0, "\(publish.stderr)")
        for filters in [[], ["--as-of", "2009-06-30"], ["--as-of", "2012-01-01", "--outcome", "approved", "--outcome", "pending"],
                        ["--limit", "5"]] {
            for format in ["table", "csv", "json"] {
                let local = try Binaries.run("grants", ["projects", "list", "--db", path, "--format", format] + filters)
                let remote = try Binaries.run(
                    "grants-central", ["projects", "--portfolio", handle, "--format", format] + filters,
                    environment: ["GRANTS_POSTGRES": url])
                #expect(local.exitCode == 0 && remote.exitCode == 0, "\(local.stderr) \(remote.stderr)")
                #expect(remote.stdout == local.stdout, "\(filters) --format \(format)")
            }
        }
    }

    /// Across portfolios, every count and every converted sum is the sum of the single portfolios'.
    @Test("totals across portfolios add up to the single portfolios' figures")
    func totalsAddUp() async throws {
        let central = try await CentralTestServer.connect()
        defer { Task { await central.close() } }
        var handles: [String] = []
        for (name, path) in try SharedPortfolios.files().prefix(4) {
            let handle = uniqueHandle(name)
            _ = try await central.publish(file: path, as: handle)
            handles.append(handle)
        }
        for date in comparisonDates.enumerated().filter({ $0.offset % 2 == 1 }).map(\.element) {
            let options = StatisticsOptions(breakdowns: [.status, .fundingSource])
            let together = try await central.statistics(asOf: date, options: options, portfolios: handles)
            var counts = OutcomeCounts()
            var converted: [String: Int64] = [:]
            var statusGroups: [String: Int] = [:]
            for handle in handles {
                let single = try await central.statistics(asOf: date, options: options, portfolios: [handle])
                counts = Self.sum(counts, single.total.counts)
                for summary in single.total.money {
                    for total in [summary.totalCost, summary.requested, summary.awarded] {
                        converted["\(summary.group) \(total.kind)", default: 0] += total.converted.minorUnits
                    }
                }
                for group in single.breakdown(.status)?.groups ?? [] { statusGroups[group.key ?? "", default: 0] += group.counts.developed }
            }
            #expect(together.total.counts == counts, "as of \(date)")
            for summary in together.total.money {
                for total in [summary.totalCost, summary.requested, summary.awarded] {
                    #expect(total.converted.minorUnits == converted["\(summary.group) \(total.kind)", default: 0], "\(date) \(summary.group) \(total.kind)")
                }
            }
            var togetherGroups: [String: Int] = [:]
            for group in together.breakdown(.status)?.groups ?? [] { togetherGroups[group.key ?? "", default: 0] += group.counts.developed }
            #expect(togetherGroups == statusGroups.filter { $0.value != 0 }, "status groups as of \(date)")
        }
        // All portfolios: the sum over every published handle.
        let all = try await central.statistics(asOf: comparisonDates[13])
        var developed = 0
        for handle in try await central.portfolioHandles() {
            developed += try await central.statistics(asOf: comparisonDates[13], portfolios: [handle]).total.counts.developed
        }
        #expect(all.total.counts.developed == developed)
    }

    static func sum(_ a: OutcomeCounts, _ b: OutcomeCounts) -> OutcomeCounts {
        OutcomeCounts(
            developed: a.developed + b.developed, approved: a.approved + b.approved, rejected: a.rejected + b.rejected,
            withdrawn: a.withdrawn + b.withdrawn, pending: a.pending + b.pending,
            inPreparation: a.inPreparation + b.inPreparation, undetermined: a.undetermined + b.undetermined,
            underEvaluation: a.underEvaluation + b.underEvaluation)
    }

    /// Publishing an unchanged file changes nothing and says so; a changed
    /// file changes exactly the rows that differ.
    @Test("a portfolio emptied of its projects, then published whole again, has its figures again")
    func emptiedAndRefilled() async throws {
        let folder = try ScratchFolder()
        let full = try folder.portfolio("full") { try $0.importDocument(from: ScratchFolder.fixtureData) }
        let empty = try folder.portfolio("empty") { portfolio in
            try portfolio.importDocument(from: ScratchFolder.fixtureData)
        }
        let emptied = try Portfolio(path: empty)
        for project in try await emptied.projects.search(ProjectQuery()) {
            try await emptied.projects.delete(reference: project.reference)
        }
        // Rebuilt, the statistics' sums of an empty portfolio have no rows at all.
        try await emptied.rebuildStatistics()
        let central = try await CentralTestServer.connect()
        defer { Task { await central.close() } }
        let handle = uniqueHandle("emptied")
        let date = try CalendarDate("2013-12-31")
        let options = StatisticsOptions(breakdowns: [.status, .fundingSource])
        let expected = try await Portfolio(path: full, readOnly: true).statistics(asOf: date, options: options)
        _ = try await central.publish(file: full, as: handle)
        #expect(try await central.statistics(asOf: date, options: options, portfolios: [handle]) == expected)
        _ = try await central.publish(file: empty, as: handle)
        #expect(try await central.statistics(asOf: date, portfolios: [handle]).total.counts.developed == 0)
        _ = try await central.publish(file: full, as: handle)
        #expect(try await central.statistics(asOf: date, options: options, portfolios: [handle]) == expected)
    }

    @Test("re-publish: unchanged changes nothing; a deleted project and a new status event update exactly")
    func republish() async throws {
        let folder = try ScratchFolder()
        let path = try folder.portfolio("fixture") { try $0.importDocument(from: ScratchFolder.fixtureData) }
        let central = try await CentralTestServer.connect()
        defer { Task { await central.close() } }
        let handle = uniqueHandle("republish")
        let first = try await central.publish(file: path, as: handle)
        #expect(first.created && !first.isUnchanged)
        let before = try await central.contentDigest()
        let again = try await central.publish(file: path, as: handle)
        #expect(again.isUnchanged)
        #expect(again.summary == "\(handle): unchanged, nothing to publish")
        #expect(try await central.contentDigest() == before)

        // Delete a project, add a status event to another.
        let portfolio = try Portfolio(path: path)
        let projects = try await portfolio.projects.search(ProjectQuery())
        let deleted = try #require(projects.first).reference
        let applicationsOfDeleted = try await portfolio.applications.applications(ofProject: deleted)
        try await portfolio.projects.delete(reference: deleted)
        // An application that may still be withdrawn gets a new event.
        var withdrawable: Application.ID?
        for project in projects.dropFirst() where withdrawable == nil {
            for application in try await portfolio.applications.applications(ofProject: project.reference) {
                guard let id = application.id else { continue }
                let status = try await portfolio.applications.status(of: id, asOf: try CalendarDate("2027-02-28"))
                if let status, ["draft", "submitted", "under_evaluation", "approved"].contains(status.rawValue) {
                    withdrawable = id
                    break
                }
            }
        }
        let application = try #require(withdrawable)
        try await portfolio.applications.recordStatus("withdrawn", on: try CalendarDate("2027-03-01"), note: "test", for: application)
        let report = try await central.publish(file: path, as: handle)
        let byTable = Dictionary(uniqueKeysWithValues: report.changes.map { ($0.table, $0) })
        #expect(byTable["project"]?.deleted == 1)
        #expect(byTable["project"]?.inserted == 0 && byTable["project"]?.updated == 0)
        #expect(byTable["application"]?.deleted == applicationsOfDeleted.count)
        #expect(byTable["application"]?.inserted == 0)
        #expect(byTable["status_event"]?.inserted == 1)
        #expect(byTable["status_event"]?.updated == 0)
        #expect(byTable["organisation"] == nil)
        let count = try await central.rows(
            "SELECT count(*) FROM project p JOIN portfolio f ON f.id = p.portfolio_id WHERE f.handle = $1", [.text(handle)])
        #expect(try count.first?.integer(0) == Int64(projects.count - 1))
        for date in [comparisonDates[13], try CalendarDate("2027-03-01"), try CalendarDate("2027-02-28")] {
            for options in Self.optionSets where !options.countsProjectsWithoutApplications {
                #expect(statisticsJSON(try await central.statistics(asOf: date, options: options, portfolios: [handle]))
                        == statisticsJSON(try await portfolio.statistics(asOf: date, options: options)))
            }
        }
        // The history is append-only in the central database too.
        await #expect(throws: CentralError.self) {
            try await central.execute(
                "UPDATE status_event SET note = 'changed' WHERE portfolio_id = (SELECT id FROM portfolio WHERE handle = $1)",
                [.text(handle)])
        }
    }

    /// A re-publish after a few projects changed sends only those projects'
    /// rows (their digests in `published_project` differ), and of the
    /// statistics' sums only the spans that changed: a row of an
    /// unchanged project that was changed centrally behind the publisher's
    /// back stays as it is, which a whole-table comparison would have undone.
    /// The report counts exactly the changed rows and the figures equal the
    /// file's. A portfolio without project digests (published before
    /// migration 0002) is compared whole once and gets them.
    @Test("re-publish after a few projects changed: only their rows are sent")
    func incrementalRepublish() async throws {
        let folder = try ScratchFolder()
        let path = try folder.portfolio("incremental") { try SeededPortfolio(seed: 21, projects: 60, rates: .direct).build($0) }
        let central = try await CentralTestServer.connect()
        defer { Task { await central.close() } }
        let handle = uniqueHandle("incremental")
        let first = try await central.publish(file: path, as: handle)
        #expect(first.created && first.projectsSent == 60 && first.projectsRemoved == 0)
        let portfolioID = try #require(try await central.rows("SELECT id FROM portfolio WHERE handle = $1", [.text(handle)]).first?.integer(0))
        func digestCount() async throws -> Int64? {
            try await central.rows("SELECT count(*) FROM published_project WHERE portfolio_id = $1", [.integer(portfolioID)]).first?.integer(0)
        }
        #expect(try await digestCount() == 60)

        let portfolio = try Portfolio(path: path)
        let projects = try await portfolio.projects.search(ProjectQuery())
        try #require(projects.count == 60)
        // Three new titles, one project deleted, one new status event; one unchanged project tampered with centrally.
        let retitled = [projects[5], projects[20], projects[40]].map(\.reference)
        for reference in retitled {
            var project = try #require(try await portfolio.projects.fetch(reference: reference))
            project.title += " (changed)"
            try await portfolio.projects.update(project)
        }
        let deleted = projects[50].reference
        let applicationsOfDeleted = try await portfolio.applications.applications(ofProject: deleted)
        try await portfolio.projects.delete(reference: deleted)
        var withdrawn: (reference: String, application: Application.ID)?
        for project in projects[10..<50] where withdrawn == nil && !retitled.contains(project.reference) {
            for application in try await portfolio.applications.applications(ofProject: project.reference) {
                guard let id = application.id else { continue }
                let status = try await portfolio.applications.status(of: id, asOf: try CalendarDate("2031-02-28"))
                if let status, ["draft", "submitted", "under_evaluation", "approved"].contains(status.rawValue) {
                    withdrawn = (project.reference, id)
                    break
                }
            }
        }
        let event = try #require(withdrawn)
        try await portfolio.applications.recordStatus("withdrawn", on: try CalendarDate("2031-03-01"), note: "test", for: event.application)
        let tampered = try #require(projects.first { !retitled.contains($0.reference) && $0.reference != deleted && $0.reference != event.reference })
        try await central.execute(
            "UPDATE project SET note = 'changed centrally' WHERE portfolio_id = $1 AND reference = $2",
            [.integer(portfolioID), .text(tampered.reference)])

        let lines = Mutex<[String]>([])
        let report = try await central.publish(file: path, as: handle) { line in lines.withLock { $0.append(line) } }
        #expect(!report.created && report.projectsSent == 4 && report.projectsRemoved == 1, "\(report)")
        // The statistics' sums went in parts: the spans of the new event only.
        let progress = lines.withLock { $0 }
        #expect(progress.contains("\(handle): 4 of 59 projects changed, 1 removed"), "\(progress)")
        #expect(progress.contains { $0.hasPrefix("\(handle): statistics_change (") && $0.hasSuffix(" changed spans)") }, "\(progress)")
        let byTable = Dictionary(uniqueKeysWithValues: report.changes.map { ($0.table, $0) })
        #expect(byTable["project"] == PublishReport.TableChange(table: "project", inserted: 0, updated: 3, deleted: 1))
        #expect(byTable["application"]?.deleted == applicationsOfDeleted.count)
        #expect(byTable["application"]?.inserted == 0)
        #expect(byTable["status_event"]?.inserted == 1)
        #expect(byTable["status_event"]?.updated == 0)
        #expect(byTable["organisation"] == nil && byTable["currency"] == nil)
        #expect(try await digestCount() == 59)
        // The unchanged project's rows were not sent: the central change stays.
        let note = try await central.rows(
            "SELECT note FROM project WHERE portfolio_id = $1 AND reference = $2", [.integer(portfolioID), .text(tampered.reference)])
        #expect(try note.first?.text(0) == "changed centrally")
        // The figures equal the file's (the tampered note counts in none).
        for date in [comparisonDates[13], try CalendarDate("2031-02-28"), try CalendarDate("2031-03-01")] {
            for options in Self.optionSets where !options.countsProjectsWithoutApplications {
                #expect(statisticsJSON(try await central.statistics(asOf: date, options: options, portfolios: [handle]))
                        == statisticsJSON(try await portfolio.statistics(asOf: date, options: options)), "\(date) \(options.breakdowns)")
            }
        }
        #expect(try await central.publish(file: path, as: handle).isUnchanged)

        // Without project digests (as published before 0002): compared whole once, which undoes the central
        // change, and the digests are back.
        try await central.execute("DELETE FROM published_project WHERE portfolio_id = $1", [.integer(portfolioID)])
        let whole = try await central.publish(file: path, as: handle)
        #expect(whole.changes == [PublishReport.TableChange(table: "project", inserted: 0, updated: 1, deleted: 0)], "\(whole)")
        #expect(whole.projectsSent == 59)
        #expect(try await digestCount() == 59)
        #expect(try await central.publish(file: path, as: handle).isUnchanged)
    }

    /// A project's digest covers its own rows, not its statistics facts;
    /// a new exchange rate changes the facts of projects whose rows did not
    /// change (figures that could not be converted now can). The re-publish
    /// sees the portfolio-wide table change and compares every project's
    /// facts: the central figures equal the file's again, and no project's
    /// own rows are sent.
    @Test("re-publish after a rate was added: every project's statistics facts compared")
    func republishAfterRate() async throws {
        let folder = try ScratchFolder()
        let path = try folder.portfolio("rates") { try SeededPortfolio(seed: 23, projects: 40, rates: .direct).build($0) }
        let central = try await CentralTestServer.connect()
        defer { Task { await central.close() } }
        let handle = uniqueHandle("rates")
        _ = try await central.publish(file: path, as: handle)
        let portfolio = try Portfolio(path: path)
        let dates = [try CalendarDate("2005-12-31"), try CalendarDate("2009-06-30"), comparisonDates[13], try CalendarDate("2031-03-01")]
        let unconvertible = try await portfolio.statistics(asOf: dates[2]).unconvertible.count
        try #require(unconvertible > 0, "the seeded portfolio has NOK figures before its first NOK rate")

        // NOK to EUR from 2005: the figures of 2005 now convert.
        try await portfolio.currencies.add(ExchangeRate(
            from: "NOK", to: "EUR", numerator: 1, denominator: 9, validFrom: try CalendarDate("2005-01-01"), source: "test"))
        #expect(try await portfolio.statistics(asOf: dates[2]).unconvertible.count < unconvertible)
        let report = try await central.publish(file: path, as: handle)
        #expect(report.projectsSent == 0 && report.projectsRemoved == 0, "\(report)")
        let byTable = Dictionary(uniqueKeysWithValues: report.changes.map { ($0.table, $0) })
        #expect(byTable["exchange_rate"]?.inserted == 1)
        #expect((byTable["statistics_period"]?.updated ?? 0) > 0, "\(report)")
        #expect(byTable["project"] == nil && byTable["money_figure"] == nil)
        for date in dates {
            for options in Self.optionSets {
                #expect(statisticsJSON(try await central.statistics(asOf: date, options: options, portfolios: [handle]))
                        == statisticsJSON(try await portfolio.statistics(asOf: date, options: options)), "\(date) \(options.breakdowns)")
            }
        }
        // Every published row equals that of the same file published afresh.
        let fresh = uniqueHandle("rates-fresh")
        _ = try await central.publish(file: path, as: fresh)
        let republished = try await central.portfolioContent(handle)
        let expected = try await central.portfolioContent(fresh)
        for table in PublishedTables.names {
            #expect(republished[table] == expected[table], "\(table)")
        }
        #expect(try await central.publish(file: path, as: handle).isUnchanged)
    }

    /// Two publishers of the same file at once: serialised, nothing duplicated.
    @Test("the same file published twice at once is serialised")
    func concurrentSameFile() async throws {
        let path = try SharedPortfolios.files()[2].path
        let handle = uniqueHandle("twice")
        let reports = try await withThrowingTaskGroup(of: PublishReport.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    let central = try await CentralTestServer.connect()
                    do {
                        let report = try await central.publish(file: path, as: handle)
                        await central.close()
                        return report
                    } catch {
                        await central.close()
                        throw error
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(reports.filter(\.created).count == 1)
        #expect(reports.filter(\.isUnchanged).count == 1)
    }

    /// Four publishers of different files at once, with a reader in a loop:
    /// no errors, nothing lost, and every read sees each portfolio entirely or not at all.
    @Test("four publishers at once and a reader: consistent snapshots")
    func publishersAtOnce() async throws {
        let date = try CalendarDate("2031-01-01")
        var files: [(handle: String, path: String, developed: Int)] = []
        for (name, path) in try SharedPortfolios.files().suffix(4) {
            let developed = try await Portfolio(path: path, readOnly: true).statistics(asOf: date).total.counts.developed
            files.append((uniqueHandle("at-once-" + name), path, developed))
        }
        let reader = try await CentralTestServer.connect()
        defer { Task { await reader.close() } }
        try await reader.migrate()
        let base = try await reader.statistics(asOf: date).total.counts.developed
        // Every total a read may see: the base plus the projects of any subset of the files.
        var possible = Set<Int>()
        for mask in 0..<(1 << files.count) {
            possible.insert(base + files.indices.filter { mask & (1 << $0) != 0 }.reduce(0) { $0 + files[$1].developed })
        }
        let finalTotal = base + files.reduce(0) { $0 + $1.developed }
        let seen = try await withThrowingTaskGroup(of: [Int].self) { group in
            for file in files {
                group.addTask {
                    let central = try await CentralTestServer.connect()
                    do {
                        _ = try await central.publish(file: file.path, as: file.handle)
                        await central.close()
                    } catch {
                        await central.close()
                        throw error
                    }
                    return []
                }
            }
            group.addTask {
                var totals: [Int] = []
                while totals.last != finalTotal && totals.count < 2000 {
                    totals.append(try await reader.statistics(asOf: date).total.counts.developed)
                }
                return totals
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(seen.allSatisfy { possible.contains($0) }, "\(Set(seen).subtracting(possible))")
        #expect(seen.last == finalTotal)
        for file in files {
            #expect(try await reader.statistics(asOf: date, portfolios: [file.handle]).total.counts.developed == file.developed)
        }
    }

    /// Bad input: a one-line error, and the central database unchanged.
    @Test("bad input: one-line errors, the central database unchanged, no password printed")
    func badInput() async throws {
        let folder = try ScratchFolder()
        let central = try await CentralTestServer.connect()
        defer { Task { await central.close() } }
        try await central.migrate()
        let urlText = try #require(CentralTestServer.urlText)
        let url = try CentralTestServer.url()
        let before = try await central.contentDigest()
        let fixture = try folder.portfolio("fixture") { try $0.importDocument(from: ScratchFolder.fixtureData) }

        func expectOneLineError(_ arguments: [String], url: String, contains part: String) throws {
            let result = try Binaries.run("grants-central", arguments, environment: ["GRANTS_POSTGRES": url])
            #expect(result.exitCode == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("grants-central: error: "), "\(result.stderr)")
            #expect(result.stderr.contains(part), "\(result.stderr)")
            if let password = url.split(separator: "@").first?.split(separator: ":").last, password.count > 3 {
                #expect(!result.stderr.contains(password) && !result.stdout.contains(password))
            }
        }

        // An unreachable server.
        try expectOneLineError(["publish", fixture], url: "postgresql://grants:s3cret-pw@127.0.0.1:1/grants?sslmode=disable",
                               contains: "cannot connect to PostgreSQL at 127.0.0.1:1")
        // A wrong password: not printed.
        var wrong = URLComponents(string: urlText)!
        wrong.password = "wrong-pass-\(UUID().uuidString.prefix(6))"
        try expectOneLineError(["publish", fixture], url: wrong.string!, contains: "password authentication failed")
        // A file that is not a portfolio: text, and an empty SQLite database.
        let text = folder.path("notes.sqlite")
        try "not a database".write(toFile: text, atomically: true, encoding: .utf8)
        try expectOneLineError(["publish", text], url: urlText, contains: "is not a grant portfolio")
        let empty = folder.path("empty.sqlite")
        _ = try Connection(path: empty)
        try expectOneLineError(["publish", empty], url: urlText, contains: "is not a grant portfolio")
        // Stale statistics.
        let stale = try folder.portfolio("stale") { try $0.importDocument(from: ScratchFolder.fixtureData) }
        let db = try Connection(path: stale)
        try db.execute(sql: "INSERT INTO statistics_stale (project_id) SELECT min(id) FROM project")
        try expectOneLineError(["publish", stale], url: urlText, contains: "statistics that are out of date")
        #expect(try await central.contentDigest() == before)

        // A central schema newer than the tool: refused, for publishing and reading.
        try await central.execute("INSERT INTO schema_migrations (version, name, sha256) VALUES (999, 'future', repeat('0', 64))")
        let withFuture = try await central.contentDigest()
        try expectOneLineError(["publish", fixture], url: urlText, contains: "newer than this tool's")
        try expectOneLineError(["stats"], url: urlText, contains: "newer than this tool's")
        #expect(try await central.contentDigest() == withFuture)
        try await central.execute("DELETE FROM schema_migrations WHERE version = 999")
        #expect(try await central.contentDigest() == before)
        _ = url
    }

    /// `query` is read-only twice over.
    @Test("query: read-only transaction and a role without write grants")
    func readOnlyQuery() async throws {
        let central = try await CentralTestServer.connect()
        defer { Task { await central.close() } }
        try await central.migrate()
        let result = try await central.readOnlyQuery("SELECT $1::text AS greeting, 2 + 2 AS four", parameters: ["hello"])
        #expect(result.columns == ["greeting", "four"])
        #expect(result.rows == [["hello", "4"]])
        // Exact numeric and dates, printed as PostgreSQL prints them; a float only as a note to cast it.
        let values = try await central.readOnlyQuery(
            """
            SELECT 12345678901234567890123456789012345678901234.5678::numeric, -0.00042::numeric, 0::numeric,
                   10000::numeric, 1.50::numeric(10, 2), 'NaN'::numeric, 100000000.00012::numeric,
                   sum(x) FROM (VALUES (9223372036854775807::bigint), (9223372036854775807)) AS v (x)
            """)
        #expect(values.rows == [[
            "12345678901234567890123456789012345678901234.5678", "-0.00042", "0", "10000", "1.50", "NaN", "100000000.00012",
            "18446744073709551614",
        ]])
        let dates = try await central.readOnlyQuery(
            """
            SELECT '2013-12-31'::date, '1999-03-01'::date, '2000-02-29'::date, '0044-03-15'::date, 'infinity'::date, 0.5::float8,
                   '0044-03-15 BC'::date, '0001-01-01 BC'::date, '4713-01-01 BC'::date, '5874897-12-31'::date
            """)
        #expect(dates.rows == [[
            "2013-12-31", "1999-03-01", "2000-02-29", "0044-03-15", "infinity", "(DOUBLE PRECISION value; cast it to text)",
            "0044-03-15 BC", "0001-01-01 BC", "4713-01-01 BC", "5874897-12-31",
        ]])
        // A write fails: in a read-only transaction…
        await #expect(throws: CentralError.self) {
            try await central.readOnlyQuery("DELETE FROM portfolio")
        }
        // …and as the reader role even outside one.
        await #expect(throws: CentralError.self) {
            try await central.transaction {
                try await central.execute("SET LOCAL ROLE grants_reader")
                try await central.execute("DELETE FROM portfolio WHERE handle = 'none'")
            }
        }
        let url = try #require(CentralTestServer.urlText)
        let cli = try Binaries.run(
            "grants-central", ["query", "--format", "csv", "SELECT $1::text AS a", "--param", "x,y"], environment: ["GRANTS_POSTGRES": url])
        #expect(cli.exitCode == 0, "\(cli.stderr)")
        #expect(cli.stdout == "a\r\n\"x,y\"\r\n")
    }
}

/// Connection strings, without a server.
@Suite("Central connection URIs")
struct CentralURLTests {
    @Test("connection URIs: libpq forms, the password never shown")
    func urls() throws {
        let url = try CentralURL("postgresql://me:p%40ss@db.example:6543/grants?sslmode=require")
        #expect(url.host == "db.example" && url.port == 6543 && url.user == "me" && url.password == "p@ss")
        #expect(url.database == "grants" && url.sslMode == "require")
        #expect(!url.description.contains("p@ss") && !url.description.contains("p%40ss"))
        let socket = try CentralURL("postgres://me@/grants?host=/tmp/pg&port=5555")
        #expect(socket.socketDirectory == "/tmp/pg" && socket.port == 5555)
        #expect(CentralURL.redacted("postgresql://u:secret@h/db") == "postgresql://u:***@h/db")
        #expect(throws: CentralError.self) { try CentralURL("mysql://u:secret@h/db") }
        do {
            _ = try CentralURL("http://u:secret@h/db")
        } catch {
            #expect(!String(describing: error).contains("secret"))
        }
    }
}

/// `kill -9` during a publish, in a database of its own: not serialised with
/// the suite above, since nothing it does meets the shared database.
@Suite("Central database: kill -9 during publish", .enabled(if: CentralTestServer.enabled, CentralTestServer.skipNote))
struct CentralKillTests {
    /// `kill -9` of `grants-central publish` at 10 seeded moments spread over
    /// its measured duration: after each, the central database is exactly as
    /// before (or, for a kill after the commit, completely published, and then
    /// removed again); each next publish starts from there, and the last one
    /// completes it with identical figures. 300 projects (the suite stays
    /// within `swift test`'s few minutes); 100,000 with
    /// GRANTS_STRESS=1 (the issue's size).
    @Test("kill -9 during publish: the central database as before, the next publish completes it")
    func killDuringPublish() async throws {
        let stress = ProcessInfo.processInfo.environment["GRANTS_STRESS"] == "1"
        let folder = try ScratchFolder()
        let path = try folder.portfolio("kill") {
            try SeededPortfolio(seed: 11, projects: stress ? 100_000 : 300, rates: .direct).build($0)
        }
        // A database of its own: the digest below is of the whole database,
        // which the other tests' publishes would change.
        try await CentralTestServer.withOwnDatabase { url, central in
            try await Self.killDuringPublish(path: path, url: url, central: central)
        }
    }

    static func killDuringPublish(path: String, url: String, central: CentralDatabase) async throws {
        try await central.migrate()
        let handle = uniqueHandle("kill")

        /// Removes the portfolio (its rows cascade), and returns the database's digest without it.
        func reset() async throws -> String {
            try await central.execute("DELETE FROM portfolio WHERE handle = $1", [.text(handle)])
            return try await central.contentDigest()
        }
        /// Starts `grants-central publish`; its output is not read.
        func startPublish() throws -> Process {
            let process = Process()
            process.executableURL = Binaries.folder.appendingPathComponent("grants-central")
            process.arguments = ["publish", "--as", handle, path]
            var environment = ProcessInfo.processInfo.environment
            environment["GRANTS_POSTGRES"] = url
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }

        // The duration of a whole publish, from the start of the process to its exit.
        _ = try await reset()
        let start = ContinuousClock.now
        let measured = try startPublish()
        measured.waitUntilExit()
        let duration = ContinuousClock.now - start
        #expect(measured.terminationReason == .exit && measured.terminationStatus == 0)

        var random = SeededPortfolio.Generator(state: 0x6B69_6C6C)
        var landed = 0, afterCommit = 0
        let before = try await reset()
        for moment in 0..<10 {
            // One delay in each tenth of the duration.
            let delay = duration * ((Double(moment) + Double(random.below(1000)) / 1000) / 10)
            let process = try startPublish()
            try await Task.sleep(for: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let killed = process.terminationReason == .uncaughtSignal
            if killed { landed += 1 } else { #expect(process.terminationStatus == 0, "moment \(moment): the publish failed") }
            // Wait until the server has ended the killed publisher's transaction (it holds the portfolio's lock).
            try await central.transaction {
                try await central.execute("SELECT pg_advisory_xact_lock($1::integer, hashtext($2))", [.integer(0x4752), .text(handle)])
            }
            if try await central.contentDigest() != before {
                // Only a publish that committed may have changed anything, and then it is complete.
                let again = try await central.publish(file: path, as: handle)
                #expect(again.isUnchanged, "moment \(moment) (\(delay)): a partial publish is left: \(again.summary)")
                if killed { afterCommit += 1 }
                #expect(try await reset() == before)
            }
        }
        print("kill during publish: \(landed) of 10 kills landed while the publish ran (\(afterCommit) after its commit: the database complete); publish takes \(duration)")
        #expect(landed * 3 >= 10, "only \(landed) of 10 kills landed while the publish ran")
        // The next publish completes it, with the file's figures.
        let next = try await central.publish(file: path, as: handle)
        #expect(next.created && !next.isUnchanged, "\(next.summary)")
        let compared = try await CentralTests.compareFigures(
            central: central, handle: handle, path: path, dates: [comparisonDates[9], comparisonDates[16]], optionSets: [CentralTests.everyBreakdown])
        #expect(compared == 2)
        _ = try await reset()
    }
}
