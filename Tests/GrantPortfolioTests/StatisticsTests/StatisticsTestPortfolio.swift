import Foundation
import GrantPortfolio

/// A small portfolio built by hand for the statistics tests, whose figures on
/// every date are worked out by hand in the tests.
///
/// Funding tree: eu → eu/prog → eu/prog/call-1, eu/prog/call-2; no → no/fund.
/// Themes t:a and t:b. Organisations lpr (LV, owner), lt-partner (LT),
/// no-host (NO).
///
/// | Project | Applications and histories | Money that counts |
/// |---|---|---|
/// | A-1 | call-1: draft 2008-01-10, submitted 02-01, under_evaluation 02-15, approved 06-01, in_implementation 07-01 | total_cost 100,000.00 EUR (2008-02-01), revised 90,000.00 EUR (2009-03-01); requested 80,000.00; awarded 80,000.00 (2008-06-01) |
/// | B-2 | call-1: submitted 2008-03-01, under_evaluation 03-10, rejected 09-01; call-2: submitted 2009-02-01, under_evaluation 02-10, approved 06-01 | call-1 total_cost 50,000.00 EUR; call-2 total_cost 60,000.00 LVL (= 85,372.31 EUR) |
/// | C-3 | no/fund: submitted 2009-01-15, approved 2009-06-01 (the same day as B-2) | total_cost 10,000.00 LVL (= 14,228.72 EUR) |
/// | D-4 | call-2: submitted 2009-05-01, under_evaluation 05-10 | total_cost 1,200.00 NOK (no rate); requested 20,000.00 EUR |
/// | E-5 | call-2: draft 2009-09-01 | — |
/// | F-6 | call-1: submitted 2008-04-01, withdrawn 05-01 | — |
/// | G-7 | no application | — |
/// | H-8 | no/fund: submitted 2009-01-20, rejected 2009-06-01 (the day of two approvals) | total_cost 5,000.00 EUR |
///
/// Themes: A-1 a; B-2 a and b; D-4 b. Partners: A-1 lt-partner (LT, partner);
/// C-3 no-host (NO, host) and lt-partner (LT, partner).
enum StatisticsTestPortfolio {
    static func build(_ portfolio: Portfolio) throws {
        try portfolio.organisations.create(Organisation(handle: "lpr", name: "Latgales plānošanas reģions", country: "LV", type: "11"))
        try portfolio.organisations.create(Organisation(handle: "lt-partner", name: "Utenos rajonas", country: "LT", type: "11"))
        try portfolio.organisations.create(Organisation(handle: "no-host", name: "Trøndelag fylkeskommune", country: "NO", type: "11"))
        try portfolio.themes.create(Theme(vocabulary: "t", code: "a", title: "Theme A"))
        try portfolio.themes.create(Theme(vocabulary: "t", code: "b", title: "Theme B"))
        for source in [
            FundingSource(handle: "eu", kind: .donor, title: "European Union"),
            FundingSource(handle: "eu/prog", kind: .programme, title: "Programme", parent: "eu"),
            FundingSource(handle: "eu/prog/call-1", kind: .call, title: "Call 1", parent: "eu/prog"),
            FundingSource(handle: "eu/prog/call-2", kind: .call, title: "Call 2", parent: "eu/prog"),
            FundingSource(handle: "no", kind: .donor, title: "Norway"),
            FundingSource(handle: "no/fund", kind: .scheme, title: "Fund", parent: "no"),
        ] {
            try portfolio.fundingSources.create(source)
        }

        try project(portfolio, "A-1", themes: ["a"])
        try application(
            portfolio, "A-1", "eu/prog/call-1",
            [(.draft, "2008-01-10"), (.submitted, "2008-02-01"), (.underEvaluation, "2008-02-15"), (.approved, "2008-06-01"),
             (.inImplementation, "2008-07-01")],
            money: [
                figure(.totalCost, "100000.00", .eur, set: "2008-02-01"),
                figure(.totalCost, "90000.00", .eur, set: "2009-03-01"),
                figure(.requested, "80000.00", .eur, set: "2008-02-01"),
                figure(.awarded, "80000.00", .eur, set: "2008-06-01"),
            ],
            participants: [Participation(organisation: "lt-partner", role: .partner)])

        try project(portfolio, "B-2", themes: ["a", "b"])
        try application(
            portfolio, "B-2", "eu/prog/call-1",
            [(.submitted, "2008-03-01"), (.underEvaluation, "2008-03-10"), (.rejected, "2008-09-01")],
            money: [figure(.totalCost, "50000.00", .eur, set: "2008-03-01")])
        try application(
            portfolio, "B-2", "eu/prog/call-2",
            [(.submitted, "2009-02-01"), (.underEvaluation, "2009-02-10"), (.approved, "2009-06-01")],
            money: [figure(.totalCost, "60000.00", .lvl, set: "2009-02-01")])

        try project(portfolio, "C-3")
        try application(
            portfolio, "C-3", "no/fund", [(.submitted, "2009-01-15"), (.approved, "2009-06-01")],
            money: [
                figure(.totalCost, "10000.00", .lvl, set: "2009-01-15"),
                figure(.awarded, "7027.04", .lvl, set: "2009-06-01", valueDate: "2009-06-01"),
            ],
            participants: [
                Participation(organisation: "no-host", role: .host),
                Participation(organisation: "lt-partner", role: .partner),
            ])

        try project(portfolio, "D-4", themes: ["b"])
        try application(
            portfolio, "D-4", "eu/prog/call-2", [(.submitted, "2009-05-01"), (.underEvaluation, "2009-05-10")],
            money: [
                figure(.totalCost, "1200.00", .nok, set: "2009-05-01"),
                figure(.requested, "20000.00", .eur, set: "2009-05-01"),
            ])

        try project(portfolio, "E-5")
        try application(portfolio, "E-5", "eu/prog/call-2", [(.draft, "2009-09-01")])

        try project(portfolio, "F-6")
        try application(portfolio, "F-6", "eu/prog/call-1", [(.submitted, "2008-04-01"), (.withdrawn, "2008-05-01")])

        try project(portfolio, "G-7")

        try project(portfolio, "H-8")
        try application(
            portfolio, "H-8", "no/fund", [(.submitted, "2009-01-20"), (.rejected, "2009-06-01")],
            money: [figure(.totalCost, "5000.00", .eur, set: "2009-01-20")])
    }

    static func project(_ portfolio: Portfolio, _ reference: String, themes: [String] = []) throws {
        try portfolio.projects.create(Project(
            reference: reference, title: "Project \(reference)", owner: "lpr",
            themes: themes.map { Theme.Key(vocabulary: "t", code: $0) }))
    }

    /// An application; its submission date is that of its `submitted` event.
    @discardableResult
    static func application(
        _ portfolio: Portfolio, _ project: String, _ source: String, _ history: [(StatusCode, String)],
        money: [MoneyFigure] = [], participants: [Participation] = []
    ) throws -> Application.ID {
        let submitted = history.first { $0.0 == .submitted }.map { CalendarDate.day($0.1) }
        return try portfolio.applications.create(Application(
            project: project, fundingSource: source, submittedOn: submitted, currency: "EUR",
            participants: [Participation(organisation: "lpr", role: .leadApplicant)] + participants,
            statusHistory: history.map { StatusEvent(status: $0.0, effectiveOn: .day($0.1)) }, money: money))
    }

    static func figure(
        _ kind: MoneyFigure.Kind, _ amount: String, _ currency: Currency, set: String, valueDate: String? = nil
    ) -> MoneyFigure {
        MoneyFigure(
            kind: kind, amount: try! Money(parsing: amount, currency: currency), valueDate: valueDate.map { .day($0) },
            setOn: .day(set))
    }

    static func eur(_ text: String) -> Money { try! Money(parsing: text, currency: .eur) }
}
