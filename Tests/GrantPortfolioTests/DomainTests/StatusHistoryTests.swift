import Foundation
import SQLiteCore
import Testing
@testable import GrantPortfolio

@Suite("Status history is append-only and obeys the transitions")
struct StatusHistoryTests {
    @Test("status as of a date is the latest event dated then or earlier")
    func asOf() throws {
        let scratch = try TemporaryPortfolio()
        try SamplePortfolio.seed(scratch.portfolio)
        let id = try SamplePortfolio.project(
            scratch.portfolio, reference: "P1",
            history: [(.draft, "2013-01-10"), (.submitted, "2013-02-01"), (.underEvaluation, "2013-02-01"), (.approved, "2013-05-14")])
        let store = scratch.portfolio.applications
        #expect(try store.status(of: id, asOf: .day("2013-01-09")) == nil)
        #expect(try store.status(of: id, asOf: .day("2013-01-10")) == .draft)
        // Two events on one day: the later recorded wins.
        #expect(try store.status(of: id, asOf: .day("2013-02-01")) == .underEvaluation)
        #expect(try store.status(of: id, asOf: .day("2013-05-13")) == .underEvaluation)
        #expect(try store.status(of: id, asOf: .day("2026-01-01")) == .approved)
    }

    @Test("an illegal transition names the application and both statuses; nothing changes")
    func illegalTransition() throws {
        let scratch = try TemporaryPortfolio()
        try SamplePortfolio.seed(scratch.portfolio)
        let id = try SamplePortfolio.project(scratch.portfolio, reference: "LPR-2013-07", history: [(.draft, "2013-01-10")])
        let error = try scratch.expectUnchanged {
            try scratch.portfolio.applications.recordStatus(.approved, on: .day("2013-02-01"), for: id)
        }
        #expect(error as? PortfolioError == .illegalTransition(
            application: RecordName(kind: .application, key: "\(id) of project 'LPR-2013-07'"), from: "draft", to: "approved"))
        #expect(String(describing: error!).contains("cannot go from status draft to approved"))
    }

    @Test("the same status twice is not a transition")
    func repeatedStatus() throws {
        let scratch = try TemporaryPortfolio()
        try SamplePortfolio.seed(scratch.portfolio)
        let id = try SamplePortfolio.project(scratch.portfolio, reference: "P1", history: [(.submitted, "2013-01-10")])
        let error = try scratch.expectUnchanged {
            try scratch.portfolio.applications.recordStatus(.submitted, on: .day("2013-02-01"), for: id)
        }
        // Names the application and the status it would go from and to.
        #expect(error as? PortfolioError == .illegalTransition(
            application: RecordName(kind: .application, key: "\(id) of project 'P1'"), from: "submitted", to: "submitted"))
        #expect(String(describing: error!).contains("application \(id) of project 'P1': cannot go from status submitted to submitted"))
    }

    @Test("an event dated before the latest is refused")
    func outOfOrder() throws {
        let scratch = try TemporaryPortfolio()
        try SamplePortfolio.seed(scratch.portfolio)
        let id = try SamplePortfolio.project(scratch.portfolio, reference: "P1", history: [(.submitted, "2013-03-01")])
        let error = try scratch.expectUnchanged {
            try scratch.portfolio.applications.recordStatus(.underEvaluation, on: .day("2013-02-28"), for: id)
        }
        #expect(error as? PortfolioError == .eventOutOfOrder(
            application: RecordName(kind: .application, key: "\(id) of project 'P1'"), effectiveOn: "2013-02-28", latest: "2013-03-01"))
    }

    @Test("an unknown status is refused")
    func unknownStatus() throws {
        let scratch = try TemporaryPortfolio()
        try SamplePortfolio.seed(scratch.portfolio)
        let id = try SamplePortfolio.project(scratch.portfolio, reference: "P1", history: [(.submitted, "2013-03-01")])
        let error = try scratch.expectUnchanged {
            try scratch.portfolio.applications.recordStatus("accepted", on: .day("2013-04-01"), for: id)
        }
        #expect(error as? PortfolioError == .unknownStatus(record: RecordName(kind: .application, key: "\(id) of project 'P1'"), status: "accepted"))
    }

    @Test("a history must start with a status that may start one")
    func firstStatus() throws {
        let scratch = try TemporaryPortfolio()
        try SamplePortfolio.seed(scratch.portfolio)
        try scratch.portfolio.projects.create(Project(reference: "P1", title: "T", owner: "lpr"))
        let error = try scratch.expectUnchanged {
            try scratch.portfolio.applications.create(Application(
                project: "P1", fundingSource: "stef", currency: "EUR",
                statusHistory: [StatusEvent(status: .underEvaluation, effectiveOn: .day("2013-03-01"))]))
        }
        #expect(error as? PortfolioError == .illegalTransition(application: RecordName(kind: .application, key: "1 of project 'P1'"), from: nil, to: "under_evaluation"))
    }

    @Test("the schema itself refuses updates, deletes, illegal transitions and hand-set current status")
    func schemaIsTheLastLine() throws {
        let scratch = try TemporaryPortfolio()
        try SamplePortfolio.seed(scratch.portfolio)
        let id = try SamplePortfolio.project(scratch.portfolio, reference: "P1", history: [(.draft, "2013-01-10")])
        for sql in [
            "UPDATE status_event SET effective_on = '2013-01-01'",
            "DELETE FROM status_event",
            "INSERT INTO status_event (application_id, status, effective_on) VALUES (\(id), 'approved', '2013-02-01')",
            "INSERT INTO status_event (application_id, status, effective_on) VALUES (\(id), 'submitted', '2012-02-01')",
            "UPDATE application SET current_status = 'approved'",
        ] {
            let error = try scratch.expectUnchanged { try scratch.portfolio.database.write { try $0.execute(sql: sql) } }
            let sqliteError = try #require(error as? SQLiteError, "\(sql) was not refused")
            #expect(sqliteError.constraintKind == .trigger, "\(sql)")
        }
    }
}
