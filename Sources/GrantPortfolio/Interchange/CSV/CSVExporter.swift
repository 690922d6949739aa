import SQLiteCore

/// Writes one ``CSVTable`` row by row (RFC 4180, through ``CSVWriter``'s
/// rules), reading the database with cursors so that a large portfolio is
/// never held in memory.
struct CSVExporter {
    let db: Connection

    static func write(
        _ table: CSVTable, from db: Connection, to output: inout some TextOutputStream, byteOrderMark: Bool,
        progress: InteropProgress?
    ) throws -> Int {
        let exporter = CSVExporter(db: db)
        var header = CSVWriter(output: "", byteOrderMark: byteOrderMark)
        header.writeRow(table.headers)
        output.write(header.output)
        var count = 0
        let total: Int
        switch table {
        case .projects: total = try Int.fetchOne(db, sql: "SELECT count(*) FROM project") ?? 0
        case .applications: total = try Int.fetchOne(db, sql: "SELECT count(*) FROM application") ?? 0
        case .statusHistory: total = try Int.fetchOne(db, sql: "SELECT count(*) FROM status_event") ?? 0
        case .money: total = try Int.fetchOne(db, sql: "SELECT count(*) FROM money_figure") ?? 0
        }
        func emit(_ fields: [String]) {
            var row = CSVWriter(output: "")
            row.writeRow(fields)
            output.write(row.output)
            count += 1
            progress?(count, total)
        }
        switch table {
        case .projects:
            try ProjectStore.forEach(in: db) { emit(exporter.row(of: $0)) }
        case .applications:
            let ids = try db.cursor(
                sql: "SELECT a.id FROM application a JOIN project p ON p.id = a.project_id ORDER BY p.reference, a.id",
                decode: { row in try row[0] as Int64 })
            while let id = try ids.next() {
                guard let application = try ApplicationStore.fetch(where: "a.id = ?", id, in: db).first else { continue }
                emit(try exporter.row(of: application))
            }
        case .statusHistory:
            let rows = try db.cursor(
                sql: """
                    SELECT e.id, e.application_id, p.reference, e.status, e.effective_on, e.recorded_at, e.note
                    FROM status_event e JOIN application a ON a.id = e.application_id JOIN project p ON p.id = a.project_id
                    ORDER BY p.reference, e.application_id, e.effective_on, e.id
                    """,
                decode: { row in
                    [String(try row[0] as Int64), String(try row[1] as Int64), try row[2], try row[3], try row[4], try row[5],
                     (try row[6] as String?) ?? ""]
                })
            while let fields = try rows.next() { emit(fields) }
        case .money:
            let rows = try db.cursor(
                sql: """
                    SELECT m.id, m.application_id, p.reference, m.kind, m.amount_minor, m.currency, c.minor_unit,
                           m.value_date, m.set_on, m.note
                    FROM money_figure m JOIN application a ON a.id = m.application_id JOIN project p ON p.id = a.project_id
                    JOIN currency c ON c.code = m.currency
                    ORDER BY p.reference, m.application_id, m.kind, m.set_on, m.id
                    """,
                decode: { row in
                    let money = Money(minorUnits: try row[4], currency: try Currency(code: try row[5], minorUnit: try row[6]))
                    return [String(try row[0] as Int64), String(try row[1] as Int64), try row[2], try row[3], money.amountText,
                            money.currency.code, (try row[7] as String?) ?? "", try row[8], (try row[9] as String?) ?? ""]
                })
            while let fields = try rows.next() { emit(fields) }
        }
        return count
    }

    // MARK: - Rows

    func row(of project: Project) -> [String] {
        [project.reference, project.title, project.originalTitle ?? "", project.originalLanguage ?? "", project.summary ?? "",
         project.owner, text(project.plannedStart), text(project.plannedEnd), text(project.actualStart), text(project.actualEnd),
         Self.themesText(project.themes), project.note ?? ""]
    }

    func row(of application: Application) throws -> [String] {
        let id = application.id!.rawValue
        let title = try String.fetchOne(db, sql: "SELECT title FROM project WHERE reference = ?", arguments: [application.project]) ?? ""
        let grant = try String.fetchOne(db, sql: "SELECT grant_identifier FROM grant_record WHERE application_id = ?", arguments: [id])
        let current = application.statusHistory.last
        var fields = [
            String(id), application.project, title, application.fundingSource, try Self.fundingPath(application.fundingSource, in: db),
            Self.leadApplicants(application), application.currency, text(application.submittedOn), text(application.decidedOn),
            application.funderReference ?? "", grant ?? "", current?.status.rawValue ?? "", text(current?.effectiveOn),
        ]
        for kind in MoneyFigure.Kind.allCases {
            if let figure = Self.latest(kind, of: application) {
                fields += [figure.amount.amountText, figure.amount.currency.code]
            } else {
                fields += ["", ""]
            }
        }
        return fields
    }

    private func text(_ date: CalendarDate?) -> String { date?.description ?? "" }

    // MARK: - Shared with the importer

    /// `lpr:education; lpr:tourism`.
    static func themesText(_ themes: [Theme.Key]) -> String {
        themes.map(\.description).sorted().joined(separator: "; ")
    }

    /// The lead applicants' handles, `; `-separated.
    static func leadApplicants(_ application: Application) -> String {
        application.participants.filter { $0.role == .leadApplicant }.map(\.organisation).sorted().joined(separator: "; ")
    }

    /// The figure of `kind` set last (the latest revision), or nil.
    static func latest(_ kind: MoneyFigure.Kind, of application: Application) -> MoneyFigure? {
        application.money.filter { $0.kind == kind }.max { ($0.setOn, $0.id?.rawValue ?? 0) < ($1.setOn, $1.id?.rawValue ?? 0) }
    }

    /// The titles from the root down to the node: `Norway > Norway Grants > Short-term Expert Fund`.
    static func fundingPath(_ handle: String, in db: Connection) throws -> String {
        try String.fetchAll(
            db,
            sql: """
                WITH RECURSIVE up(id, depth) AS (
                    SELECT id, 0 FROM funding_source WHERE handle = ?
                    UNION ALL
                    SELECT f.parent_id, up.depth + 1 FROM funding_source f JOIN up ON f.id = up.id
                    WHERE f.parent_id IS NOT NULL AND up.depth < 1000)
                SELECT f.title FROM up JOIN funding_source f ON f.id = up.id ORDER BY up.depth DESC
                """,
            arguments: [handle]
        ).joined(separator: " > ")
    }
}
