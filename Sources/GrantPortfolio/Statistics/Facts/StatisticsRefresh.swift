import SQLiteCore

/// Brings the statistics periods of every stale project up to date, inside
/// the caller's transaction.
///
/// The schema's triggers list in `statistics_stale` every project a write
/// touched (`Migrations/0006_statistics_periods.sql`); the portfolio runs this
/// before each commit (``Connection/willCommit``) and when it opens a file,
/// so that the statistics read the periods instead of replaying histories.
///
/// For each stale project: its old periods are read and their contributions
/// to the daily change tables taken away; its periods are worked out anew
/// (``ProjectFacts``) and theirs added; the net changes are written once
/// at the end. When the triggers kept the earliest day a write touched
/// (`statistics_stale.since`, `Migrations/0008_statistics_stale_since.sql`),
/// only the periods from the one in force the day before are read and
/// worked out again.
@_spi(Benchmarks)
public enum StatisticsRefresh {
    /// Refreshes every stale project; does nothing (one indexed read) when none is.
    ///
    /// Public for benchmarks (`@_spi(Benchmarks)`), which run it on files
    /// written with the C API, so that both end in the same state.
    ///
    /// - Parameters:
    ///   - progress: Called now and then with the projects done and their number.
    ///   - insertBatch: How many new periods are held, then inserted sorted
    ///     by the table's key (``insertBatch``; smaller in tests).
    /// - Throws: ``MoneyError/overflow`` when a sum does not fit 64 bits; `SQLiteError` when the file cannot be
    ///   read or written.
    public static func run(
        _ db: Connection, progress: ((_ done: Int, _ total: Int) -> Void)? = nil,
        insertBatch: Int = StatisticsRefresh.insertBatch
    ) throws {
        let stale = try db.fetchAll(sql: "SELECT project_id, since FROM statistics_stale ORDER BY project_id") { row in
            (id: try row[0] as Int64, since: try row[1] as String?)
        }
        guard !stale.isEmpty else { return }
        // Those that have periods already (none, when the projects are new).
        let withPeriods = Set(try db.fetchAll(sql: """
            SELECT project_id FROM statistics_stale s
            WHERE EXISTS (SELECT 1 FROM statistics_period p WHERE p.project_id = s.project_id)
            """) { try $0[0] as Int64 })
        let conversion = try CurrencyConversion(db: db)
        let statuses = try statusRules(db)
        let store = try StatisticsPeriodStore(db: db)
        var changes = StatisticsChanges()
        // New periods go in in the table's key order (first day, project), a
        // batch at a time: a bulk refresh then walks the table from one end
        // to the other, instead of seeking a random page for each period.
        var pending: [StatisticsPeriod] = []
        func insertPending() throws {
            pending.sort { ($0.validFrom, $0.projectID) < ($1.validFrom, $1.projectID) }
            for period in pending { try store.insert(period) }
            pending.removeAll(keepingCapacity: true)
        }
        for (index, (projectID, since)) in stale.enumerated() {
            if let progress, index % 1000 == 0 { progress(index, stale.count) }
            let facts = try facts(of: projectID, conversion: conversion, statuses: statuses, in: db)
            let old: [StatisticsPeriod]
            let new: [StatisticsPeriod]
            if let since, withPeriods.contains(projectID) {
                // Only the periods from the one in force the day before the
                // earliest day written (0008): a status change on a long
                // history reads and works out its last period or two.
                old = try store.periods(of: projectID, since: since)
                new = try facts.periods(since: since, after: old.first.flatMap { $0.validFrom < since ? $0 : nil })
            } else {
                old = withPeriods.contains(projectID) ? try store.periods(of: projectID) : []
                new = try facts.periods()
            }
            // Only what changed is rewritten: a new event or figure usually
            // changes the last period or two of a long history.
            var kept = 0
            while kept < old.count, kept < new.count, old[kept] == new[kept] { kept += 1 }
            if kept < old.count {
                for period in old[kept...] { changes.record(period, sign: -1) }
                try store.delete(projectID, from: old[kept].validFrom)
            }
            for period in new[kept...] {
                pending.append(period)
                changes.record(period, sign: 1)
            }
            if pending.count >= insertBatch { try insertPending() }
        }
        try insertPending()
        try changes.write(to: db)
        try db.execute(sql: "DELETE FROM statistics_stale")
        progress?(stale.count, stale.count)
    }

    /// How many new periods a refresh holds before it inserts them, sorted
    /// (some tens of megabytes).
    public static let insertBatch = 50_000

    /// The derived tables, which hold nothing that cannot be worked out again.
    static let derivedTables = [
        "statistics_period", "statistics_period_money", "statistics_change", "statistics_breakdown_change",
        "statistics_activity_change",
    ]

    /// Empties the derived tables and works every project's facts out again,
    /// inside the caller's transaction.
    ///
    /// - Throws: As ``run(_:progress:insertBatch:)``.
    static func rebuild(
        _ db: Connection, progress: ((_ done: Int, _ total: Int) -> Void)? = nil,
        insertBatch: Int = StatisticsRefresh.insertBatch
    ) throws {
        for table in derivedTables { try db.execute(sql: "DELETE FROM \(table)") }
        try db.execute(sql: "INSERT OR IGNORE INTO statistics_stale (project_id) SELECT id FROM project")
        try run(db, progress: progress, insertBatch: insertBatch)
    }

    /// Whether some project's periods are out of date.
    ///
    /// - Throws: `SQLiteError` when SQLite cannot read the statistics tables (`busy`, I/O).
    public static func hasStaleProjects(_ db: Connection) throws -> Bool {
        try db.fetchOne(sql: "SELECT EXISTS (SELECT 1 FROM statistics_stale)") { try $0[0] as Bool } ?? false
    }

    static func statusRules(_ db: Connection) throws -> [String: ProjectFacts.StatusRule] {
        var rules: [String: ProjectFacts.StatusRule] = [:]
        for status in try Status.fetchAll(db, sql: "SELECT \(Status.columns) FROM status") {
            rules[status.code.rawValue] = ProjectFacts.StatusRule(
                phase: status.phase, outcome: status.outcome, sortOrder: Int64(status.sortOrder))
        }
        return rules
    }

    /// The rules applied to one project as it is stored now.
    static func facts(
        of projectID: Int64, conversion: CurrencyConversion, statuses: [String: ProjectFacts.StatusRule], in db: Connection
    ) throws -> ProjectFacts {
        let applications = try histories(of: projectID, conversion: conversion, in: db)
        guard !applications.isEmpty else { return ProjectFacts(projectID: projectID, applications: [], statuses: statuses) }
        let themes = try db.cachedStatement(sql: "SELECT theme_id FROM project_theme WHERE project_id = ? ORDER BY theme_id")
        try themes.bind(values: projectID)
        defer { themes.reset() }
        var themeIDs: [Int64] = []
        while try themes.step() { themeIDs.append(try themes.row[0]) }
        return ProjectFacts(projectID: projectID, applications: applications, statuses: statuses, themes: themeIDs)
    }

    /// The project's applications that have a status event, with their
    /// histories and their figures of the three statistical kinds.
    static func histories(
        of projectID: Int64, conversion: CurrencyConversion, in db: Connection
    ) throws -> [ProjectFacts.ApplicationHistory] {
        var applications: [ProjectFacts.ApplicationHistory] = []
        let events = try db.cachedStatement(sql: """
            SELECT a.id, a.funding_source_id, a.submitted_on, e.status, e.effective_on
            FROM project p
            JOIN application a ON a.project_id = p.id
            JOIN status_event e ON e.application_id = a.id
            WHERE p.id = ?  -- (from the project: a deletion with foreign keys off leaves its applications)
            ORDER BY a.id, e.effective_on, e.id
            """)
        try events.bind(values: projectID)
        defer { events.reset() }
        while try events.step() {
            let row = events.row
            let id: Int64 = try row[0]
            if applications.last?.id != id {
                applications.append(ProjectFacts.ApplicationHistory(
                    id: id, fundingSourceID: try row[1], submittedOn: try row[2]))
            }
            applications[applications.count - 1].events.append((status: try row[3], on: try row[4]))
        }
        guard !applications.isEmpty else { return [] }

        // The partners' countries (filtered here: see below).
        let partners = try db.cachedStatement(sql: """
            SELECT DISTINCT pa.application_id, pa.role, o.country
            FROM application a
            JOIN participation pa ON pa.application_id = a.id
            JOIN organisation o ON o.id = pa.organisation_id
            WHERE a.project_id = ? AND o.country IS NOT NULL
            ORDER BY pa.application_id, o.country
            """)
        try partners.bind(values: projectID)
        defer { partners.reset() }
        while try partners.step() {
            let row = partners.row
            let role: String = try row[1]
            guard role == "partner" || role == "donor_partner" || role == "host",
                  let index = applications.firstIndex(where: { $0.id == (try? row[0] as Int64) })
            else { continue }
            let country: String = try row[2]
            if applications[index].countries.last != country { applications[index].countries.append(country) }
        }

        let figures = try db.cachedStatement(sql: """
            SELECT m.application_id, m.kind, m.set_on, m.currency, m.amount_minor, coalesce(m.value_date, m.set_on)
            FROM application a JOIN money_figure m ON m.application_id = a.id
            WHERE a.project_id = ?
            ORDER BY m.application_id, m.kind, m.set_on
            """)
        try figures.bind(values: projectID)
        defer { figures.reset() }
        var index = 0
        while try figures.step() {
            let row = figures.row
            let applicationID: Int64 = try row[0]
            while index < applications.count, applications[index].id < applicationID { index += 1 }
            guard index < applications.count, applications[index].id == applicationID,
                  let kind = MoneyFigure.Kind(rawValue: try row[1]), MoneyFigure.Kind.statistical.contains(kind)
            else { continue }  // (filtered here: an IN list in SQL builds a temporary index per project)
            let figure = conversion.euroFigure(setOn: try row[2], currency: try row[3], amount: try row[4], rateDate: try row[5])
            applications[index].figures[kind, default: []].append(figure)
        }
        return applications
    }
}
