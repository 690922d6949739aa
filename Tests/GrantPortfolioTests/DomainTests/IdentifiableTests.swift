import Foundation
import Testing

@testable import GrantPortfolio

/// The models whose identity is never nil are `Identifiable`.
@Suite("Identifiable models")
struct IdentifiableTests {
    /// The ids of `items`, through `Identifiable` alone.
    func ids<Item: Identifiable>(_ items: [Item]) -> [Item.ID] { items.map(\.id) }

    @Test("a status is identified by its code, a project summary by its project's id")
    func identities() throws {
        let scratch = try TemporaryPortfolio(loadingFixture: true)
        let statuses = try scratch.portfolio.statuses.all()
        #expect(ids(statuses) == statuses.map(\.code))
        #expect(Set(ids(statuses)).count == statuses.count)
        #expect(ids(statuses).contains(.underEvaluation))

        let summaries = try scratch.portfolio.projects.search(ProjectQuery())
        #expect(!summaries.isEmpty)
        for summary in summaries {
            #expect(try scratch.portfolio.projects.fetch(summary.id)?.reference == summary.reference)
        }
    }
}
