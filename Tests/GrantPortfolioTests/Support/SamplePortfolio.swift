import Foundation
import GrantPortfolio

/// A small hand-made portfolio: one owner, a funding tree of three levels,
/// two themes, a person.
enum SamplePortfolio {
    static func seed(_ portfolio: Portfolio) throws {
        try portfolio.organisations.create(Organisation(handle: "lpr", name: "Latgales plānošanas reģions", country: "LV", type: "11"))
        try portfolio.organisations.create(Organisation(handle: "trondheim", name: "Trondheim kommune", country: "NO", type: "11"))
        try portfolio.people.create(Person(handle: "vz", name: "Viktorija Želtkova", email: "viktorija.zeltkova@latgale.lv"))
        try portfolio.themes.create(Theme(vocabulary: "lpr", code: "education", title: "Education"))
        try portfolio.themes.create(Theme(vocabulary: "lpr", code: "tourism", title: "Tourism promotion"))
        try portfolio.fundingSources.create(FundingSource(handle: "norway", kind: .donor, title: "Norway"))
        try portfolio.fundingSources.create(FundingSource(handle: "norway-grants", kind: .mechanism, title: "Norway Grants", parent: "norway"))
        try portfolio.fundingSources.create(FundingSource(handle: "stef", kind: .scheme, title: "Short-term Expert Fund", parent: "norway-grants"))
        try portfolio.fundingSources.create(FundingSource(handle: "eu", kind: .donor, title: "European Union"))
    }

    /// A project with one application whose history is `history` (status, date) pairs.
    @discardableResult
    static func project(
        _ portfolio: Portfolio, reference: String, title: String = "A project", source: String = "stef",
        history: [(StatusCode, String)], money: [MoneyFigure] = [], themes: [String] = []
    ) throws -> Application.ID {
        try portfolio.projects.create(Project(
            reference: reference, title: title, owner: "lpr",
            themes: themes.map { Theme.Key(vocabulary: "lpr", code: $0) }))
        return try portfolio.applications.create(Application(
            project: reference, fundingSource: source, submittedOn: history.first.map { .day($0.1) }, currency: "EUR",
            participants: [Participation(organisation: "lpr", role: .leadApplicant)],
            statusHistory: history.map { StatusEvent(status: $0.0, effectiveOn: .day($0.1)) }, money: money))
    }
}
