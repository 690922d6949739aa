import Foundation
import SQLiteCore

/// Reads a CSV file in the columns of one ``CSVTable`` back into the
/// portfolio, inside the caller's transaction. Each row is compared with
/// the record its first column names and only the cells that differ are
/// written, so that export → edit a cell → import changes exactly that
/// value. A row with an empty identifier is a new record.
///
/// Columns derived from others (the funding-source path, the project
/// reference of an application's row) are checked, not written: editing one
/// is an error that names the column to edit instead.
struct CSVImporter {
    let db: Connection
    let table: CSVTable
    let allowRounding: Bool
    var report: CSVImportReport
    /// Project titles changed by an applications row: (before, after), by reference.
    var projectTitles: [String: (original: String, new: String)] = [:]

    /// One data row, its fields by header, and how errors name it.
    struct Row {
        let number: Int
        let line: Int
        let values: [String: String]
        var name: String

        subscript(_ column: String) -> String { values[column] ?? "" }

        func error(_ column: String?, _ message: String) -> ImportError {
            ImportError(path: name, field: column, message: message)
        }
    }

    static func load(_ data: Data, into db: Connection, allowRounding: Bool, progress: InteropProgress?) throws -> CSVImportReport {
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(in: data)
        } catch let error as CSVSyntaxError {
            throw ImportError(path: "line \(error.line)", message: error.message)
        }
        guard let header = records.first else {
            throw ImportError(path: "", message: "the file is empty: expected a header row")
        }
        let headers = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let table = CSVTable.matching(headers) else {
            // Name what differs from the closest table.
            let closest = CSVTable.allCases.max { Set($0.headers).intersection(headers).count < Set($1.headers).intersection(headers).count }!
            let unknown = headers.filter { !closest.headers.contains($0) }
            let missing = closest.headers.filter { !headers.contains($0) }
            var problems: [String] = []
            if !unknown.isEmpty { problems.append("unknown column\(unknown.count == 1 ? "" : "s") " + unknown.map { "'\($0)'" }.joined(separator: ", ")) }
            if !missing.isEmpty { problems.append("missing " + missing.map { "'\($0)'" }.joined(separator: ", ")) }
            if Set(headers).count != headers.count { problems.append("a column appears twice") }
            throw ImportError(
                path: "row 1 (the header)",
                message: "the columns are not those of a \(closest) export: " + problems.joined(separator: "; "))
        }
        var importer = CSVImporter(db: db, table: table, allowRounding: allowRounding, report: CSVImportReport(table: table))
        let total = records.count - 1
        for (offset, record) in records.dropFirst().enumerated() {
            let number = offset + 2
            let name = "row \(number) (line \(record.line))"
            guard record.fields.count == headers.count else {
                let problem = record.fields.count < headers.count
                    ? "too few columns: \(record.fields.count) of \(headers.count); missing "
                        + headers[record.fields.count...].map { "'\($0)'" }.joined(separator: ", ")
                    : "too many columns: \(record.fields.count), the header has \(headers.count)"
                throw ImportError(path: name, field: record.fields.count < headers.count ? headers[record.fields.count] : nil, message: problem)
            }
            let row = Row(number: number, line: record.line, values: Dictionary(uniqueKeysWithValues: zip(headers, record.fields)), name: name)
            do {
                try importer.load(row)
            } catch let error as PortfolioError {
                throw ImportError(path: name, message: error.description)
            } catch let error as MoneyError {
                throw ImportError(path: name, message: error.description)
            } catch let error as SQLiteError where error.primaryCode == .constraint {
                throw ImportError(path: name, message: error.message)
            }
            importer.report.rows += 1
            progress?(offset + 1, total)
        }
        return importer.report
    }

    mutating func load(_ row: Row) throws {
        let before = report.changes.count
        let created: Bool
        switch table {
        case .projects: created = try loadProject(row)
        case .applications: created = try loadApplication(row)
        case .statusHistory: created = try loadEvent(row)
        case .money: created = try loadFigure(row)
        }
        if created {
            report.created += 1
        } else if report.changes.count > before {
            report.updated += 1
        } else {
            report.unchanged += 1
        }
    }

    // MARK: - Cells

    mutating func change(_ row: Row, _ column: String, _ old: String, _ new: String) {
        report.changes.append("\(row.name), \(column): \(old.isEmpty ? "(empty)" : old) → \(new.isEmpty ? "(empty)" : new)")
    }

    func optional(_ row: Row, _ column: String) -> String? {
        let text = row[column]
        return text.isEmpty ? nil : text
    }

    func required(_ row: Row, _ column: String) throws -> String {
        guard let text = optional(row, column) else { throw row.error(column, "is required") }
        return text
    }

    /// A date: ISO, or as a spreadsheet program may have rewritten it (a guess, reported).
    mutating func date(_ row: Row, _ column: String) throws -> CalendarDate? {
        guard let text = optional(row, column) else { return nil }
        guard let reading = LenientDate.read(text) else {
            throw row.error(column, "'\(text)' is not a date (expected YYYY-MM-DD)")
        }
        if let rule = reading.rule {
            report.dateGuesses.append(DateGuess(record: row.name, field: column, read: text, stored: reading.date.description, rule: rule))
        }
        return reading.date
    }

    func id(_ row: Row, _ column: String) throws -> Int64? {
        guard let text = optional(row, column) else { return nil }
        guard let id = Int64(text), id > 0 else { throw row.error(column, "'\(text)' is not a record id") }
        return id
    }

    /// An amount in `currency`, exact, never negative; rounded only when allowed.
    mutating func amount(_ row: Row, _ column: String, text: String, currency: Currency) throws -> Money {
        let parsed: (money: Money, isExact: Bool)
        do {
            parsed = try Money.parse(text, currency: currency)
        } catch {
            throw row.error(column, "'\(text)' is not an amount (digits and a '.', such as 1234.50)")
        }
        if parsed.money.minorUnits < 0 { throw row.error(column, "\(text) is negative; amounts are never negative") }
        if !parsed.isExact {
            guard allowRounding else {
                throw row.error(
                    column, "\(text) has more decimals than \(currency.code) allows (\(currency.minorUnit)); import with --round to round it")
            }
            report.roundings.append(AmountRounding(record: row.name, field: column, read: text, stored: parsed.money))
        }
        return parsed.money
    }

    func currency(_ row: Row, _ column: String, code: String) throws -> Currency {
        do {
            return try Lookup.currency(code, in: db, for: RecordName(kind: .currency, path: row.name), field: column)
        } catch {
            throw row.error(column, "unknown currency '\(code)'")
        }
    }

    // MARK: - projects

    mutating func loadProject(_ row: Row) throws -> Bool {
        let reference = try required(row, "Reference")
        var themes: [Theme.Key] = []
        for part in row["Themes"].split(separator: ";") {
            let item = part.trimmingCharacters(in: .whitespaces)
            guard !item.isEmpty else { continue }
            guard let colon = item.firstIndex(of: ":") else {
                throw row.error("Themes", "'\(item)' is not vocabulary:code")
            }
            themes.append(Theme.Key(vocabulary: String(item[..<colon]), code: String(item[item.index(after: colon)...])))
        }
        let fields = (
            title: try required(row, "Title"), originalTitle: optional(row, "Original title"),
            originalLanguage: optional(row, "Original language"), summary: optional(row, "Summary"), owner: try required(row, "Owner"),
            plannedStart: try date(row, "Planned start"), plannedEnd: try date(row, "Planned end"),
            actualStart: try date(row, "Actual start"), actualEnd: try date(row, "Actual end"), note: optional(row, "Note"))
        guard var project = try ProjectStore.fetch(where: "p.reference = ?", reference, in: db) else {
            _ = try ProjectStore.create(
                Project(
                    reference: reference, title: fields.title, originalTitle: fields.originalTitle,
                    originalLanguage: fields.originalLanguage, summary: fields.summary, owner: fields.owner,
                    plannedStart: fields.plannedStart, plannedEnd: fields.plannedEnd, actualStart: fields.actualStart,
                    actualEnd: fields.actualEnd, note: fields.note, themes: themes),
                in: db)
            return true
        }
        var changed = false
        func set<T: Equatable>(_ path: WritableKeyPath<Project, T>, _ value: T, _ column: String, _ show: (T) -> String) {
            guard project[keyPath: path] != value else { return }
            change(row, column, show(project[keyPath: path]), show(value))
            project[keyPath: path] = value
            changed = true
        }
        let text = { (value: String?) in value ?? "" }
        let day = { (value: CalendarDate?) in value?.description ?? "" }
        set(\.title, fields.title, "Title", { $0 })
        set(\.originalTitle, fields.originalTitle, "Original title", text)
        set(\.originalLanguage, fields.originalLanguage, "Original language", text)
        set(\.summary, fields.summary, "Summary", text)
        set(\.owner, fields.owner, "Owner", { $0 })
        set(\.plannedStart, fields.plannedStart, "Planned start", day)
        set(\.plannedEnd, fields.plannedEnd, "Planned end", day)
        set(\.actualStart, fields.actualStart, "Actual start", day)
        set(\.actualEnd, fields.actualEnd, "Actual end", day)
        set(\.note, fields.note, "Note", text)
        if Set(project.themes) != Set(themes) {
            change(row, "Themes", CSVExporter.themesText(project.themes), CSVExporter.themesText(themes))
            project.themes = themes
            changed = true
        }
        if changed { try ProjectStore.update(project, in: db) }
        return false
    }

    // MARK: - applications

    mutating func loadApplication(_ row: Row) throws -> Bool {
        var row = row
        guard let id = try id(row, "Application ID") else { return try createApplication(row) }
        guard let application = try ApplicationStore.fetch(where: "a.id = ?", id, in: db).first else {
            throw row.error("Application ID", "no application \(id)")
        }
        row.name = "row \(row.number) (line \(row.line), application \(id) of project '\(application.project)')"
        let record = RecordName.application(id, project: application.project)
        if row["Project reference"] != application.project {
            throw row.error(
                "Project reference", "application \(id) belongs to project '\(application.project)'; an application cannot move to another project")
        }

        // The project's title, on every row of its applications: the first
        // row that changes it wins, and the others may still show the old one.
        let title = try required(row, "Project title")
        if let edit = projectTitles[application.project] {
            if title != edit.original && title != edit.new {
                throw row.error(
                    "Project title", "another row of project '\(application.project)' already changed its title to '\(edit.new)'")
            }
        } else if var project = try ProjectStore.fetch(where: "p.reference = ?", application.project, in: db), project.title != title {
            change(row, "Project title", project.title, title)
            projectTitles[application.project] = (project.title, title)
            project.title = title
            try ProjectStore.update(project, in: db)
        }

        // The funding source, and its path (derived, so only checked).
        let source = try required(row, "Funding source")
        if source != application.fundingSource {
            let sourceID = try Lookup.fundingSource(source, in: db, for: record, field: "Funding source")
            try db.execute(sql: "UPDATE application SET funding_source_id = ? WHERE id = ?", arguments: [sourceID, id])
            change(row, "Funding source", application.fundingSource, source)
        } else if row["Funding source path"] != (try CSVExporter.fundingPath(source, in: db)) {
            throw row.error("Funding source path", "is derived from the funding source's titles; edit 'Funding source' (a handle) instead")
        }

        // Lead applicants.
        let leads = row["Lead applicant"].split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if Set(leads) != Set(application.participants.filter { $0.role == .leadApplicant }.map(\.organisation)) {
            try db.execute(sql: "DELETE FROM participation WHERE application_id = ? AND role = 'lead_applicant'", arguments: [id])
            for lead in Set(leads).sorted() {
                let organisation = try Lookup.organisation(lead, in: db, for: record, field: "Lead applicant")
                try db.execute(
                    sql: "INSERT INTO participation (application_id, organisation_id, role) VALUES (?, ?, 'lead_applicant') ON CONFLICT DO NOTHING",
                    arguments: [id, organisation])
            }
            change(row, "Lead applicant", CSVExporter.leadApplicants(application), Set(leads).sorted().joined(separator: "; "))
        }

        // Plain columns of the application.
        let currencyCode = try required(row, "Currency")
        if currencyCode != application.currency {
            _ = try currency(row, "Currency", code: currencyCode)
            try db.execute(sql: "UPDATE application SET currency = ? WHERE id = ?", arguments: [currencyCode, id])
            change(row, "Currency", application.currency, currencyCode)
        }
        let submitted = try date(row, "Submitted on"), decided = try date(row, "Decided on")
        if submitted != application.submittedOn || decided != application.decidedOn {
            try FieldCheck(record: record).order(submitted, decided, startField: "Submitted on", endField: "Decided on")
            try db.execute(sql: "UPDATE application SET submitted_on = ?, decided_on = ? WHERE id = ?", arguments: [submitted, decided, id])
            if submitted != application.submittedOn {
                change(row, "Submitted on", application.submittedOn?.description ?? "", submitted?.description ?? "")
            }
            if decided != application.decidedOn {
                change(row, "Decided on", application.decidedOn?.description ?? "", decided?.description ?? "")
            }
        }
        let funderReference = optional(row, "Funder reference")
        if funderReference != application.funderReference {
            try db.execute(sql: "UPDATE application SET funder_reference = ? WHERE id = ?", arguments: [funderReference, id])
            change(row, "Funder reference", application.funderReference ?? "", funderReference ?? "")
        }
        try setGrantIdentifier(row, application: id)

        // The status: a different one is a new event; the history is append-only.
        let current = application.statusHistory.last
        if let status = optional(row, "Status") {
            guard let date = try date(row, "Status date") else {
                throw row.error("Status date", "is required with a status: the date it took effect")
            }
            if status != current?.status.rawValue {
                try ApplicationStore.append(StatusEvent(status: StatusCode(status), effectiveOn: date), to: id, record: record, in: db)
                change(row, "Status", current.map { "\($0.status) on \($0.effectiveOn)" } ?? "", "\(status) on \(date)")
            } else if date != current?.effectiveOn {
                throw row.error(
                    "Status date",
                    "the status history is append-only: '\(status)' took effect on \(current!.effectiveOn); record a new status instead of re-dating it")
            }
        } else if let current {
            throw row.error("Status", "the application's status is '\(current.status)'; a status cannot be removed")
        }

        // Money: the latest figure of each kind, changed in place.
        let setOn = decided ?? current?.effectiveOn ?? CalendarDate.today
        for kind in MoneyFigure.Kind.allCases {
            let column = CSVTable.label(of: kind)
            let latest = CSVExporter.latest(kind, of: application)
            guard let text = optional(row, column) else {
                if latest != nil {
                    throw row.error(column, "clearing an amount does not delete its figure; export --what money to see its revisions")
                }
                continue
            }
            let code = optional(row, column + " currency") ?? currencyCode
            let money = try amount(row, column, text: text, currency: try currency(row, column + " currency", code: code))
            if let latest {
                guard latest.amount != money else { continue }
                try db.execute(
                    sql: "UPDATE money_figure SET amount_minor = ?, currency = ? WHERE id = ?",
                    arguments: [money.minorUnits, money.currency.code, latest.id!])
                change(row, column, latest.amount.description, money.description)
            } else {
                try ApplicationStore.add(MoneyFigure(kind: kind, amount: money, setOn: setOn), to: id, record: record, in: db)
                change(row, column, "", money.description)
            }
        }
        return false
    }

    mutating func createApplication(_ row: Row) throws -> Bool {
        let reference = try required(row, "Project reference")
        guard try ProjectStore.fetch(where: "p.reference = ?", reference, in: db) != nil else {
            throw row.error("Project reference", "no project '\(reference)'; import it first with a projects CSV")
        }
        let currencyCode = try required(row, "Currency")
        _ = try currency(row, "Currency", code: currencyCode)
        var application = Application(
            project: reference, fundingSource: try required(row, "Funding source"), submittedOn: try date(row, "Submitted on"),
            decidedOn: try date(row, "Decided on"), funderReference: optional(row, "Funder reference"), currency: currencyCode)
        application.participants = Set(row["Lead applicant"].split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) })
            .filter { !$0.isEmpty }.sorted().map { Participation(organisation: $0, role: .leadApplicant) }
        let statusDate = try date(row, "Status date")
        if let status = optional(row, "Status") {
            guard let statusDate else { throw row.error("Status date", "is required with a status: the date it took effect") }
            application.statusHistory = [StatusEvent(status: StatusCode(status), effectiveOn: statusDate)]
        }
        let setOn = application.decidedOn ?? statusDate ?? CalendarDate.today
        for kind in MoneyFigure.Kind.allCases {
            let column = CSVTable.label(of: kind)
            guard let text = optional(row, column) else { continue }
            let code = optional(row, column + " currency") ?? currencyCode
            let money = try amount(row, column, text: text, currency: try currency(row, column + " currency", code: code))
            application.money.append(MoneyFigure(kind: kind, amount: money, setOn: setOn))
        }
        let id = try ApplicationStore.create(application, in: db)
        try setGrantIdentifier(row, application: id.rawValue)
        return true
    }

    /// Sets, changes or removes the application's 360Giving identifier.
    mutating func setGrantIdentifier(_ row: Row, application id: Int64) throws {
        let wanted = optional(row, "Grant identifier")
        let stored = try String.fetchOne(db, sql: "SELECT grant_identifier FROM grant_record WHERE application_id = ?", arguments: [id])
        guard wanted != stored else { return }
        if let wanted {
            if let other = try Int64.fetchOne(
                db, sql: "SELECT application_id FROM grant_record WHERE grant_identifier = ? AND application_id <> ?", arguments: [wanted, id])
            {
                throw row.error("Grant identifier", "'\(wanted)' is already the identifier of application \(other)")
            }
            try db.execute(
                sql: """
                    INSERT INTO grant_record (application_id, grant_identifier) VALUES (?, ?)
                    ON CONFLICT (application_id) DO UPDATE SET grant_identifier = excluded.grant_identifier
                    """,
                arguments: [id, wanted])
        } else {
            try db.execute(sql: "DELETE FROM grant_record WHERE application_id = ?", arguments: [id])
        }
        change(row, "Grant identifier", stored ?? "", wanted ?? "")
    }

    // MARK: - status-history

    mutating func loadEvent(_ row: Row) throws -> Bool {
        guard let applicationID = try id(row, "Application ID") else { throw row.error("Application ID", "is required") }
        guard let reference = try String.fetchOne(
            db, sql: "SELECT p.reference FROM application a JOIN project p ON p.id = a.project_id WHERE a.id = ?", arguments: [applicationID])
        else { throw row.error("Application ID", "no application \(applicationID)") }
        if row["Project reference"] != reference {
            throw row.error("Project reference", "application \(applicationID) belongs to project '\(reference)'")
        }
        let status = try required(row, "Status")
        guard let effectiveOn = try date(row, "Effective on") else { throw row.error("Effective on", "is required") }
        let recordedAt = optional(row, "Recorded at"), note = optional(row, "Note")
        guard let eventID = try id(row, "Event ID") else {
            try ApplicationStore.append(
                StatusEvent(status: StatusCode(status), effectiveOn: effectiveOn, recordedAt: recordedAt, note: note), to: applicationID,
                record: RecordName.application(applicationID, project: reference), in: db)
            return true
        }
        guard let stored = try StatusEvent.fetchOne(
            db, sql: "SELECT id, status, effective_on, recorded_at, note FROM status_event WHERE id = ? AND application_id = ?",
            arguments: [eventID, applicationID])
        else { throw row.error("Event ID", "no status event \(eventID) of application \(applicationID)") }
        for (column, old, new) in [
            ("Status", stored.status.rawValue, status), ("Effective on", stored.effectiveOn.description, effectiveOn.description),
            ("Recorded at", stored.recordedAt ?? "", recordedAt ?? ""), ("Note", stored.note ?? "", note ?? ""),
        ] where old != new {
            throw row.error(column, "the status history is append-only: event \(eventID) cannot change ('\(old)' → '\(new)'); add a row without an Event ID for a new status")
        }
        return false
    }

    // MARK: - money

    mutating func loadFigure(_ row: Row) throws -> Bool {
        guard let applicationID = try id(row, "Application ID") else { throw row.error("Application ID", "is required") }
        guard let reference = try String.fetchOne(
            db, sql: "SELECT p.reference FROM application a JOIN project p ON p.id = a.project_id WHERE a.id = ?", arguments: [applicationID])
        else { throw row.error("Application ID", "no application \(applicationID)") }
        if row["Project reference"] != reference {
            throw row.error("Project reference", "application \(applicationID) belongs to project '\(reference)'")
        }
        let record = RecordName.application(applicationID, project: reference)
        let kindText = try required(row, "Kind")
        guard let kind = MoneyFigure.Kind(rawValue: kindText) else {
            throw row.error("Kind", "unknown kind '\(kindText)': one of " + MoneyFigure.Kind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let code = try required(row, "Currency")
        let money = try amount(row, "Amount", text: try required(row, "Amount"), currency: try currency(row, "Currency", code: code))
        guard let setOn = try date(row, "Set on") else { throw row.error("Set on", "is required") }
        let figure = MoneyFigure(kind: kind, amount: money, valueDate: try date(row, "Value date"), setOn: setOn, note: optional(row, "Note"))
        guard let figureID = try id(row, "Figure ID") else {
            try ApplicationStore.add(figure, to: applicationID, record: record, in: db)
            return true
        }
        guard let stored = try MoneyFigure.fetchOne(
            db, sql: MoneyFigure.select + " WHERE m.id = ? AND m.application_id = ?", arguments: [figureID, applicationID])
        else { throw row.error("Figure ID", "no money figure \(figureID) of application \(applicationID)") }
        let cells: [(String, String, String)] = [
            ("Kind", stored.kind.rawValue, kind.rawValue), ("Amount", stored.amount.amountText, money.amountText),
            ("Currency", stored.amount.currency.code, money.currency.code),
            ("Value date", stored.valueDate?.description ?? "", figure.valueDate?.description ?? ""),
            ("Set on", stored.setOn.description, setOn.description), ("Note", stored.note ?? "", figure.note ?? ""),
        ]
        let changed = cells.filter { $0.1 != $0.2 }
        guard !changed.isEmpty else { return false }
        if stored.kind != kind || stored.setOn != setOn {
            let clash = try Int64.fetchOne(
                db, sql: "SELECT count(*) FROM money_figure WHERE application_id = ? AND kind = ? AND set_on = ? AND id <> ?",
                arguments: [applicationID, kind.rawValue, setOn, figureID]) ?? 0
            if clash > 0 { throw row.error("Set on", "application \(applicationID) already has a \(kind.rawValue) figure set on \(setOn)") }
        }
        try db.execute(
            sql: "UPDATE money_figure SET kind = ?, amount_minor = ?, currency = ?, value_date = ?, set_on = ?, note = ? WHERE id = ?",
            arguments: [kind.rawValue, money.minorUnits, money.currency.code, figure.valueDate, setOn, figure.note, figureID])
        for (column, old, new) in changed { change(row, column, old, new) }
        return false
    }
}
