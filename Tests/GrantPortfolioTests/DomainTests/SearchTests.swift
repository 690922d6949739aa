import Foundation
import Testing
@testable import GrantPortfolio

@Suite("Project search")
struct SearchTests {
    private func portfolio() throws -> TemporaryPortfolio {
        let scratch = try TemporaryPortfolio()
        let p = scratch.portfolio
        try SamplePortfolio.seed(p)
        try p.fundingSources.create(FundingSource(handle: "interreg", kind: .programme, title: "Interreg", parent: "eu"))
        try SamplePortfolio.project(p, reference: "A-2012", title: "Latgales tūrisma ceļvedis", source: "interreg",
                                    history: [(.submitted, "2012-03-01"), (.underEvaluation, "2012-04-01"), (.rejected, "2012-09-01")], themes: ["tourism"])
        try SamplePortfolio.project(p, reference: "B-2013", title: "Trip to Trøndelag", source: "stef",
                                    history: [(.submitted, "2013-02-01"), (.underEvaluation, "2013-02-10"), (.approved, "2013-05-14"), (.inImplementation, "2013-06-01")],
                                    themes: ["education"])
        try SamplePortfolio.project(p, reference: "C-2025", title: "100% green_energy; 'quoted'", source: "interreg",
                                    history: [(.submitted, "2025-05-01"), (.underEvaluation, "2025-06-01")], themes: ["tourism", "education"])
        // A resubmission: A-2012 approved in a later call.
        try p.applications.create(Application(
            project: "A-2012", fundingSource: "stef", submittedOn: .day("2014-02-01"), currency: "EUR",
            statusHistory: [StatusEvent(status: .submitted, effectiveOn: .day("2014-02-01")),
                            StatusEvent(status: .approved, effectiveOn: .day("2014-06-01"))]))
        return scratch
    }

    private func references(_ scratch: TemporaryPortfolio, _ configure: (inout ProjectQuery) -> Void) throws -> [String] {
        var query = ProjectQuery()
        configure(&query)
        return try scratch.portfolio.projects.search(query).map(\.reference)
    }

    @Test("text is case- and diacritic-insensitive, and LIKE wildcards are literal")
    func text() throws {
        let scratch = try portfolio()
        #expect(try references(scratch) { $0.text = "latgale" } == ["A-2012"])
        #expect(try references(scratch) { $0.text = "TURISMA" } == ["A-2012"])
        #expect(try references(scratch) { $0.text = "trondelag" } == ["B-2013"])
        #expect(try references(scratch) { $0.text = "Trøndelag" } == ["B-2013"])
        #expect(try references(scratch) { $0.text = "100%" } == ["C-2025"])
        #expect(try references(scratch) { $0.text = "%" } == ["C-2025"])
        #expect(try references(scratch) { $0.text = "n_e" } == ["C-2025"])
        #expect(try references(scratch) { $0.text = "'quoted'" } == ["C-2025"])
        #expect(try references(scratch) { $0.text = "zzz" } == [])
    }

    @Test("outcome as of a date: the resubmitted project counts once, as approved after 2014-06-01")
    func outcomes() throws {
        let scratch = try portfolio()
        #expect(try references(scratch) { $0.outcomes = [.approved] } == ["A-2012", "B-2013"])
        #expect(try references(scratch) { $0.outcomes = [.approved]; $0.asOf = .day("2014-05-31") } == ["B-2013"])
        #expect(try references(scratch) { $0.outcomes = [.rejected]; $0.asOf = .day("2013-01-01") } == ["A-2012"])
        #expect(try references(scratch) { $0.outcomes = [.pending] } == ["C-2025"])
        #expect(try references(scratch) { $0.outcomes = [.none]; $0.asOf = .day("2012-01-01") } == ["A-2012", "B-2013", "C-2025"])
        let summaries = try scratch.portfolio.projects.search(ProjectQuery())
        #expect(summaries.map(\.outcome) == [.approved, .approved, .pending])
        #expect(summaries.map(\.applicationCount) == [2, 1, 1])
    }

    @Test("status, funding-source subtree, theme, owner and year filters compose")
    func filters() throws {
        let scratch = try portfolio()
        #expect(try references(scratch) { $0.statuses = [.underEvaluation] } == ["C-2025"])
        #expect(try references(scratch) { $0.statuses = [.underEvaluation]; $0.asOf = .day("2013-03-01") } == ["B-2013"])
        #expect(try references(scratch) { $0.fundingSource = "eu" } == ["A-2012", "C-2025"])
        #expect(try references(scratch) { $0.fundingSource = "norway" } == ["A-2012", "B-2013"])
        #expect(try references(scratch) { $0.theme = Theme.Key(vocabulary: "", code: "education") } == ["B-2013", "C-2025"])
        #expect(try references(scratch) { $0.theme = Theme.Key(vocabulary: "lpr", code: "tourism"); $0.fundingSource = "eu"; $0.text = "green" } == ["C-2025"])
        #expect(try references(scratch) { $0.submittedInYear = 2014 } == ["A-2012"])
        #expect(try references(scratch) { $0.owner = "trondheim" } == [])
    }

    @Test("sort, limit and offset; the streaming variant yields the same")
    func paging() throws {
        let scratch = try portfolio()
        #expect(try references(scratch) { $0.sort = .newest } == ["C-2025", "B-2013", "A-2012"])
        #expect(try references(scratch) { $0.limit = 2; $0.offset = 1 } == ["B-2013", "C-2025"])
        #expect(try references(scratch) { $0.offset = 2 } == ["C-2025"])
        var streamed: [String] = []
        try scratch.portfolio.projects.search(ProjectQuery()) { streamed.append($0.reference) }
        #expect(streamed == ["A-2012", "B-2013", "C-2025"])
    }
}
