import Foundation
import SQLiteCore
import Testing

@testable import GrantPortfolio

/// Every public error type of GrantPortfolio is a `LocalizedError` whose
/// `localizedDescription` is its message, the `description` the CLI prints.
@Suite("GrantPortfolio errors: localizedDescription is the message")
struct ErrorDescriptionTests {
    /// One value of each error type, and of each case of the enums.
    static func samples() throws -> [any Error & CustomStringConvertible] {
        let json = #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: Data("{\"a\": }".utf8)) }
        var errors: [any Error & CustomStringConvertible] = [
            PortfolioError.invalidValue(
                record: RecordName(kind: .project, key: "'P-1'"), field: "title", value: "", reason: "must not be empty"),
            PortfolioError.notFound(record: .project, key: "P-1"),
            PortfolioError.duplicate(record: RecordName(kind: .project, key: "'P-1'"), field: "reference", value: "P-1"),
            PortfolioError.unknownStatus(record: RecordName(kind: .application, key: "1"), status: "lost"),
            PortfolioError.unknownCurrency(record: RecordName(kind: .statistics), field: "reportingCurrency", code: "XXX"),
            PortfolioError.illegalTransition(application: RecordName(kind: .application, key: "1"), from: "submitted", to: "closed"),
            PortfolioError.illegalTransition(application: RecordName(kind: .application, key: "1"), from: nil, to: "closed"),
            PortfolioError.eventOutOfOrder(
                application: RecordName(kind: .application, key: "1"), effectiveOn: "2013-01-01", latest: "2014-01-01"),
            PortfolioError.stillReferenced(record: RecordName(kind: .organisation, key: "'o'"), by: "projects"),
            PortfolioError.fundingSourceCycle(source: "a", parent: "b"),
            MoneyError.currencyMismatch("EUR", "NOK"), MoneyError.overflow, MoneyError.notANumber("x"),
            MoneyError.tooManyDecimals(amount: "1.001", currency: "EUR", allowed: 2),
            MoneyError.noExchangeRate(from: "NOK", to: "EUR", on: "2013-01-01"),
            ExportError("cannot write"), CSVSyntaxError(message: "unclosed quote", line: 3),
            ImportError(path: "projects[0]", message: "bad"), ImportError(file: "f.json", path: "", field: "title", message: "bad"),
            try #require(json),
        ]
        errors.append(SQLiteError(code: .busy))
        return errors
    }

    @Test("each error's localizedDescription and errorDescription are its description")
    func localizedDescriptionIsTheMessage() throws {
        for sample in try Self.samples() {
            let error: any Error = sample
            #expect(error.localizedDescription == sample.description)
            #expect((sample as? any LocalizedError)?.errorDescription == sample.description, "\(type(of: sample))")
            #expect(!sample.description.isEmpty)
        }
    }

    @Test("the messages are unchanged")
    func messagesUnchanged() {
        #expect(PortfolioError.notFound(record: .project, key: "P-1").localizedDescription == "no project 'P-1'")
        #expect(MoneyError.overflow.localizedDescription == "the amount is too large")
        #expect(CSVSyntaxError(message: "unclosed quote", line: 3).localizedDescription
            == "CSV syntax error on line 3: unclosed quote")
    }
}
