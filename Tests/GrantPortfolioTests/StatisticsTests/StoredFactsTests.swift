import Foundation
import SQLiteCore
import Testing

@testable import GrantPortfolio

/// The stored facts stay equal to the reference replay through writes, stale
/// projects, failures and edge dates (the equivalence on whole portfolios is
/// in ``StatisticsEquivalenceTests``).
@Suite("Stored statistics facts")
struct StoredFactsTests {
    static let dimensions = StatisticsDimension.allCases

    /// The days compared: those of the equivalence tests.
    static func days(of portfolio: Portfolio) throws -> [CalendarDate] {
        try StatisticsEquivalenceTests.days(of: portfolio)
    }

    /// Compares the library with the reference on every day, every dimension;
    /// returns how many days were compared.
    @discardableResult
    static func expectMatchesReference(_ portfolio: Portfolio, _ label: String, currency: String = "EUR") throws -> Int {
        var compared = 0
        for day in try days(of: portfolio) {
            let options = StatisticsOptions(breakdowns: dimensions, reportingCurrency: currency)
            let expected = try portfolio.database.read { try ReferenceStatistics.statistics($0, asOf: day, options: options) }
            let actual = try portfolio.statistics(asOf: day, options: options)
            #expect(actual == expected, "\(label) as of \(day)")
            compared += 1
        }
        return compared
    }

    @Test("writes through the library keep the facts up to date, and leave no project stale")
    func writes() throws {
        let scratch = try TemporaryPortfolio()
        let portfolio = scratch.portfolio
        try SeededPortfolio(seed: 5, projects: 12, rates: .direct).build(portfolio)
        let applications = try portfolio.database.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM application ORDER BY id")
        }.map { Application.ID($0) }
        func expectFresh(_ label: String) throws {
            #expect(try Self.expectMatchesReference(portfolio, label) >= 20)
            let stale = try portfolio.database.read { try Int64.fetchOne($0, sql: "SELECT count(*) FROM statistics_stale") }
            #expect(stale == 0, "\(label): no project left stale")
        }

        // A new status event, on an application whose history allows it.
        var recorded = false
        for id in applications where !recorded {
            if (try? portfolio.applications.recordStatus(.withdrawn, on: .day("2029-01-01"), for: id)) != nil { recorded = true }
        }
        #expect(recorded)
        try expectFresh("after a new event")

        // A revised figure, a figure changed in place by SQL, a new rate into EUR.
        _ = try portfolio.applications.addMoneyFigure(
            MoneyFigure(kind: .totalCost, amount: try Money(parsing: "123456.78", currency: .lvl), setOn: .day("2012-02-02")),
            to: applications[0])
        try portfolio.database.write { db in
            try db.execute(sql: "UPDATE money_figure SET amount_minor = amount_minor + 101 WHERE id = (SELECT min(id) FROM money_figure)")
        }
        try portfolio.currencies.add(ExchangeRate(
            from: "LVL", to: "EUR", numerator: 3, denominator: 2, validFrom: .day("2011-06-01"), source: "test"))
        try expectFresh("after money changes")

        // Themes, partners and a partner's country.
        try portfolio.database.write { db in
            try db.execute(sql: "DELETE FROM project_theme WHERE rowid IN (SELECT rowid FROM project_theme LIMIT 2)")
            try db.execute(sql: "UPDATE organisation SET country = 'EE' WHERE id = (SELECT max(organisation_id) FROM participation)")
            try db.execute(sql: "DELETE FROM participation WHERE rowid = (SELECT min(rowid) FROM participation WHERE role <> 'lead_applicant')")
        }
        try expectFresh("after theme and partner changes")

        // Deletions.
        try portfolio.applications.delete(applications[1])
        let reference = try #require(try portfolio.database.read { db in
            try String.fetchOne(db, sql: "SELECT reference FROM project ORDER BY id DESC LIMIT 1")
        })
        try portfolio.projects.delete(reference: reference)
        try expectFresh("after deletions")
        let leftovers = try portfolio.database.read { db in
            try Int64.fetchOne(db, sql: "SELECT count(*) FROM statistics_period WHERE project_id NOT IN (SELECT id FROM project)")
        }
        #expect(leftovers == 0)
    }

    @Test("a write from elsewhere leaves projects stale: the readers work them out in memory, writing nothing",
          arguments: [false, true])
    func writeFromElsewhere(readOnly: Bool) throws {
        let scratch = try TemporaryPortfolio()
        try SeededPortfolio(seed: 6, projects: 10, rates: .direct).build(scratch.portfolio)
        let day = CalendarDate.day("2030-01-01")
        let before = try scratch.portfolio.statistics(asOf: day)

        let other = try Connection(path: scratch.path)
        try other.execute(sql: "UPDATE money_figure SET amount_minor = amount_minor + 1")
        try other.execute(sql: "DELETE FROM project_theme WHERE rowid IN (SELECT rowid FROM project_theme LIMIT 3)")
        try other.execute(sql: "UPDATE organisation SET country = 'EE' WHERE id = (SELECT max(organisation_id) FROM participation)")
        try other.execute(sql: "DELETE FROM application WHERE id = (SELECT max(application_id) FROM status_event WHERE status = 'approved')")
        let stale = try Int64.fetchOne(other, sql: "SELECT count(*) FROM statistics_stale") ?? 0
        #expect(stale > 0)

        let reader = readOnly ? try Portfolio(path: scratch.path, readOnly: true) : scratch.portfolio
        let expected = try reader.database.read {
            try ReferenceStatistics.statistics($0, asOf: day, options: StatisticsOptions(breakdowns: Self.dimensions))
        }
        #expect(try reader.statistics(asOf: day, options: StatisticsOptions(breakdowns: Self.dimensions)) == expected)
        #expect(expected != before)
        // Reading wrote nothing: the projects are still stale.
        #expect(try Int64.fetchOne(other, sql: "SELECT count(*) FROM statistics_stale") == stale)
        // The search sees the same outcomes.
        var query = ProjectQuery()
        query.asOf = day
        let outcomes = try reader.database.read { try ReferenceStatistics.outcomes($0, asOf: day) }
        for summary in try reader.projects.search(query) {
            #expect(summary.outcome.rawValue == outcomes[summary.id.rawValue], "\(summary.reference)")
        }
        query.outcomes = [.rejected]
        query.limit = 3
        let rejected = try reader.projects.search(query)
        #expect(rejected.allSatisfy { outcomes[$0.id.rawValue] == "rejected" })
        #expect(rejected.count == min(3, outcomes.values.filter { $0 == "rejected" }.count))

        // Opening for writing returns at once and answers at once; the
        // refresh (started in the background, or asked for) stores them.
        let reopened = try Portfolio(path: scratch.path)
        #expect(try reopened.statistics(asOf: day, options: StatisticsOptions(breakdowns: Self.dimensions)) == expected)
        try reopened.refreshStatistics()
        #expect(try Int64.fetchOne(other, sql: "SELECT count(*) FROM statistics_stale") == 0)
        #expect(try reopened.statistics(asOf: day, options: StatisticsOptions(breakdowns: Self.dimensions)) == expected)
    }

    @Test("the refresh is part of the write: a write that fails leaves the facts as they were")
    func failedWrite() throws {
        let scratch = try TemporaryPortfolio(loadingFixture: true)
        let snapshot = try scratch.snapshot()
        #expect(throws: CancellationError.self) {
            try scratch.portfolio.database.write { db in
                try db.execute(sql: "DELETE FROM application WHERE id = (SELECT min(id) FROM application)")
                throw CancellationError()
            }
        }
        #expect(try scratch.snapshot() == snapshot)
        let stale = try scratch.portfolio.database.read { db in try Int64.fetchOne(db, sql: "SELECT count(*) FROM statistics_stale") }
        #expect(stale == 0)
    }

    /// A project with one application: `history`, one total cost `amount` (EUR cents) set on the first day.
    static func project(
        _ portfolio: Portfolio, _ reference: String, _ history: [(StatusCode, String)], amount: Int64 = 100_00
    ) throws {
        try portfolio.projects.create(Project(reference: reference, title: reference, owner: "owner"))
        _ = try portfolio.applications.create(Application(
            project: reference, fundingSource: "d1", currency: "EUR",
            participants: [Participation(organisation: "owner", role: .leadApplicant)],
            statusHistory: history.map { StatusEvent(status: $0.0, effectiveOn: .day($0.1)) },
            money: [MoneyFigure(
                kind: .totalCost, amount: Money(minorUnits: amount, currency: .eur), setOn: .day(history[0].1))]))
    }

    static func emptyPortfolio() throws -> TemporaryPortfolio {
        let scratch = try TemporaryPortfolio()
        try scratch.portfolio.organisations.create(Organisation(handle: "owner", name: "Owner", country: "LV"))
        try scratch.portfolio.fundingSources.create(FundingSource(handle: "d1", kind: .donor, title: "Donor"))
        return scratch
    }

    @Test("a dated write refreshes its project from that day on, with the facts of a full rework; any other write, the whole history")
    func refreshSince() throws {
        let scratch = try Self.emptyPortfolio()
        let portfolio = scratch.portfolio
        try portfolio.projects.create(Project(reference: "P-1", title: "P-1", owner: "owner"))
        /// Day `n` from 2020-01-01, on a calendar of 28-day months.
        func day(_ n: Int) -> CalendarDate {
            try! CalendarDate(year: 2020 + n / 336, month: 1 + (n / 28) % 12, day: 1 + n % 28)
        }
        /// `days` days from day `start`, under evaluation and rejected in turn after the submission.
        func history(from start: Int, days: Int) -> [StatusEvent] {
            (0..<days).map { step in
                StatusEvent(status: step == 0 ? .submitted : step % 2 == 1 ? .underEvaluation : .rejected, effectiveOn: day(start + step))
            }
        }
        var ids: [Application.ID] = []
        for (start, days) in [(0, 60), (10, 80)] {
            ids.append(try portfolio.applications.create(Application(
                project: "P-1", fundingSource: "d1", currency: "EUR",
                participants: [Participation(organisation: "owner", role: .leadApplicant)],
                statusHistory: history(from: start, days: days),
                money: [MoneyFigure(kind: .totalCost, amount: Money(minorUnits: 100_00, currency: .eur),
                                    setOn: day(start))])))
        }
        /// Runs `sql` in one write and returns what `statistics_stale` says of the project before the commit.
        func write(_ sql: String) throws -> [String?] {
            try portfolio.database.write { db in
                try db.executeScript(sql)
                return try db.fetchAll(sql: "SELECT since FROM statistics_stale") { try $0[0] as String? }
            }
        }
        func expectFresh(_ label: String) throws {
            #expect(try portfolio.checkStatistics().isEmpty, "\(label): the stored facts are those of a full rework")
            #expect(try Self.expectMatchesReference(portfolio, label) >= 20)
        }
        try expectFresh("created")

        // A status change on the first application (its history ends on
        // 2020-03-04), in the middle of the second one's (to 2020-04-06).
        #expect(try write("""
            INSERT INTO status_event (application_id, status, effective_on) VALUES (\(ids[0].rawValue), 'withdrawn', '2020-03-05')
            """) == ["2020-03-05"])
        try expectFresh("after an event in the middle of another history")
        // A figure set in the middle, moved earlier, then deleted: the earliest day counts.
        #expect(try write("""
            INSERT INTO money_figure (application_id, kind, currency, amount_minor, set_on)
            VALUES (\(ids[1].rawValue), 'requested', 'EUR', 5000, '2020-02-01')
            """) == ["2020-02-01"])
        try expectFresh("after a figure set in the middle")
        #expect(try write("UPDATE money_figure SET set_on = '2020-01-20' WHERE kind = 'requested'") == ["2020-01-20"])
        try expectFresh("after a figure moved earlier")
        #expect(try write("UPDATE money_figure SET amount_minor = 6000, set_on = '2020-02-15' WHERE kind = 'requested'")
                == ["2020-01-20"])
        try expectFresh("after a figure moved later")
        #expect(try write("DELETE FROM money_figure WHERE kind = 'requested'") == ["2020-02-15"])
        try expectFresh("after a figure deleted")
        // Two dated writes: the earlier day; with an undated one (a theme), the whole history.
        #expect(try write("""
            INSERT INTO status_event (application_id, status, effective_on) VALUES (\(ids[1].rawValue), 'rejected', '2020-04-10');
            UPDATE money_figure SET amount_minor = 20000 WHERE application_id = \(ids[0].rawValue)
            """) == ["2020-01-01"])
        try expectFresh("after two dated writes")
        #expect(try write("""
            INSERT INTO status_event (application_id, status, effective_on) VALUES (\(ids[1].rawValue), 'under_evaluation', '2020-04-11');
            INSERT INTO theme (vocabulary, code, title) VALUES ('test', 't1', 'Theme');
            INSERT INTO project_theme (project_id, theme_id) SELECT id, last_insert_rowid() FROM project;
            UPDATE money_figure SET amount_minor = 30000 WHERE application_id = \(ids[0].rawValue)
            """) == [nil])
        try expectFresh("after a dated write and a theme")
    }

    @Test("the last day there is, 9999-12-31, is a day like any other")
    func lastDay() throws {
        let scratch = try Self.emptyPortfolio()
        try Self.project(scratch.portfolio, "P-1", [(.submitted, "2020-01-01"), (.approved, "9999-12-31")])
        for day in ["2020-01-01", "9999-12-30", "9999-12-31"] {
            let expected = try scratch.portfolio.database.read {
                try ReferenceStatistics.statistics($0, asOf: .day(day), options: StatisticsOptions(breakdowns: Self.dimensions))
            }
            #expect(try scratch.portfolio.statistics(asOf: .day(day), options: StatisticsOptions(breakdowns: Self.dimensions)) == expected,
                    "as of \(day)")
        }
        #expect(try scratch.portfolio.statistics(asOf: .day("9999-12-31")).total.counts.approved == 1)
    }

    @Test("sums past 64 bits: a typed error, never a trap, and a refused write leaves the file as it was")
    func overflow() throws {
        let scratch = try Self.emptyPortfolio()
        let huge = Int64.max / 2 + 1
        try Self.project(scratch.portfolio, "P-1", [(.submitted, "2020-01-01"), (.approved, "2020-02-01")], amount: huge)
        try scratch.portfolio.projects.create(Project(reference: "P-2", title: "P-2", owner: "owner"))
        let snapshot = try scratch.snapshot()
        // The second application's money would take the month's sum past 64 bits.
        #expect(throws: MoneyError.overflow) {
            _ = try scratch.portfolio.applications.create(Application(
                project: "P-2", fundingSource: "d1", currency: "EUR",
                participants: [Participation(organisation: "owner", role: .leadApplicant)],
                statusHistory: [StatusEvent(status: .submitted, effectiveOn: .day("2020-01-02"))],
                money: [MoneyFigure(kind: .totalCost, amount: Money(minorUnits: huge, currency: .eur), setOn: .day("2020-01-02"))]))
        }
        #expect(try scratch.snapshot() == snapshot)
        // A year later, the sum of the block of years 2020-2023 (and 2016-2031) would pass 64 bits: refused too.
        try scratch.portfolio.projects.create(Project(reference: "P-3", title: "P-3", owner: "owner"))
        let beforeP3 = try scratch.snapshot()
        #expect(throws: MoneyError.overflow) {
            _ = try scratch.portfolio.applications.create(Application(
                project: "P-3", fundingSource: "d1", currency: "EUR",
                participants: [Participation(organisation: "owner", role: .leadApplicant)],
                statusHistory: [
                    StatusEvent(status: .submitted, effectiveOn: .day("2021-06-01")),
                    StatusEvent(status: .approved, effectiveOn: .day("2021-07-01")),
                ],
                money: [MoneyFigure(kind: .totalCost, amount: Money(minorUnits: huge, currency: .eur), setOn: .day("2021-06-01"))]))
        }
        #expect(try scratch.snapshot() == beforeP3)
        // In the next block of 16 years every stored sum fits, and the sum as of a later date overflows when read.
        try Self.project(scratch.portfolio, "P-4", [(.submitted, "2032-06-01"), (.approved, "2032-07-01")], amount: huge)
        #expect(throws: MoneyError.overflow) { try scratch.portfolio.statistics(asOf: .day("2033-01-01")) }
        #expect(throws: MoneyError.overflow) { try scratch.portfolio.breakdown(by: .status, asOf: .day("2033-01-01")) }
        // Before the overflow the statistics answer, as the reference does.
        let expected = try scratch.portfolio.database.read {
            try ReferenceStatistics.statistics($0, asOf: .day("2020-03-01"), options: StatisticsOptions())
        }
        #expect(try scratch.portfolio.statistics(asOf: .day("2020-03-01")) == expected)
    }

    @Test("a project deleted with foreign keys off (the sqlite3 shell's default) no longer counts once refreshed")
    func deletedWithForeignKeysOff() throws {
        let scratch = try Self.emptyPortfolio()
        try Self.project(scratch.portfolio, "P-1", [(.submitted, "2020-01-01")])
        try Self.project(scratch.portfolio, "P-2", [(.submitted, "2020-01-01"), (.approved, "2020-03-01")])
        let other = try Connection(path: scratch.path, configuration: {
            var configuration = Connection.Configuration()
            configuration.foreignKeys = false
            return configuration
        }())
        try other.execute(sql: "DELETE FROM project WHERE reference = 'P-2'")
        let day = CalendarDate.day("2021-01-01")
        // Stale, read as it is now.
        #expect(try scratch.portfolio.statistics(asOf: day).total.counts.developed == 1)
        let reopened = try Portfolio(path: scratch.path)
        let statistics = try reopened.statistics(asOf: day, options: StatisticsOptions(breakdowns: Self.dimensions))
        #expect(statistics.total.counts.developed == 1)
        let expected = try reopened.database.read {
            try ReferenceStatistics.statistics($0, asOf: day, options: StatisticsOptions(breakdowns: Self.dimensions))
        }
        #expect(statistics == expected)
    }
}
