// GrantPortfolio's own API: the stores' create functions in one batch
// transaction, the search listing, statistics, export.
import Foundation
@_spi(Benchmarks) import GrantPortfolio
import SQLiteCore

/// The page cache of a portfolio batch, which the raw and GRDB inserts use too.
let benchPageCacheKiB = PortfolioBatch.pageCacheKiB

enum DAOBench {
    /// Creates and migrates a portfolio file and stores the reference data
    /// (organisations, themes, the funding tree) through the API.
    static func makeDatabase(path: String, reference: ReferenceData) throws {
        let portfolio = try Portfolio(path: path)
        try portfolio.batch { batch in
            for organisation in reference.organisations {
                try batch.create(Organisation(handle: organisation.handle, name: organisation.name, country: organisation.country))
            }
            for theme in reference.themes {
                try batch.create(Theme(vocabulary: theme.vocabulary, code: theme.code, title: theme.title))
            }
            for source in reference.fundingSources {
                try batch.create(FundingSource(
                    handle: source.handle, kind: FundingSource.Kind(rawValue: source.kind)!, code: source.code,
                    title: source.title, parent: source.parent.map { reference.fundingSources[$0].handle }))
            }
        }
    }

    /// The synthetic projects as the library's model values (built before the clock starts).
    static func models(_ projects: ArraySlice<SyntheticProject>, reference: ReferenceData) throws -> [(Project, [Application])] {
        try projects.map { p in
            let project = Project(
                reference: p.reference, title: p.title, originalTitle: p.originalTitle, originalLanguage: p.originalLanguage,
                owner: reference.organisations[p.owner].handle, plannedStart: try date(p.plannedStart),
                plannedEnd: try date(p.plannedEnd),
                themes: p.themes.map { Theme.Key(vocabulary: reference.themes[$0].vocabulary, code: reference.themes[$0].code) })
            let applications = try p.applications.map { a in
                let currency = a.currency == "LVL" ? Currency.lvl : Currency.eur
                return Application(
                    project: p.reference, fundingSource: reference.fundingSources[a.fundingSource].handle,
                    submittedOn: try a.submittedOn.map(date), decidedOn: try a.decidedOn.map(date),
                    funderReference: a.funderReference, currency: a.currency,
                    participants: a.partners.map { Participation(organisation: reference.organisations[$0].handle, role: .partner) },
                    statusHistory: try a.events.map {
                        StatusEvent(status: StatusCode($0.status), effectiveOn: try date($0.effectiveOn), recordedAt: $0.recordedAt)
                    },
                    money: try a.money.map {
                        MoneyFigure(
                            kind: MoneyFigure.Kind(rawValue: $0.kind)!, amount: Money(minorUnits: $0.amountMinor, currency: currency),
                            setOn: try date($0.setOn))
                    })
            }
            return (project, applications)
        }
    }

    static func date(_ day: Day) throws -> CalendarDate {
        let (y, m, d) = day.civil
        return try CalendarDate(year: y, month: m, day: d)
    }

    /// The timed part: every project and application through the stores, in one batch transaction.
    static func insert(_ models: [(Project, [Application])], into portfolio: Portfolio) throws -> Double {
        try Clock.time {
            try portfolio.batch { batch in
                for (project, applications) in models {
                    try batch.create(project)
                    for application in applications { try batch.create(application) }
                }
            }
        }
    }

    /// All projects with their current status and outcome: the library's listing.
    static func fetch(_ portfolio: Portfolio) throws -> [ProjectSummary] {
        try portfolio.projects.search(ProjectQuery())
    }

    static func checksum(_ rows: [ProjectSummary]) -> UInt64 {
        var hasher = FNV()
        for row in rows {
            hasher.add(row.id.rawValue)
            hasher.add(row.reference)
            hasher.add(row.title)
            hasher.add(row.owner)
            hasher.add(row.outcome.rawValue)
            hasher.add(row.latestStatus?.rawValue)
            hasher.add(Int64(row.applicationCount))
            hasher.add(row.firstSubmittedOn?.description)
        }
        return hasher.value
    }

    /// The statement the listing runs, for the raw and GRDB versions.
    static func listingStatement(_ query: ProjectQuery = ProjectQuery()) -> (sql: String, arguments: [String: BenchValue]) {
        let statement = query.searchStatement
        var arguments: [String: BenchValue] = [:]
        for (name, value) in statement.arguments {
            switch value {
            case .integer(let int): arguments[name] = .integer(int)
            case .text(let text): arguments[name] = .text(text)
            default: fatalError("unexpected argument kind")
            }
        }
        return (statement.sql, arguments)
    }
}

/// FNV-1a, for result checksums.
struct FNV {
    var value: UInt64 = 0xCBF2_9CE4_8422_2325
    mutating func add(_ byte: UInt8) { value = (value ^ UInt64(byte)) &* 0x100_0000_01B3 }
    mutating func add(_ int: Int64) {
        var bits = UInt64(bitPattern: int)
        for _ in 0..<8 {
            add(UInt8(bits & 0xFF))
            bits >>= 8
        }
    }
    mutating func add(_ text: String?) {
        guard let text else { add(UInt8(0xFF)); return }
        for byte in text.utf8 { add(byte) }
        add(UInt8(0x1F))
    }
}
