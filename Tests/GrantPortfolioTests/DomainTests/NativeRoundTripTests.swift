import Foundation
import SQLiteCore
import Testing
@testable import GrantPortfolio

@Suite("The native format loses nothing an import brought in")
struct NativeRoundTripTests {

    @Test("360Giving → native export → import elsewhere: grant ids, recipients, locations and exports are the same")
    func threeSixtyGivingIdentitySurvives() throws {
        let data = try SharedData.data(SharedData.multiFunder)
        let first = try TemporaryPortfolio()
        try first.portfolio.importThreeSixtyGiving(from: data)
        let native = try first.portfolio.exportDocument()

        let second = try TemporaryPortfolio()
        try second.portfolio.importDocument(from: native)
        #expect(try second.portfolio.exportDocument() == native)
        #expect(try second.portfolio.exportThreeSixtyGiving() == first.portfolio.exportThreeSixtyGiving())

        let counts = "SELECT (SELECT count(*) FROM grant_record), (SELECT count(recipient_person_id) FROM grant_record), (SELECT count(*) FROM beneficiary_location), (SELECT count(identifier) FROM person)"
        let expected = try first.portfolio.database.read { try $0.fetchOne(sql: counts) { $0.values } }
        let actual = try second.portfolio.database.read { try $0.fetchOne(sql: counts) { $0.values } }
        #expect(actual == expected)
        #expect(expected?.first == .integer(154))
        #expect(expected?[1] != .integer(0), "the file has grants to individuals")
        #expect(expected?[2] != .integer(0), "the file has beneficiary locations")
    }

    @Test("a duplicate grant identifier in a native file is refused, naming the record")
    func duplicateGrantIdentifier() throws {
        let scratch = try TemporaryPortfolio(loadingFixture: true)
        var text = String(decoding: try scratch.portfolio.exportDocument(), as: UTF8.self)
        // Application keys stand at ten spaces of indentation; money figures' deeper.
        let applicationCurrency = "\n          \"currency\": \""
        text = text.replacingOccurrences(of: applicationCurrency, with: "\n          \"grantIdentifier\": \"360G-X-1\"," + applicationCurrency)
        let fresh = try TemporaryPortfolio()
        let error = try fresh.expectUnchanged { try fresh.portfolio.importDocument(from: Data(text.utf8)) }
        let importError = try #require(error as? ImportError)
        #expect(importError.path == "projects[1].applications[0]")
        #expect(importError.message.contains("grantIdentifier"))
    }
}
