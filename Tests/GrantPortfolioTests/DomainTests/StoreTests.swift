import Foundation
import SQLiteCore
import Testing
@testable import GrantPortfolio

@Suite("Stores round-trip every aggregate")
struct StoreTests {
    @Test("organisations and people keep Latvian and Norwegian text, update and delete")
    func partiesRoundTrip() throws {
        let scratch = try TemporaryPortfolio()
        let portfolio = scratch.portfolio
        let original = Organisation(
            handle: "inderoy", name: "Inderøy kommune — Ås Ørland", country: "NO", type: "11", identifier: "NO-BRC-944305483",
            note: "ā č ē ģ ī ķ ļ ņ š ū ž ø å")
        let id = try portfolio.organisations.create(original)
        var stored = try #require(try portfolio.organisations.fetch(handle: "inderoy"))
        #expect(stored.id == id)
        stored.id = nil
        #expect(stored == original)

        stored.id = id
        stored.name = "Inderøy"
        try portfolio.organisations.update(stored)
        #expect(try portfolio.organisations.fetch(id)?.name == "Inderøy")

        try portfolio.people.create(Person(handle: "vz", name: "Viktorija Želtkova", phone: "+371 654 28111"))
        #expect(try portfolio.people.fetch(handle: "vz")?.name == "Viktorija Želtkova")
        try portfolio.people.delete(handle: "vz")
        #expect(try portfolio.people.fetch(handle: "vz") == nil)
        try portfolio.organisations.delete(handle: "inderoy")
        #expect(try portfolio.organisations.all().isEmpty)
    }

    @Test("a project with themes and contacts round-trips, and its search text folds diacritics")
    func projectRoundTrip() throws {
        let scratch = try TemporaryPortfolio()
        try SamplePortfolio.seed(scratch.portfolio)
        let project = Project(
            reference: "LPR-2009-01", title: "Experience-exchange trip to Trøndelag",
            originalTitle: "Latgales plānošanas reģiona pieredzes apmaiņas brauciens", originalLanguage: "lv",
            summary: "Good practice.", owner: "lpr", plannedStart: .day("2009-10-01"), plannedEnd: .day("2010-06-30"),
            note: "note", themes: [Theme.Key(vocabulary: "lpr", code: "education")],
            contacts: [Contact(person: "vz", role: .projectManager, validFrom: .day("2009-09-01"))],
            extraJSON: #"{"b":1,"a":[true,null]}"#)
        let id = try scratch.portfolio.projects.create(project)
        var stored = try #require(try scratch.portfolio.projects.fetch(reference: "LPR-2009-01"))
        #expect(stored.id == id)
        stored.id = nil
        #expect(stored == project)
        let folded = try scratch.portfolio.database.read {
            try String.fetchOne($0, sql: "SELECT search_text FROM project WHERE id = ?", arguments: [id])
        }
        #expect(folded?.contains("latgales planosanas regiona") == true)
        #expect(folded?.contains("trondelag") == true)

        stored.id = id
        stored.themes = [Theme.Key(vocabulary: "lpr", code: "tourism")]
        stored.contacts = []
        try scratch.portfolio.projects.update(stored)
        let updated = try #require(try scratch.portfolio.projects.fetch(id))
        #expect(updated.themes == [Theme.Key(vocabulary: "lpr", code: "tourism")])
        #expect(updated.contacts.isEmpty)
    }

    @Test("an application keeps its history, money and participants; deleting the project cascades")
    func applicationRoundTrip() throws {
        let scratch = try TemporaryPortfolio()
        try SamplePortfolio.seed(scratch.portfolio)
        let total = MoneyFigure(kind: .totalCost, amount: try Money(parsing: "22500.00", currency: .eur), setOn: .day("2009-09-28"))
        let id = try SamplePortfolio.project(
            scratch.portfolio, reference: "P1",
            history: [(.draft, "2009-09-01"), (.submitted, "2009-09-28"), (.underEvaluation, "2009-10-05"), (.approved, "2010-01-19")],
            money: [total])
        let application = try #require(try scratch.portfolio.applications.fetch(id))
        #expect(application.statusHistory.map(\.status) == [.draft, .submitted, .underEvaluation, .approved])
        #expect(application.statusHistory.allSatisfy { $0.recordedAt != nil })
        #expect(application.money.map(\.amount) == [total.amount])
        #expect(application.participants == [Participation(organisation: "lpr", role: .leadApplicant)])
        #expect(application.currentStatus == .approved)
        let current = try scratch.portfolio.database.read {
            try String.fetchOne($0, sql: "SELECT current_status FROM application WHERE id = ?", arguments: [id])
        }
        #expect(current == "approved")

        try scratch.portfolio.projects.delete(reference: "P1")
        let left = try scratch.portfolio.database.read {
            try Int.fetchOne($0, sql: "SELECT (SELECT count(*) FROM application) + (SELECT count(*) FROM status_event) + (SELECT count(*) FROM money_figure)")
        }
        #expect(left == 0)
    }

    @Test("a revised figure replaces the earlier one from its date on; history stays")
    func revisedFigures() throws {
        let scratch = try TemporaryPortfolio()
        try SamplePortfolio.seed(scratch.portfolio)
        let id = try SamplePortfolio.project(scratch.portfolio, reference: "P1", history: [(.submitted, "2015-01-10")])
        try scratch.portfolio.applications.addMoneyFigure(
            MoneyFigure(kind: .totalCost, amount: try Money(parsing: "100000.00", currency: .eur), setOn: .day("2015-01-10")), to: id)
        try scratch.portfolio.applications.addMoneyFigure(
            MoneyFigure(kind: .totalCost, amount: try Money(parsing: "90000.00", currency: .eur), setOn: .day("2016-03-01")), to: id)
        #expect(try scratch.portfolio.applications.moneyFigure(.totalCost, of: id, asOf: .day("2015-12-31"))?.amount.amountText == "100000.00")
        #expect(try scratch.portfolio.applications.moneyFigure(.totalCost, of: id, asOf: .day("2016-03-01"))?.amount.amountText == "90000.00")
        #expect(try scratch.portfolio.applications.moneyFigure(.totalCost, of: id, asOf: .day("2014-01-01")) == nil)
        #expect(try scratch.portfolio.applications.fetch(id)?.money.count == 2)
    }

    @Test("funding sources form a tree: subtree and path")
    func fundingTree() throws {
        let scratch = try TemporaryPortfolio()
        try SamplePortfolio.seed(scratch.portfolio)
        let subtree = try scratch.portfolio.fundingSources.subtree(of: "norway").map(\.handle)
        #expect(subtree == ["norway", "norway-grants", "stef"])
        #expect(try scratch.portfolio.fundingSources.path(to: "stef").map(\.handle) == ["norway", "norway-grants", "stef"])
        #expect(try scratch.portfolio.fundingSources.all().map(\.handle) == ["eu", "norway", "norway-grants", "stef"])
    }

    @Test("a user-added status and transition work like the seeded ones")
    func userStatuses() throws {
        let scratch = try TemporaryPortfolio()
        try SamplePortfolio.seed(scratch.portfolio)
        try scratch.portfolio.statuses.add(Status(code: "shortlisted", label: "Shortlisted", phase: .pending, outcome: .none, sortOrder: 35))
        try scratch.portfolio.statuses.allowTransition(from: .underEvaluation, to: "shortlisted")
        try scratch.portfolio.statuses.allowTransition(from: "shortlisted", to: .approved)
        let id = try SamplePortfolio.project(scratch.portfolio, reference: "P1", history: [(.submitted, "2020-01-01"), (.underEvaluation, "2020-02-01")])
        try scratch.portfolio.applications.recordStatus("shortlisted", on: .day("2020-03-01"), for: id)
        try scratch.portfolio.applications.recordStatus(.approved, on: .day("2020-04-01"), for: id)
        #expect(try scratch.portfolio.applications.status(of: id, asOf: .day("2020-03-15")) == "shortlisted")
        #expect(try scratch.portfolio.statuses.fetch("shortlisted")?.phase == .pending)
    }
}
