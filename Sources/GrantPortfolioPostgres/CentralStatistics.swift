import Foundation
import GrantPortfolio
import PostgresNIO

/// The statistics as of a date, for one, some or all published portfolios,
/// read from the published facts with SQL in PostgreSQL: the same sums the
/// library reads from a file (`StoredFactsReader`), put together the same way
/// (money per outcome group, breakdown groups, funding sources rolled up
/// their tree), so that one portfolio's figures equal its file's to the cent.
///
/// Across portfolios, a project counts once, in its own portfolio; each
/// portfolio's rate keys and funding tree are its own; groups of a breakdown
/// with the same key (a status code, a funding source handle, a theme
/// `vocabulary:code`, a year, a country) are added together.
extension CentralDatabase {
    /// The statistics as of `date`, with the breakdowns of `options`.
    ///
    /// - Parameters:
    ///   - date: The day to judge statuses on.
    ///   - options: The breakdowns and whether to count projects without a
    ///     status; the reporting currency must be EUR (the currency the facts sum in).
    ///   - portfolios: The handles to count; empty: every portfolio.
    /// - Throws: ``CentralError/unknownPortfolio(_:)``,
    ///   ``CentralError/unsupportedCurrency(_:)``, ``CentralError/notMigrated``,
    ///   ``CentralError/server(message:sqlState:)``; `MoneyError.overflow` when
    ///   a sum does not fit 64 bits.
    public func statistics(
        asOf date: CalendarDate, options: StatisticsOptions = StatisticsOptions(), portfolios: [String] = []
    ) async throws -> PortfolioStatistics {
        guard options.reportingCurrency == Currency.eur.code else {
            throw CentralError.unsupportedCurrency(options.reportingCurrency)
        }
        try await checkSchema()
        return try await transaction(readOnly: true, repeatableRead: true) {
            // A breakdown sums some 20,000 change rows a portfolio into a few
            // thousand groups. With the default 4 MB of `work_mem` PostgreSQL
            // sorts them on disk to group them (280 ms for 5 portfolios of
            // 4,000 projects); with 64 MB for this transaction it hashes them
            // in memory (100 ms). `SET LOCAL` ends with the transaction.
            try await execute("SET LOCAL work_mem = '64MB'")
            let reader = try await CentralReader.load(self, date: date, portfolios: portfolios, options: options)
            return try await reader.statistics()
        }
    }

    /// One breakdown as of `date` (the statistics' `PortfolioStatistics.breakdowns` element).
    ///
    /// - Throws: As ``statistics(asOf:options:portfolios:)``.
    public func breakdown(
        by dimension: StatisticsDimension, asOf date: CalendarDate, options: StatisticsOptions = StatisticsOptions(),
        portfolios: [String] = []
    ) async throws -> StatisticsBreakdown {
        var options = options
        options.breakdowns = [dimension]
        let statistics = try await statistics(asOf: date, options: options, portfolios: portfolios)
        guard let breakdown = statistics.breakdown(dimension) else { throw CentralError.badData("no \(dimension) breakdown") }
        return breakdown
    }

    /// Submissions, approvals and rejections per year up to `date`.
    ///
    /// - Throws: As ``statistics(asOf:options:portfolios:)``.
    public func timeSeries(asOf date: CalendarDate, portfolios: [String] = []) async throws -> [YearActivity] {
        try await statistics(asOf: date, portfolios: portfolios).timeSeries
    }

    /// The handles of the published portfolios, sorted.
    ///
    /// - Throws: ``CentralError/notMigrated``, ``CentralError/server(message:sqlState:)``.
    public func portfolioHandles() async throws -> [String] {
        try await checkSchema()
        return try await rows("SELECT handle FROM portfolio ORDER BY handle COLLATE \"C\"").map { try $0.text(0) ?? "" }
    }
}

/// Reads one statistics result inside a read-only transaction.
struct CentralReader {
    let db: CentralDatabase
    let date: CalendarDate
    let options: StatisticsOptions
    let ids: [Int64]
    /// Per portfolio: its currencies and rates.
    var currencies: [Int64: [String: Currency]] = [:]
    var rates: [Int64: [Int64: ExchangeRate]] = [:]

    /// The sums' key: as the library's `FactSums.Key`, per portfolio.
    struct Key: Hashable {
        var portfolio: Int64
        var group: String?
        var outcome: ProjectOutcome
        var underEvaluation = false
        var kind: MoneyFigure.Kind?
        var currency = ""
        var rateKey: Int64 = 0
    }

    struct Sum {
        var projects: Int64 = 0
        var amount: Int64 = 0
        var converted: Int64 = 0
        var figures: Int64 = 0

        mutating func add(_ other: Sum, sign: Int64) throws {
            func checked(_ a: Int64, _ b: Int64) throws -> Int64 {
                let (product, o1) = b.multipliedReportingOverflow(by: sign)
                let (result, o2) = a.addingReportingOverflow(product)
                if o1 || o2 { throw MoneyError.overflow }
                return result
            }
            projects = try checked(projects, other.projects)
            amount = try checked(amount, other.amount)
            converted = try checked(converted, other.converted)
            figures = try checked(figures, other.figures)
        }
    }

    static func load(
        _ db: CentralDatabase, date: CalendarDate, portfolios: [String], options: StatisticsOptions
    ) async throws -> CentralReader {
        var ids: [Int64] = []
        if portfolios.isEmpty {
            ids = try await db.rows("SELECT id FROM portfolio ORDER BY id").map { try $0.integer(0) ?? 0 }
        } else {
            for handle in portfolios {
                guard let id = try await db.rows("SELECT id FROM portfolio WHERE handle = $1", [.text(handle)]).first?.integer(0)
                else { throw CentralError.unknownPortfolio(handle) }
                if !ids.contains(id) { ids.append(id) }
            }
        }
        var reader = CentralReader(db: db, date: date, options: options, ids: ids)
        for row in try await db.rows(
            "SELECT portfolio_id, code, minor_unit FROM currency WHERE portfolio_id = ANY ($1)", [reader.idArray])
        {
            let code = try row.text(1) ?? ""
            guard let currency = try? Currency(code: code, minorUnit: Int(try row.integer(2) ?? 0)) else {
                throw CentralError.badData("currency \(code)")
            }
            reader.currencies[try row.integer(0) ?? 0, default: [:]][code] = currency
        }
        for row in try await db.rows(
            """
            SELECT portfolio_id, id, from_currency, to_currency, numerator, denominator, valid_from::text, source
            FROM exchange_rate WHERE portfolio_id = ANY ($1)
            """, [reader.idArray])
        {
            let validFrom = try CalendarDate(try row.text(6) ?? "")
            reader.rates[try row.integer(0) ?? 0, default: [:]][try row.integer(1) ?? 0] = ExchangeRate(
                from: try row.text(2) ?? "", to: try row.text(3) ?? "", numerator: try row.integer(4) ?? 1,
                denominator: try row.integer(5) ?? 1, validFrom: validFrom, source: try row.text(7) ?? "")
        }
        return reader
    }

    var idArray: CentralValue { .integers(ids) }

    /// The kinds of money the statistics count, in the library's order.
    static let statisticalKinds: [MoneyFigure.Kind] = [.totalCost, .requested, .awarded]

    /// The date's parameters: `$2` as of, `$3` current month, `$4` first day
    /// of the month, `$5` current year, `$6` first month of the year.
    private var dateValues: [CentralValue] {
        let text = date.description
        return [.text(text), .text(String(text.prefix(7))), .text(String(text.prefix(7)) + "-01"),
                .text(String(text.prefix(4))), .text(String(text.prefix(4)) + "-01")]
    }

    // MARK: - Sums

    /// The sums as of the date for the whole portfolio (`dimension` nil) or per group.
    func sums(by dimension: StatisticsDimension?) async throws -> [Key: Sum] {
        var sums: [Key: Sum] = [:]
        let values = [idArray] + dateValues
        let changes: [PostgresRandomAccessRowLike]
        if let dimension {
            changes = try await db.rows(
                """
                SELECT portfolio_id, value, outcome, under_evaluation, kind, currency, rate_id,
                       sum(projects)::text, sum(amount_minor)::text, sum(converted_minor)::text, sum(figures)::text
                FROM statistics_breakdown_change
                WHERE portfolio_id = ANY ($1) AND dimension = $7
                  AND ((granularity = 'year' AND span < $5) OR (granularity = 'month' AND span >= $6 AND span < $3))
                GROUP BY portfolio_id, value, outcome, under_evaluation, kind, currency, rate_id
                """, values + [.text(Self.storageName(dimension))]).map(PostgresRandomAccessRowLike.init)
        } else {
            changes = try await db.rows(
                """
                SELECT portfolio_id, '', outcome, under_evaluation, kind, currency, rate_id,
                       sum(projects)::text, sum(amount_minor)::text, sum(converted_minor)::text, sum(figures)::text
                FROM statistics_change
                WHERE portfolio_id = ANY ($1)
                  AND ((granularity = 'year' AND span < $5) OR (granularity = 'month' AND span >= $6 AND span < $3)
                       OR (granularity = 'day' AND span >= $4 AND span <= $2))
                GROUP BY portfolio_id, outcome, under_evaluation, kind, currency, rate_id
                """, values).map(PostgresRandomAccessRowLike.init)
        }
        for row in changes {
            let value = try row.text(1) ?? ""
            let key = Key(
                portfolio: try row.integer(0), group: value.isEmpty ? nil : value,
                outcome: ProjectOutcome(rawValue: try row.text(2) ?? "") ?? .none, underEvaluation: try row.integer(3) != 0,
                kind: MoneyFigure.Kind(rawValue: try row.text(4) ?? ""), currency: try row.text(5) ?? "",
                rateKey: try row.integer(6))
            try sums[key, default: Sum()].add(
                Sum(projects: try row.exact(7), amount: try row.exact(8), converted: try row.exact(9), figures: try row.exact(10)),
                sign: 1)
        }
        guard let dimension else { return sums }
        try await periodSums(by: dimension, into: &sums)
        return sums
    }

    /// Adds the periods that start (+) or end (−) in the date's month up to
    /// the date: both in one statement (`sign`), inline money and split money.
    private func periodSums(by dimension: StatisticsDimension, into sums: inout [Key: Sum]) async throws {
        let column = Self.storageColumn(dimension)
        let periods = """
            WITH p AS (
              SELECT *, 1 AS sign FROM statistics_period
              WHERE portfolio_id = ANY ($1) AND valid_from >= $2 AND valid_from <= $3
              UNION ALL
              SELECT *, -1 AS sign FROM statistics_period
              WHERE portfolio_id = ANY ($1) AND valid_until >= $2 AND valid_until <= $3)
            """
        let kinds = CentralReader.statisticalKinds
        let money = kinds.map { kind in
            let c = kind.rawValue
            return "\(c)_currency, \(c)_rate_id, sum(\(c)_amount)::text, sum(\(c)_converted)::text, sum(\(c)_figures)::text"
        }.joined(separator: ", ")
        let rows = try await db.rows(
            """
            \(periods)
            SELECT portfolio_id, \(column)::text, outcome, (status = 'under_evaluation'), count(*)::text, \(money), sign
            FROM p
            GROUP BY 1, 2, 3, 4, \(kinds.map { "\($0.rawValue)_currency, \($0.rawValue)_rate_id" }.joined(separator: ", ")), sign
            """, [idArray, .text(String(date.description.prefix(7)) + "-01"), .text(date.description)])
        for row in rows.map(PostgresRandomAccessRowLike.init) {
            let portfolio = try row.integer(0)
            let sign = try row.integer(5 + 5 * kinds.count)
            let outcome = ProjectOutcome(rawValue: try row.text(2) ?? "") ?? .none
            var entries = [(Key(portfolio: portfolio, outcome: outcome, underEvaluation: try row.bool(3)),
                            Sum(projects: try row.exact(4)))]
            for (index, kind) in kinds.enumerated() {
                let base = 5 + 5 * index
                guard let currency = try row.text(base) else { continue }
                entries.append((
                    Key(portfolio: portfolio, outcome: outcome, kind: kind, currency: currency, rateKey: try row.integer(base + 1)),
                    Sum(amount: try row.exact(base + 2), converted: try row.exact(base + 3), figures: try row.exact(base + 4))))
            }
            for group in Self.groups(try row.text(1), dimension) {
                for (key, sum) in entries {
                    var key = key
                    key.group = group
                    try sums[key, default: Sum()].add(sum, sign: sign)
                }
            }
        }
        let split = try await db.rows(
            """
            \(periods)
            SELECT p.portfolio_id, p.\(column)::text, p.outcome, m.kind, m.currency, m.rate_id,
                   sum(m.amount_minor)::text, sum(m.converted_minor)::text, sum(m.figures)::text, p.sign
            FROM p
            JOIN statistics_period_money m
              ON m.portfolio_id = p.portfolio_id AND m.project_id = p.project_id AND m.valid_from = p.valid_from
            WHERE p.money_split = 1
            GROUP BY 1, 2, 3, 4, 5, 6, p.sign
            """, [idArray, .text(String(date.description.prefix(7)) + "-01"), .text(date.description)])
        for row in split.map(PostgresRandomAccessRowLike.init) {
            let key = Key(
                portfolio: try row.integer(0), outcome: ProjectOutcome(rawValue: try row.text(2) ?? "") ?? .none,
                kind: MoneyFigure.Kind(rawValue: try row.text(3) ?? ""), currency: try row.text(4) ?? "",
                rateKey: try row.integer(5))
            let sum = Sum(amount: try row.exact(6), converted: try row.exact(7), figures: try row.exact(8))
            let sign = try row.integer(9)
            for group in Self.groups(try row.text(1), dimension) {
                var key = key
                key.group = group
                try sums[key, default: Sum()].add(sum, sign: sign)
            }
        }
    }

    /// The groups a period's value stands for (nil: unassigned).
    static func groups(_ value: String?, _ dimension: StatisticsDimension) -> [String?] {
        guard let value else { return [nil] }
        switch dimension {
        case .theme, .country: return value.split(separator: " ").map { String($0) }
        default: return [value]
        }
    }

    static func storageName(_ dimension: StatisticsDimension) -> String {
        switch dimension {
        case .status: "status"
        case .submissionYear: "year"
        case .decisionYear: "decision-year"
        case .fundingSource: "source"
        case .theme: "theme"
        case .country: "country"
        }
    }

    static func storageColumn(_ dimension: StatisticsDimension) -> String {
        switch dimension {
        case .status: "status"
        case .submissionYear: "submitted_year"
        case .decisionYear: "decided_year"
        case .fundingSource: "funding_source_id"
        case .theme: "themes"
        case .country: "countries"
        }
    }

    // MARK: - Assembly

    struct GroupKey: Hashable {
        var portfolio: Int64
        var group: String?
    }

    /// Project counts per portfolio and group.
    static func counts(_ sums: [Key: Sum]) -> [GroupKey: OutcomeCounts] {
        var counts: [GroupKey: OutcomeCounts] = [:]
        for (key, sum) in sums where key.kind == nil {
            counts[GroupKey(portfolio: key.portfolio, group: key.group), default: OutcomeCounts()].add(
                key.outcome, underEvaluation: key.underEvaluation, projects: Int(sum.projects))
        }
        return counts
    }

    /// The money of the summed keys with figures, per portfolio and group; the rates used added to `rates`.
    func money(_ sums: [Key: Sum], rates used: inout Set<ExchangeRate>) throws -> [GroupKey: CentralMoney] {
        var money: [GroupKey: CentralMoney] = [:]
        for (key, sum) in sums where key.kind != nil && sum.figures != 0 {
            guard let kind = key.kind, let currency = currencies[key.portfolio]?[key.currency] else { continue }
            var converted: Money?
            if key.rateKey >= 0 {
                converted = Money(minorUnits: sum.converted, currency: .eur)
                if key.rateKey > 0 {
                    for id in [key.rateKey & 0xFFFF_FFFF, key.rateKey >> 32] where id != 0 {
                        if let rate = rates[key.portfolio]?[id] { used.insert(rate) }
                    }
                }
            }
            try money[GroupKey(portfolio: key.portfolio, group: key.group), default: CentralMoney()].add(
                outcome: key.outcome, kind: kind, amount: Money(minorUnits: sum.amount, currency: currency),
                converted: converted, figures: Int(sum.figures))
        }
        return money
    }

    func statistics() async throws -> PortfolioStatistics {
        var rates = Set<ExchangeRate>()
        let sums = try await sums(by: nil)
        var counts = OutcomeCounts()
        for (_, group) in Self.counts(sums) { counts.merge(group) }
        if options.countsProjectsWithoutApplications {
            counts.add(.none, underEvaluation: false, projects: try await projectCount() - counts.developed)
        }
        var total = CentralMoney()
        for (_, money) in try money(sums, rates: &rates) { try total.merge(money) }
        var unconvertible: [UnconvertibleFigure] = []
        if sums.contains(where: { $0.key.kind != nil && $0.value.figures != 0 && $0.key.rateKey < 0 }) {
            unconvertible = try await unconvertibleFigures()
        }
        var breakdowns: [StatisticsBreakdown] = []
        for dimension in options.breakdowns {
            breakdowns.append(try await breakdown(dimension, headline: counts))
        }
        return PortfolioStatistics(
            asOf: date, reportingCurrency: .eur, countsProjectsWithoutApplications: options.countsProjectsWithoutApplications,
            total: StatisticsGroup(key: nil, label: "all projects", counts: counts, money: try total.summaries()),
            breakdowns: breakdowns, timeSeries: try await timeSeries(),
            ratesUsed: rates.sorted { ($0.from, $0.to, $0.validFrom.description) < ($1.from, $1.to, $1.validFrom.description) },
            unconvertible: unconvertible)
    }

    private func projectCount() async throws -> Int {
        Int(try await db.rows("SELECT count(*) FROM project WHERE portfolio_id = ANY ($1)", [idArray]).first?.integer(0) ?? 0)
    }

    private func unconvertibleFigures() async throws -> [UnconvertibleFigure] {
        let rows = try await db.rows(
            """
            SELECT u.portfolio_id, u.reference, u.application_id, u.kind, u.currency, u.amount_minor, u.rate_date::text
            FROM statistics_unconvertible u
            WHERE u.portfolio_id = ANY ($1) AND u.valid_from <= $2 AND u.valid_until > $2
            """, [idArray, .text(date.description)])
        var figures: [UnconvertibleFigure] = []
        for row in rows {
            let portfolio = try row.integer(0) ?? 0
            let code = try row.text(4) ?? ""
            guard let kind = MoneyFigure.Kind(rawValue: try row.text(3) ?? ""),
                  let currency = currencies[portfolio]?[code] else { throw CentralError.badData("unconvertible figure in \(code)") }
            figures.append(UnconvertibleFigure(
                project: try row.text(1) ?? "", application: Application.ID(try row.integer(2) ?? 0), kind: kind,
                amount: Money(minorUnits: try row.integer(5) ?? 0, currency: currency),
                rateDate: try CalendarDate(try row.text(6) ?? ""), target: Currency.eur.code))
        }
        return figures.sorted { a, b in
            if a.project != b.project { return a.project.utf8.lexicographicallyPrecedes(b.project.utf8) }
            if a.application != b.application { return a.application.rawValue < b.application.rawValue }
            return a.kind.rawValue < b.kind.rawValue
        }
    }

    // MARK: - Breakdowns

    func breakdown(_ dimension: StatisticsDimension, headline: OutcomeCounts) async throws -> StatisticsBreakdown {
        let sums = try await sums(by: dimension)
        var counts = Self.counts(sums)
        if options.countsProjectsWithoutApplications {
            try await addProjectsWithoutStatus(to: &counts, dimension: dimension)
        }
        var unusedRates = Set<ExchangeRate>()
        let money = try money(sums, rates: &unusedRates)
        return try await CentralBreakdownGroups(reader: self, dimension: dimension).breakdown(counts: counts, money: money)
    }

    private func addProjectsWithoutStatus(to counts: inout [GroupKey: OutcomeCounts], dimension: StatisticsDimension) async throws {
        guard dimension == .theme else {
            for id in ids {
                let projects = Int(try await db.rows("SELECT count(*) FROM project WHERE portfolio_id = $1", [.integer(id)])
                    .first?.integer(0) ?? 0)
                let developed: Int
                if dimension.isSingleValued {
                    developed = counts.filter { $0.key.portfolio == id }.values.reduce(0) { $0 + $1.developed }
                } else {
                    developed = Self.counts(try await sums(by: nil)).filter { $0.key.portfolio == id }.values
                        .reduce(0) { $0 + $1.developed }
                }
                counts[GroupKey(portfolio: id, group: nil), default: OutcomeCounts()].add(
                    .none, underEvaluation: false, projects: projects - developed)
            }
            return
        }
        var members: [(GroupKey, Int)] = []
        for row in try await db.rows(
            "SELECT portfolio_id, theme_id::text, count(*) FROM project_theme WHERE portfolio_id = ANY ($1) GROUP BY 1, 2",
            [idArray])
        {
            members.append((GroupKey(portfolio: try row.integer(0) ?? 0, group: try row.text(1)), Int(try row.integer(2) ?? 0)))
        }
        for row in try await db.rows(
            """
            SELECT p.portfolio_id, count(*) FROM project p WHERE p.portfolio_id = ANY ($1)
              AND NOT EXISTS (SELECT 1 FROM project_theme pt WHERE pt.portfolio_id = p.portfolio_id AND pt.project_id = p.id)
            GROUP BY 1
            """, [idArray])
        {
            members.append((GroupKey(portfolio: try row.integer(0) ?? 0, group: nil), Int(try row.integer(1) ?? 0)))
        }
        for id in ids where !members.contains(where: { $0.0 == GroupKey(portfolio: id, group: nil) }) {
            members.append((GroupKey(portfolio: id, group: nil), 0))
        }
        for (group, projects) in members {
            let developed = counts[group]?.developed ?? 0
            counts[group, default: OutcomeCounts()].add(.none, underEvaluation: false, projects: projects - developed)
        }
    }

    // MARK: - Time series

    func timeSeries() async throws -> [YearActivity] {
        var activity: [String: [Int: Int]] = [:]
        for row in try await db.rows(
            """
            SELECT year, measure, sum(count)::text FROM statistics_activity_change
            WHERE portfolio_id = ANY ($1) AND month < $2 GROUP BY year, measure
            """, [idArray, .text(String(date.description.prefix(7)))]).map(PostgresRandomAccessRowLike.init)
        {
            activity[try row.text(1) ?? "", default: [:]][Int(try row.integer(0)), default: 0] += Int(try row.exact(2))
        }
        for row in try await db.rows(
            """
            SELECT valid_from, submitted, submitted_other_years, approved, rejected, projects_approved
            FROM statistics_period WHERE portfolio_id = ANY ($1) AND valid_from >= $2 AND valid_from <= $3
            """, [idArray, .text(String(date.description.prefix(7)) + "-01"), .text(date.description)])
            .map(PostgresRandomAccessRowLike.init)
        {
            let year = Int(String((try row.text(0) ?? "").prefix(4))) ?? 0
            activity["submitted", default: [:]][year, default: 0] += Int(try row.integer(1))
            for other in (try row.text(2) ?? "").split(separator: " ").compactMap({ Int($0) }) {
                activity["submitted", default: [:]][other, default: 0] += 1
            }
            activity["approved", default: [:]][year, default: 0] += Int(try row.integer(3))
            activity["rejected", default: [:]][year, default: 0] += Int(try row.integer(4))
            activity["projects_approved", default: [:]][year, default: 0] += Int(try row.integer(5))
        }
        let rows = activity.flatMap { measure, years in
            years.filter { $0.value != 0 }.map { (year: $0.key, measure: measure, count: $0.value) }
        }
        guard let first = rows.map(\.year).min(), let last = rows.map(\.year).max() else { return [] }
        var years = (first...last).map { YearActivity(year: $0) }
        for row in rows {
            let index = row.year - first
            switch row.measure {
            case "submitted": years[index].applicationsSubmitted += row.count
            case "approved": years[index].applicationsApproved += row.count
            case "rejected": years[index].applicationsRejected += row.count
            default: years[index].projectsApproved += row.count
            }
        }
        var toDate = 0
        for index in years.indices {
            toDate += years[index].projectsApproved
            years[index].projectsApprovedToDate = toDate
        }
        return years
    }
}

/// A row whose integer columns are required, and whose sums (numeric, as
/// text) are checked to fit 64 bits.
struct PostgresRandomAccessRowLike {
    let row: PostgresRandomAccessRow
    init(_ row: PostgresRandomAccessRow) { self.row = row }

    func text(_ index: Int) throws -> String? { try row.text(index) }
    func integer(_ index: Int) throws -> Int64 {
        guard let value = try row.integer(index) else { throw CentralError.badData("NULL in column \(index)") }
        return value
    }
    func bool(_ index: Int) throws -> Bool { try row[index].decode(Bool.self) }
    /// A sum: 0 when NULL (no row).
    func exact(_ index: Int) throws -> Int64 {
        guard let text = try row.text(index) else { return 0 }
        guard let value = Int64(text) else { throw MoneyError.overflow }
        return value
    }
}

extension OutcomeCounts {
    /// Counts `projects` projects with this outcome.
    mutating func add(_ outcome: ProjectOutcome, underEvaluation: Bool, projects: Int) {
        developed += projects
        switch outcome {
        case .approved: approved += projects
        case .rejected: rejected += projects
        case .withdrawn: withdrawn += projects
        case .pending: pending += projects
        case .preparation: inPreparation += projects
        case .none: undetermined += projects
        }
        if underEvaluation { self.underEvaluation += projects }
    }

    /// Adds another group's counts.
    mutating func merge(_ other: OutcomeCounts) {
        developed += other.developed
        approved += other.approved
        rejected += other.rejected
        withdrawn += other.withdrawn
        pending += other.pending
        inPreparation += other.inPreparation
        undetermined += other.undetermined
        underEvaluation += other.underEvaluation
    }
}
