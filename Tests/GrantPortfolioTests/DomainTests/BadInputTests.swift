import Foundation
import SQLiteCore
import Testing
@testable import GrantPortfolio

/// Each kind of bad input is a typed error naming the record and field, and
/// leaves the database exactly as it was.
@Suite("Bad input is refused and changes nothing")
struct BadInputTests {
    private func sample() throws -> (TemporaryPortfolio, Application.ID) {
        let scratch = try TemporaryPortfolio()
        try SamplePortfolio.seed(scratch.portfolio)
        let id = try SamplePortfolio.project(scratch.portfolio, reference: "P1", history: [(.submitted, "2013-03-01")])
        return (scratch, id)
    }

    @Test("a negative amount")
    func negativeAmount() throws {
        let (scratch, id) = try sample()
        let figure = MoneyFigure(kind: .requested, amount: Money(minorUnits: -1, currency: .eur), setOn: .day("2013-03-01"))
        let error = try scratch.expectUnchanged { try scratch.portfolio.applications.addMoneyFigure(figure, to: id) }
        guard case .invalidValue(let record, let field, _, _)? = error as? PortfolioError else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(record == RecordName(kind: .application, key: "\(id) of project 'P1'"))
        #expect(field == "money.requested.amount")
    }

    @Test("an unknown currency")
    func unknownCurrency() throws {
        let (scratch, id) = try sample()
        let figure = MoneyFigure(kind: .requested, amount: Money(minorUnits: 100, currency: try Currency(code: "XYZ", minorUnit: 2)), setOn: .day("2013-03-01"))
        let error = try scratch.expectUnchanged { try scratch.portfolio.applications.addMoneyFigure(figure, to: id) }
        #expect(error as? PortfolioError == .unknownCurrency(
            record: RecordName(kind: .application, key: "\(id) of project 'P1'"), field: "money.requested.currency", code: "XYZ"))
        let application = Application(project: "P1", fundingSource: "stef", currency: "ABC")
        let second = try scratch.expectUnchanged { try scratch.portfolio.applications.create(application) }
        #expect(second as? PortfolioError == .unknownCurrency(
            record: RecordName(kind: .application, key: "of project 'P1'", isNew: true), field: "currency", code: "ABC"))
        #expect("\(try #require(second))".hasPrefix("new application of project 'P1': currency has unknown currency"))
    }

    @Test("an amount with too many decimals, or given with the wrong exponent")
    func tooManyDecimals() throws {
        let (scratch, id) = try sample()
        #expect(throws: MoneyError.tooManyDecimals(amount: "10.001", currency: "EUR", allowed: 2)) {
            try Money(parsing: "10.001", currency: .eur)
        }
        let wrongExponent = MoneyFigure(kind: .requested, amount: Money(minorUnits: 10001, currency: try Currency(code: "EUR", minorUnit: 3)), setOn: .day("2013-03-01"))
        let error = try scratch.expectUnchanged { try scratch.portfolio.applications.addMoneyFigure(wrongExponent, to: id) }
        guard case .invalidValue(let record, let field, let value, let reason)? = error as? PortfolioError else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(record == RecordName(kind: .application, key: "\(id) of project 'P1'"))
        #expect(field == "money.requested.currency")
        #expect(value == "EUR")
        #expect(reason == "EUR has 2 decimals, the amount was given with 3")
    }

    @Test("an end date before the start date")
    func endBeforeStart() throws {
        let (scratch, _) = try sample()
        let project = Project(reference: "P2", title: "T", owner: "lpr", plannedStart: .day("2014-01-01"), plannedEnd: .day("2013-12-31"))
        let error = try scratch.expectUnchanged { try scratch.portfolio.projects.create(project) }
        guard case .invalidValue(let record, let field, let value, _)? = error as? PortfolioError else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect((record.description, field, value) == ("project 'P2'", "plannedEnd", "2013-12-31"))
        #expect(record.kind == .project)
    }

    @Test("a duplicate project reference")
    func duplicateReference() throws {
        let (scratch, _) = try sample()
        let error = try scratch.expectUnchanged {
            try scratch.portfolio.projects.create(Project(reference: "P1", title: "Again", owner: "lpr"))
        }
        #expect(error as? PortfolioError == .duplicate(record: RecordName(kind: .project, key: "'P1'"), field: "reference", value: "P1"))
    }

    @Test("a funding source cycle")
    func cycle() throws {
        let (scratch, _) = try sample()
        var norway = try #require(try scratch.portfolio.fundingSources.fetch(handle: "norway"))
        norway.parent = "stef"
        let error = try scratch.expectUnchanged { try scratch.portfolio.fundingSources.update(norway) }
        #expect(error as? PortfolioError == .fundingSourceCycle(source: "norway", parent: "stef"))
        // The schema refuses it too.
        let raw = try scratch.expectUnchanged {
            try scratch.portfolio.database.write {
                try $0.execute(sql: "UPDATE funding_source SET parent_id = (SELECT id FROM funding_source WHERE handle = 'stef') WHERE handle = 'norway'")
            }
        }
        #expect((raw as? SQLiteError)?.constraintKind == .trigger)
    }

    @Test("deleting an organisation still referenced")
    func referencedOrganisation() throws {
        let (scratch, _) = try sample()
        let error = try scratch.expectUnchanged { try scratch.portfolio.organisations.delete(handle: "lpr") }
        #expect(error as? PortfolioError == .stillReferenced(record: RecordName(kind: .organisation, key: "'lpr'"), by: "1 projects, 1 participations"))
        let raw = try scratch.expectUnchanged {
            try scratch.portfolio.database.write { try $0.execute(sql: "DELETE FROM organisation WHERE handle = 'lpr'") }
        }
        #expect((raw as? SQLiteError)?.constraintKind == .foreignKey)
    }

    @Test("invalid fields of organisations: the error names the organisation and the field", arguments: [
        (Organisation(handle: "x", name: "X", country: "lv"), "country"),
        (Organisation(handle: "x", name: "X", country: "LVA"), "country"),
        (Organisation(handle: "x", name: "X", type: "A1"), "type"),
        (Organisation(handle: "", name: "X"), "handle"),
        (Organisation(handle: "x", name: "  "), "name"),
        (Organisation(handle: "lpr", name: "duplicate handle"), "handle"),
    ] as [(Organisation, String)])
    func invalidOrganisations(organisation: Organisation, field: String) throws {
        let (scratch, _) = try sample()
        let error = try scratch.expectUnchanged { try scratch.portfolio.organisations.create(organisation) }
        let portfolioError = try #require(error as? PortfolioError, "\(String(describing: error))")
        #expect(portfolioError.named.record == RecordName(kind: .organisation, key: "'\(organisation.handle)'"), "\(portfolioError)")
        #expect(portfolioError.named.field == field, "\(portfolioError)")
        // And the message a user reads says both.
        let message = "\(portfolioError)"
        #expect(message.hasPrefix("organisation '\(organisation.handle)': ") && message.contains(" \(field) "), "\(message)")
    }

    @Test("an import with one bad record among good ones imports nothing")
    func badRecordAmongGood() throws {
        let scratch = try TemporaryPortfolio()
        var text = String(decoding: TemporaryPortfolio.fixtureData, as: UTF8.self)
        // Make the last project's first amount negative.
        let marker = "\"amount\": \""
        let last = try #require(text.range(of: marker, options: .backwards))
        text.insert("-", at: last.upperBound)
        let error = try scratch.expectUnchanged { try scratch.portfolio.importDocument(from: Data(text.utf8)) }
        let importError = try #require(error as? ImportError)
        #expect(importError.path.hasPrefix("projects[13].applications[0].money["))
        #expect(importError.field == "amount")
        #expect(try scratch.portfolio.projects.count() == 0)
    }

    @Test("imports refuse unknown keys, nulls, wrong types, bad dates and syntax", arguments: [
        (#"{"format":"grantportfolio","version":1,"projects":[],"extraKey":1}"#, "extraKey"),
        (#"{"format":"grantportfolio","version":1,"organisations":[{"handle":"a","name":"A","country":null}]}"#, "country"),
        (#"{"format":"grantportfolio","version":1,"organisations":[{"handle":"a","name":5}]}"#, "name"),
        (#"{"format":"grantportfolio","version":2}"#, "version"),
        (#"{"format":"other","version":1}"#, "format"),
        (#"{"format":"grantportfolio","version":1,"fundingSources":[{"handle":"a","kind":"donor","title":"A","opensOn":"2024-02-30"}]}"#, "opensOn"),
        (#"{"format":"grantportfolio","version":1,"#, nil),
        (#"{"format":"grantportfolio","version":1,"themes":[{"vocabulary":"v","code":"c","title":"T","title":"U"}]}"#, "title"),
    ] as [(String, String?)])
    func importRefusals(json: String, field: String?) throws {
        let scratch = try TemporaryPortfolio()
        let error = try scratch.expectUnchanged { try scratch.portfolio.importDocument(from: Data(json.utf8)) }
        let importError = try #require(error as? ImportError, "\(String(describing: error))")
        #expect(importError.field == field)
    }

    @Test("an amount with the wrong number of decimals in the file", arguments: ["100.0", "100", "100.000", "1e3", "-5.00", "01.00", " 1.00"])
    func importAmountForm(amount: String) throws {
        let scratch = try TemporaryPortfolio()
        var text = String(decoding: TemporaryPortfolio.fixtureData, as: UTF8.self)
        let marker = "\"amount\": \""
        let first = try #require(text.range(of: marker))
        let close = try #require(text[first.upperBound...].firstIndex(of: "\""))
        text.replaceSubrange(first.upperBound..<close, with: amount)
        let error = try scratch.expectUnchanged { try scratch.portfolio.importDocument(from: Data(text.utf8)) }
        #expect((error as? ImportError)?.field == "amount")
    }
}
