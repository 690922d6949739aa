import Foundation
import Testing
@testable import GrantPortfolio

/// Every public model and value is `Codable` with stable camelCase keys:
/// a round trip per type, the exact JSON of a few values, and refusals.
@Suite("Codable models and values")
struct CodableTests {
    // MARK: - Helpers

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The JSON text of `value`, keys sorted.
    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }

    /// Encodes, decodes and checks the value is unchanged, and that encoding
    /// the decoded value gives the same bytes.
    @discardableResult
    static func roundTrip<T: Codable & Equatable>(_ value: T, userInfo: [CodingUserInfoKey: any Sendable] = [:]) throws -> String {
        let data = try encoder().encode(value)
        let decoder = JSONDecoder()
        decoder.userInfo = userInfo
        let decoded = try decoder.decode(T.self, from: data)
        #expect(decoded == value, "\(T.self) changed in a round trip: \(String(decoding: data, as: UTF8.self))")
        #expect(try encoder().encode(decoded) == data)
        return String(decoding: data, as: UTF8.self)
    }

    /// The error decoding `text` as `T` throws.
    static func decodingError<T: Decodable>(_ type: T.Type, _ text: String) -> DecodingError? {
        do {
            _ = try JSONDecoder().decode(T.self, from: Data(text.utf8))
            return nil
        } catch let error as DecodingError {
            return error
        } catch {
            Issue.record("not a DecodingError: \(error)")
            return nil
        }
    }

    /// The coding path of a decoding error, as `money[0].amount`-style keys.
    static func path(of error: DecodingError?) -> [String] {
        let context: DecodingError.Context? = switch error {
        case .dataCorrupted(let context)?: context
        case .keyNotFound(let key, let context)?:
            DecodingError.Context(codingPath: context.codingPath + [key], debugDescription: context.debugDescription)
        case .typeMismatch(_, let context)?: context
        case .valueNotFound(_, let context)?: context
        default: nil
        }
        return context?.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } ?? []
    }

    static let day = CalendarDate.day

    // MARK: - Values built by hand

    static let figure = MoneyFigure(
        id: MoneyFigure.ID(3), kind: .totalCost, amount: Money(minorUnits: 322_881_000, currency: .eur),
        valueDate: day("2013-05-01"), setOn: day("2013-05-14"), note: "revised / final")
    static let event = StatusEvent(
        id: StatusEvent.ID(7), status: .approved, effectiveOn: day("2013-05-14"),
        recordedAt: "2013-05-15 09:30:00.000", note: "Approved at the committee's meeting")
    static let application = Application(
        id: Application.ID(14), project: "LPR-2013-07", fundingSource: "norway-grants/stef", submittedOn: day("2013-02-01"),
        decidedOn: day("2013-05-14"), funderReference: "STEF-2013/07", currency: "EUR",
        participants: [Participation(organisation: "lpr", role: .leadApplicant), Participation(organisation: "trondelag", role: .partner, note: "host")],
        statusHistory: [StatusEvent(status: .submitted, effectiveOn: day("2013-02-01")), event],
        money: [figure, MoneyFigure(kind: .requested, amount: Money(minorUnits: -5, currency: .lvl), setOn: day("2013-02-01"))],
        extraJSON: #"{"x": [1, 2.50]}"#)
    static let project = Project(
        id: Project.ID(2), reference: "LPR-2013-07", title: "Experience-exchange trip to Trøndelag",
        originalTitle: "Pieredzes apmaiņas brauciens", originalLanguage: "lv", summary: "A visit", owner: "lpr",
        plannedStart: day("2013-06-01"), plannedEnd: day("2013-06-30"), actualStart: day("2013-06-03"),
        actualEnd: day("2013-06-29"), note: "illustrative",
        themes: [Theme.Key(vocabulary: "lpr-strategic-direction", code: "education")],
        contacts: [Contact(person: "viktorija-zeltkova", role: .projectManager, validFrom: day("2013-01-01"), validTo: day("2013-12-31"))],
        extraJSON: "{}")
    static let counts = OutcomeCounts(
        developed: 14, approved: 8, rejected: 2, withdrawn: 0, pending: 4, inPreparation: 0, undetermined: 0, underEvaluation: 4)

    static func total(_ kind: MoneyFigure.Kind) -> MoneyTotal {
        MoneyTotal(
            kind: kind, byCurrency: [Money(minorUnits: 250_631_000, currency: .eur), Money(minorUnits: 50_777_589, currency: .lvl)],
            converted: Money(minorUnits: 322_881_000, currency: .eur), unconverted: [Money(minorUnits: 120_000, currency: .nok)],
            figureCount: 8)
    }

    static let group = StatisticsGroup(
        key: "norway-grants", label: "Norway Grants", depth: 1, parent: "norway", counts: counts,
        money: OutcomeGroup.allCases.map { MoneySummary(group: $0, totalCost: total(.totalCost), requested: total(.requested), awarded: total(.awarded)) })

    static let statistics = PortfolioStatistics(
        asOf: day("2026-11-29"), reportingCurrency: .eur, countsProjectsWithoutApplications: true,
        total: StatisticsGroup(key: nil, label: "all", counts: counts, money: []),
        breakdowns: [StatisticsBreakdown(dimension: .fundingSource, groups: [group])],
        timeSeries: [YearActivity(year: 2013, applicationsSubmitted: 3, applicationsApproved: 2, applicationsRejected: 1, projectsApproved: 2, projectsApprovedToDate: 5)],
        ratesUsed: [ExchangeRate(from: "LVL", to: "EUR", numerator: 1_000_000, denominator: 702_804, validFrom: day("1993-03-05"), source: "Council Decision 2013/387/EU")],
        unconvertible: [UnconvertibleFigure(project: "LPR-2026-02", application: Application.ID(14), kind: .totalCost, amount: Money(minorUnits: 120_000, currency: .nok), rateDate: day("2026-09-17"), target: "EUR")])

    // MARK: - Round trips

    @Test("models round-trip")
    func models() throws {
        try Self.roundTrip(Self.project)
        try Self.roundTrip(Project(reference: "R", title: "T", owner: "o"))
        try Self.roundTrip(Self.application)
        try Self.roundTrip(Application(project: "R", fundingSource: "f", currency: "EUR"))
        try Self.roundTrip(Self.event)
        try Self.roundTrip(Self.figure)
        try Self.roundTrip(Organisation(id: Organisation.ID(1), handle: "lpr", name: "Latgales plānošanas reģions", country: "LV", type: "11", identifier: "LV-RE-90002181025", note: "n"))
        try Self.roundTrip(FundingSource(id: FundingSource.ID(4), handle: "norway-grants/stef", kind: .scheme, code: "STEF", title: "Short-term Expert Fund", parent: "norway-grants/bilateral", operatorOrganisation: "lpr", opensOn: Self.day("2013-01-01"), closesOn: Self.day("2013-03-01"), note: "n"))
        try Self.roundTrip(Person(id: Person.ID(5), handle: "viktorija-zeltkova", name: "Viktorija Zeltkova", email: "v@example.lv", phone: "+371 654 28111", identifier: "360G-x", note: "n"))
        try Self.roundTrip(Theme(id: Theme.ID(6), vocabulary: "lpr-strategic-direction", code: "tourism", title: "Tourism promotion"))
        try Self.roundTrip(Theme.Key(vocabulary: "v", code: "c"))
        try Self.roundTrip(Status(code: "under_evaluation", label: "Under evaluation", phase: .pending, outcome: .none, mayStart: true, sortOrder: 3))
        try Self.roundTrip(Contact(person: "p", role: .pressContact))
        try Self.roundTrip(Participation(organisation: "o", role: .donorPartner))
    }

    @Test("money and values round-trip")
    func values() throws {
        for money in [Money(minorUnits: 322_881_000, currency: .eur), Money(minorUnits: -1, currency: .lvl), .zero(.usd),
                      Money(minorUnits: .max, currency: .gbp), Money(minorUnits: .min, currency: .nok),
                      Money(minorUnits: 12_345, currency: try Currency(code: "JPY", minorUnit: 0)),
                      Money(minorUnits: 12_345, currency: try Currency(code: "BHD", minorUnit: 3))] {
            try Self.roundTrip(money)
        }
        try Self.roundTrip(Currency.eur)
        try Self.roundTrip(try Currency(code: "XBT", minorUnit: 4))
        try Self.roundTrip(Self.statistics.ratesUsed[0])
        try Self.roundTrip(Self.day("2024-02-29"))
        try Self.roundTrip(Project.ID(42))
        try Self.roundTrip(StatusCode.inImplementation)
        for kind in MoneyFigure.Kind.allCases { try Self.roundTrip(kind) }
        for kind in FundingSource.Kind.allCases { try Self.roundTrip(kind) }
        for role in Participation.Role.allCases { try Self.roundTrip(role) }
        for role in Contact.Role.allCases { try Self.roundTrip(role) }
        for phase in Status.Phase.allCases { try Self.roundTrip(phase) }
        for outcome in Status.Outcome.allCases { try Self.roundTrip(outcome) }
        for outcome in ProjectOutcome.allCases { try Self.roundTrip(outcome) }
        for sort in ProjectQuery.Sort.allCases { try Self.roundTrip(sort) }
        for group in OutcomeGroup.allCases { try Self.roundTrip(group) }
        for dimension in StatisticsDimension.allCases { try Self.roundTrip(dimension) }
    }

    @Test("queries and options round-trip, and absent keys take their defaults")
    func queries() throws {
        var query = ProjectQuery()
        try Self.roundTrip(query)
        query.asOf = Self.day("2015-12-31")
        query.statuses = [.approved, .underEvaluation]
        query.outcomes = [.approved, .pending]
        query.fundingSource = "norway-grants"
        query.theme = Theme.Key(vocabulary: "", code: "tourism")
        query.owner = "lpr"
        query.submittedInYear = 2013
        query.decidedInYear = 2014
        query.text = "latgale"
        query.sort = .newest
        query.limit = 10
        query.offset = 20
        try Self.roundTrip(query)
        var textOnly = ProjectQuery()
        textOnly.text = "latgale"
        #expect(try JSONDecoder().decode(ProjectQuery.self, from: Data(#"{"text":"latgale"}"#.utf8)) == textOnly)

        try Self.roundTrip(StatisticsOptions())
        try Self.roundTrip(StatisticsOptions(breakdowns: StatisticsDimension.allCases, reportingCurrency: "LVL", countsProjectsWithoutApplications: true))
        #expect(try JSONDecoder().decode(StatisticsOptions.self, from: Data("{}".utf8)) == StatisticsOptions())

        let summary = ProjectSummary(
            id: Project.ID(2), reference: "LPR-2013-07", title: "Trip", owner: "lpr", outcome: .approved,
            latestStatus: .completed, applicationCount: 2, firstSubmittedOn: Self.day("2013-02-01"))
        try Self.roundTrip(summary)
        try Self.roundTrip(ProjectSummary(id: Project.ID(3), reference: "R", title: "T", owner: "o", outcome: .none, applicationCount: 0))
        #expect(summary.id == Project.ID(2))  // Identifiable by the project's id
    }

    @Test("statistics and their parts round-trip")
    func statisticsParts() throws {
        try Self.roundTrip(Self.statistics)
        try Self.roundTrip(Self.group)
        try Self.roundTrip(Self.counts)
        try Self.roundTrip(Ratio(8, of: 14))
        try Self.roundTrip(Ratio(0, of: 0))
        try Self.roundTrip(Self.total(.awarded))
        try Self.roundTrip(MoneyTotal(kind: .requested, zeroIn: .eur))
        try Self.roundTrip(MoneySummary(group: .inPreparation, zeroIn: .lvl))
        try Self.roundTrip(Self.statistics.breakdowns[0])
        try Self.roundTrip(Self.statistics.timeSeries[0])
        try Self.roundTrip(Self.statistics.unconvertible[0])
    }

    // MARK: - Exact JSON

    @Test("money is a decimal string and a currency code, never a number")
    func moneyJSON() throws {
        #expect(try Self.json(Money(minorUnits: 322_881_000, currency: .eur)) == #"{"amount":"3228810.00","currency":"EUR"}"#)
        #expect(try Self.json(Money(minorUnits: -5, currency: .lvl)) == #"{"amount":"-0.05","currency":"LVL"}"#)
        #expect(try Self.json(Money(minorUnits: 12_345, currency: try Currency(code: "JPY", minorUnit: 0))) == #"{"amount":"12345","currency":"JPY"}"#)
        #expect(try Self.json(Money(minorUnits: .max, currency: .eur)) == #"{"amount":"92233720368547758.07","currency":"EUR"}"#)
        // Wherever money appears, its amount is a JSON string.
        let everything = try JSONSerialization.jsonObject(with: try Self.encoder().encode(Self.statistics))
        var amounts = 0
        func visit(_ value: Any, key: String?) {
            if let object = value as? [String: Any] {
                for (key, value) in object { visit(value, key: key) }
            } else if let array = value as? [Any] {
                for value in array { visit(value, key: key) }
            } else if key == "amount" {
                #expect(value is String, "amount \(value) is not a string")
                amounts += 1
            }
        }
        visit(everything, key: nil)
        #expect(amounts > 50)
        #expect(try Self.json(Self.figure).contains(#""amount":"3228810.00","currency":"EUR""#))
    }

    @Test("the exact JSON of a status event, a money figure and outcome counts")
    func exactJSON() throws {
        #expect(try Self.json(Self.event) == """
            {"effectiveOn":"2013-05-14","id":7,"note":"Approved at the committee's meeting",\
            "recordedAt":"2013-05-15 09:30:00.000","status":"approved"}
            """)
        #expect(try Self.json(StatusEvent(status: .submitted, effectiveOn: Self.day("2013-02-01"))) == #"{"effectiveOn":"2013-02-01","status":"submitted"}"#)
        #expect(try Self.json(Self.figure) == """
            {"amount":"3228810.00","currency":"EUR","id":3,"kind":"total_cost","note":"revised / final",\
            "setOn":"2013-05-14","valueDate":"2013-05-01"}
            """)
        #expect(try Self.json(Self.counts) == """
            {"approved":8,"developed":14,"inPreparation":0,"pending":4,"rejected":2,"underEvaluation":4,\
            "undetermined":0,"withdrawn":0}
            """)
        #expect(try Self.json(Ratio(8, of: 14)) == #"{"denominator":14,"numerator":8}"#)
        #expect(try Self.json(Currency.eur) == #"{"code":"EUR","minorUnit":2}"#)
        #expect(try Self.json(Participation(organisation: "lpr", role: .leadApplicant)) == #"{"organisation":"lpr","role":"lead_applicant"}"#)
        #expect(try Self.json(StatisticsDimension.submissionYear) == #""year""#)
        #expect(try Self.json(OutcomeGroup.inPreparation) == #""in_preparation""#)
        #expect(try Self.json(FundingSource(handle: "s", kind: .call, title: "T", operatorOrganisation: "lpr"))
            == #"{"handle":"s","kind":"call","operator":"lpr","title":"T"}"#)
        #expect(try Self.json(Self.statistics.unconvertible[0]) == """
            {"amount":"1200.00","application":14,"currency":"NOK","kind":"total_cost","project":"LPR-2026-02",\
            "rateDate":"2026-09-17","target":"EUR"}
            """)
    }

    // MARK: - Refusals

    @Test("bad money is refused with a DecodingError naming the field", arguments: [
        (#"{"amount":"1.001","currency":"EUR"}"#, "amount"),        // too many decimals
        (#"{"amount":1.5,"currency":"EUR"}"#, "amount"),            // a number, not a string
        (#"{"amount":"1,50","currency":"EUR"}"#, "amount"),         // not a decimal number
        (#"{"amount":"92233720368547758.08","currency":"EUR"}"#, "amount"),  // past 64 bits
        (#"{"currency":"EUR"}"#, "amount"),                         // missing
        (#"{"amount":"1.00","currency":"eur"}"#, "currency"),       // ill-formed
        (#"{"amount":"1.00","currency":"EURO"}"#, "currency"),      // ill-formed
        (#"{"amount":"1.00","currency":"XYZ"}"#, "currency"),       // unknown
        (#"{"amount":"1.00","currency":2}"#, "currency"),           // not a string
        (#"{"amount":"1.00"}"#, "currency"),                        // missing
    ])
    func badMoney(text: String, field: String) {
        let error = Self.decodingError(Money.self, text)
        #expect(error != nil, "\(text) was accepted")
        #expect(Self.path(of: error) == [field])
    }

    @Test("the reason is clear")
    func reasons() throws {
        let decimals = Self.decodingError(Money.self, #"{"amount":"1.001","currency":"EUR"}"#)
        #expect(String(describing: decimals).contains("1.001 has more decimals than EUR allows (2)"))
        let unknown = Self.decodingError(Money.self, #"{"amount":"1.00","currency":"XYZ"}"#)
        #expect(String(describing: unknown).contains("unknown currency 'XYZ'"))
    }

    @Test("a seeded currency is known, and the decoder may be told of others")
    func currencies() throws {
        // LVL is historic, ISK has no decimals, BHD three: all seeded.
        let decoder = JSONDecoder()
        #expect(try decoder.decode(Money.self, from: Data(#"{"amount":"702804.00","currency":"LVL"}"#.utf8)) == Money(minorUnits: 70_280_400, currency: .lvl))
        #expect(try decoder.decode(Money.self, from: Data(#"{"amount":"12.345","currency":"BHD"}"#.utf8)).minorUnits == 12_345)
        #expect(Self.decodingError(Money.self, #"{"amount":"1.5","currency":"ISK"}"#) != nil)
        let bitcoin = try Currency(code: "XBT", minorUnit: 4)
        decoder.userInfo[.grantPortfolioCurrencies] = [bitcoin]
        #expect(try decoder.decode(Money.self, from: Data(#"{"amount":"0.0100","currency":"XBT"}"#.utf8)) == Money(minorUnits: 100, currency: bitcoin))
    }

    @Test("bad input in a model is refused with a DecodingError at the field's path")
    func badModels() {
        let application = #"{"project":"R","fundingSource":"f","currency":"EUR","participants":[],"statusHistory":[],"#
        #expect(Self.path(of: Self.decodingError(Application.self, application + #""money":[{"kind":"awarded","amount":"1.001","currency":"EUR","setOn":"2013-01-01"}]}"#))
            == ["money", "0", "amount"])
        #expect(Self.path(of: Self.decodingError(Application.self, application + #""money":[{"kind":"grant","amount":"1.00","currency":"EUR","setOn":"2013-01-01"}]}"#))
            == ["money", "0", "kind"])
        #expect(Self.path(of: Self.decodingError(StatusEvent.self, #"{"status":"approved","effectiveOn":"2024-02-30"}"#)) == ["effectiveOn"])
        #expect(Self.path(of: Self.decodingError(StatusEvent.self, #"{"status":"approved"}"#)) == ["effectiveOn"])
        #expect(Self.path(of: Self.decodingError(Currency.self, #"{"code":"EUR","minorUnit":7}"#)) == ["minorUnit"])
        #expect(Self.path(of: Self.decodingError(Currency.self, #"{"code":"E1R","minorUnit":2}"#)) == ["code"])
        #expect(Self.path(of: Self.decodingError(ExchangeRate.self, """
            {"from":"LVL","to":"EUR","numerator":1,"denominator":0,"validFrom":"2014-01-01","source":"s"}
            """)) == ["denominator"])
        #expect(Self.path(of: Self.decodingError(Participation.self, #"{"organisation":"o","role":"boss"}"#)) == ["role"])
        #expect(Self.path(of: Self.decodingError(Project.self, #"{"reference":"R","title":"T","owner":"o","themes":[],"contacts":[],"id":"2"}"#)) == ["id"])
        #expect(Self.path(of: Self.decodingError(StatisticsOptions.self, #"{"breakdowns":["year","colour"]}"#)) == ["breakdowns", "1"])
    }

    // MARK: - The fixture

    @Test("the fixture's statistics, with every breakdown, and every project and application round-trip")
    func fixture() throws {
        let scratch = try TemporaryPortfolio(loadingFixture: true)
        let portfolio = scratch.portfolio
        let statistics = try portfolio.statistics(options: StatisticsOptions(breakdowns: StatisticsDimension.allCases))
        #expect(statistics.breakdowns.count == StatisticsDimension.allCases.count)
        try Self.roundTrip(statistics)
        let asOf2010 = try portfolio.statistics(asOf: Self.day("2010-01-01"), options: StatisticsOptions(breakdowns: StatisticsDimension.allCases, reportingCurrency: "LVL"))
        try Self.roundTrip(asOf2010)

        let summaries = try portfolio.projects.search(ProjectQuery())
        #expect(summaries.count > 10)
        var applications = 0
        for summary in summaries {
            try Self.roundTrip(summary)
            let project = try #require(try portfolio.projects.fetch(summary.id))
            try Self.roundTrip(project)
            for application in try portfolio.applications.applications(ofProject: project.reference) {
                try Self.roundTrip(application)
                applications += 1
            }
        }
        #expect(applications >= summaries.count)
        for organisation in try portfolio.organisations.all() { try Self.roundTrip(organisation) }
        for person in try portfolio.people.all() { try Self.roundTrip(person) }
        for theme in try portfolio.themes.all() { try Self.roundTrip(theme) }
        for source in try portfolio.fundingSources.all() { try Self.roundTrip(source) }
        for status in try portfolio.statuses.all() { try Self.roundTrip(status) }
        for rate in try portfolio.currencies.exchangeRates() { try Self.roundTrip(rate) }
    }
}
