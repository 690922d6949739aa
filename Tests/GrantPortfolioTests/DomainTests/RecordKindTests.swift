import Foundation
import Testing

@testable import GrantPortfolio

/// The record an error names is data: a ``RecordKind`` and a ``RecordName``,
/// whose text is the message's, unchanged.
@Suite("Record kinds and names in errors")
struct RecordKindTests {
    @Test("each kind's raw value is the word messages use")
    func rawValues() {
        #expect(RecordKind.allCases.map(\.rawValue) == [
            "project", "application", "organisation", "person", "funding source", "theme", "status", "transition",
            "currency", "exchange rate", "money figure", "date", "statistics",
        ])
    }

    @Test("a record name reads as the messages always did")
    func names() throws {
        #expect(RecordName.project("LPR-2013-07").description == "project 'LPR-2013-07'")
        #expect(RecordName.application(3, project: "P1").description == "application 3 of project 'P1'")
        #expect(RecordName.application(nil, project: "P1").description == "new application of project 'P1'")
        #expect(RecordName.fundingSource("stef").description == "funding source 'stef'")
        #expect(RecordName.transition(from: "draft", to: "submitted").description == "transition draft → submitted")
        let rate = ExchangeRate(from: "LVL", to: "EUR", numerator: 1, denominator: 2, validFrom: try CalendarDate("2014-01-01"), source: "s")
        #expect(RecordName.exchangeRate(rate).description == "exchange rate LVL→EUR from 2014-01-01")
        #expect(RecordName(kind: .moneyFigure, path: "projects[0].applications[1].money[2]").description
            == "projects[0].applications[1].money[2]")
        #expect(PortfolioError.notFound(record: .fundingSource, key: "x").description == "no funding source 'x'")
        #expect(PortfolioError.unknownCurrency(record: RecordName(kind: .statistics), field: "reportingCurrency", code: "XYZ")
            .description == "statistics: reportingCurrency has unknown currency 'XYZ'")
    }

    @Test("a kind encodes as its raw value, and a name round-trips through JSON")
    func codable() throws {
        #expect(String(decoding: try JSONEncoder().encode(RecordKind.fundingSource), as: UTF8.self) == "\"funding source\"")
        let name = RecordName.application(nil, project: "P1")
        #expect(try JSONDecoder().decode(RecordName.self, from: JSONEncoder().encode(name)) == name)
    }

    @Test("errors from the stores carry the kind, so callers switch on it")
    func kindsFromStores() throws {
        let scratch = try TemporaryPortfolio()
        #expect(throws: PortfolioError.notFound(record: .project, key: "nope")) {
            try scratch.portfolio.projects.delete(reference: "nope")
        }
    }
}
