import Foundation
import GrantPortfolio
import GrantsOutput
import Testing

/// The JSON shape `grants stats --format json` prints.
@Suite("Statistics as JSON")
struct StatisticsJSONTests {
    @Test("keys in a fixed order")
    func json() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("grants-output-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let portfolio = try Portfolio(path: folder.appendingPathComponent("portfolio.sqlite").path)
        try portfolio.importDocument(from: Data(contentsOf: Self.fixture))

        let statistics = try portfolio.statistics(asOf: CalendarDate("2010-01-01"))
        guard case .object(let members) = statistics.json else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == [
            "asOf", "reportingCurrency", "countsProjectsWithoutApplications", "headline", "counts", "successRates",
            "approvedBudget", "money", "breakdowns", "timeSeries", "ratesUsed", "unconvertible",
        ])
        let text = statistics.json.jsonText(style: .compact)
        #expect(text.contains(#""approvedBudget":{"amount":"786230.00","currency":"EUR","complete":true"#))
        #expect(text.contains(#""approvedOfDeveloped":{"numerator":2,"denominator":3,"percent":66.7}"#))
    }

    /// `Fixtures/latgale-planning-region.json` in the package folder.
    static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/latgale-planning-region.json")
}
