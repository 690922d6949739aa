import SQLiteCore

/// Compares the stored facts with what the rules give now, without writing:
/// each project's periods, and every row of the change tables.
///
/// Projects that are stale (written to by another program since) are
/// expected to differ and are not reported; their stored periods are what
/// the change tables must add up to.
struct StatisticsCheck {
    let db: Connection

    /// Every disagreement, projects first, in project order.
    ///
    /// - Throws: ``MoneyError/overflow`` when a sum does not fit 64 bits;
    ///   `SQLiteError` when the file cannot be read.
    func run() throws -> [StatisticsDiscrepancy] {
        let conversion = try CurrencyConversion(db: db)
        let statuses = try StatisticsRefresh.statusRules(db)
        let store = try StatisticsPeriodStore(db: db)
        let stale = Set(try Int64.fetchAll(db, sql: "SELECT project_id FROM statistics_stale"))
        let references = Dictionary(
            try db.fetchAll(sql: "SELECT id, reference FROM project") { (try $0[0] as Int64, try $0[1] as String) },
            uniquingKeysWith: { first, _ in first })
        let ids = Set(references.keys).union(try Int64.fetchAll(db, sql: "SELECT DISTINCT project_id FROM statistics_period"))
        var discrepancies: [StatisticsDiscrepancy] = []
        var changes = StatisticsChanges()
        for id in ids.sorted() {
            let stored = try store.periods(of: id)
            let name = references[id].map { "project '\($0)'" } ?? "project id \(id) (deleted)"
            if stale.contains(id) {
                for period in stored { changes.record(period, sign: 1) }
                continue
            }
            let expected = references[id] == nil
                ? [] : try StatisticsRefresh.facts(of: id, conversion: conversion, statuses: statuses, in: db).periods()
            for period in expected { changes.record(period, sign: 1) }
            guard stored != expected else { continue }
            let index = zip(stored, expected).prefix { $0 == $1 }.count
            let detail: String
            switch (index < stored.count ? stored[index] : nil, index < expected.count ? expected[index] : nil) {
            case let (found?, wanted?):
                detail = "period from \(found.validFrom) stored as \(Self.summary(found)), the rules give \(Self.summary(wanted))"
            case let (found?, nil):
                detail = "period from \(found.validFrom) stored, the rules give none"
            case let (nil, wanted?):
                detail = "period from \(wanted.validFrom) missing: the rules give \(Self.summary(wanted))"
            case (nil, nil):
                detail = "periods differ"
            }
            discrepancies.append(StatisticsDiscrepancy(table: "statistics_period", record: name, detail: detail))
        }
        discrepancies += try changeDiscrepancies(expected: changes.rows())
        return discrepancies
    }

    /// A period in a few words.
    private static func summary(_ period: StatisticsPeriod) -> String {
        let state = period.state
        return "\(state.outcome) (\(state.status)) until \(period.validUntil), \(state.money.count) money sums"
    }

    /// The change rows that differ from `expected`.
    private func changeDiscrepancies(expected: [StatisticsChanges.ChangeRow]) throws -> [StatisticsDiscrepancy] {
        var wanted: [String: [StatisticsChanges.ChangeRow]] = [:]
        for row in expected { wanted[row.table, default: []].append(row) }
        var discrepancies: [StatisticsDiscrepancy] = []
        for (table, keys) in StatisticsChanges.keyColumns.sorted(by: { $0.key < $1.key }) {
            let sums = StatisticsChanges.sumColumns(table)
            var found: [[SQLiteValue]: [Int64]] = [:]
            try db.fetchAll(sql: "SELECT \((keys + sums).joined(separator: ", ")) FROM \(table)") { row in
                (try keys.indices.map { try row[$0] as SQLiteValue }, try sums.indices.map { try row[keys.count + $0] as Int64 })
            }.forEach { key, values in
                if values.contains(where: { $0 != 0 }) { found[key] = values }  // rows that came back to zero stay
            }
            var expectedRows: [[SQLiteValue]: [Int64]] = [:]
            for row in wanted[table] ?? [] { expectedRows[row.keys] = row.sums }
            // Only the rows that differ (normally none) are described and sorted.
            let differing = Set(found.keys).union(expectedRows.keys).filter { found[$0] != expectedRows[$0] }
            for key in differing.map({ (key: $0, text: "\($0)") }).sorted(by: { $0.text < $1.text }).map(\.key) {
                let name = zip(keys, key).map { "\($0)=\(Self.text($1))" }.joined(separator: " ")
                let describe = { (values: [Int64]?) in values.map { zip(sums, $0).map { "\($0) \($1)" }.joined(separator: ", ") } ?? "no row" }
                discrepancies.append(StatisticsDiscrepancy(
                    table: table, record: name, detail: "stored \(describe(found[key])), the rules give \(describe(expectedRows[key]))"))
            }
        }
        return discrepancies
    }

    private static func text(_ value: SQLiteValue) -> String {
        switch value {
        case .null: "NULL"
        case .integer(let integer): "\(integer)"
        case .real(let real): "\(real)"
        case .text(let text): "'\(text)'"
        case .blob(let data): "x'\(data.map { String(format: "%02x", $0) }.joined())'"
        }
    }
}

/// A place where the stored statistics facts disagree with the rules
/// (``Portfolio/checkStatistics()-8r8bk``).
public struct StatisticsDiscrepancy: Hashable, Sendable, CustomStringConvertible {
    /// The derived table, such as `statistics_period`.
    public var table: String
    /// The project, or the change row's key.
    public var record: String
    /// What is stored and what the rules give.
    public var detail: String

    /// Creates a discrepancy.
    public init(table: String, record: String, detail: String) {
        self.table = table
        self.record = record
        self.detail = detail
    }

    /// `statistics_period project 'LPR-2013-07': period from … stored as …, the rules give …`.
    public var description: String { "\(table) \(record): \(detail)" }
}

extension Portfolio {
    /// Works every project's statistics facts out again and compares them,
    /// and the change tables they add up to, with what is stored; writes nothing.
    ///
    /// An empty result means the stored facts are those the rules give. The
    /// derived tables are only ever written by the library; a discrepancy
    /// means another program changed them (``rebuildStatistics(progress:)-95uu6``
    /// repairs it). Projects another program's writes left stale are not
    /// reported: the next write brings them up to date.
    ///
    /// ```swift
    /// for problem in try portfolio.checkStatistics() { print(problem) }
    /// ```
    ///
    /// - Throws: ``MoneyError/overflow`` when a sum does not fit 64 bits;
    ///   `SQLiteError` when the file cannot be read.
    public func checkStatistics() throws -> [StatisticsDiscrepancy] {
        try database.read { try StatisticsCheck(db: $0).run() }
    }

    /// Empties the derived statistics tables and works every project's facts
    /// out again, in one transaction: if anything fails, the file is left as
    /// it was.
    ///
    /// ```swift
    /// try portfolio.rebuildStatistics { done, total in print("\(done)/\(total)") }
    /// ```
    ///
    /// - Parameter progress: Called now and then with the projects done and their number.
    /// - Throws: ``MoneyError/overflow`` when a sum does not fit 64 bits;
    ///   `SQLiteError` when the file cannot be read or written.
    public func rebuildStatistics(progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws {
        try database.write { try StatisticsRefresh.rebuild($0, progress: progress) }
    }
}
