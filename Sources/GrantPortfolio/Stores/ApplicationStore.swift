import SQLiteCore

/// Creates and finds applications, records their status changes and money
/// figures, and answers what their status or budget was on a date.
///
/// ```swift
/// let id = try portfolio.applications.create(Application(
///     project: "LPR-2013-07", fundingSource: "norway-grants/stef-call-2", currency: "EUR",
///     statusHistory: [StatusEvent(status: .draft, effectiveOn: try CalendarDate("2013-01-10"))]))
/// try portfolio.applications.recordStatus(.submitted, on: try CalendarDate("2013-02-01"), for: id)
/// try portfolio.applications.status(of: id, asOf: try CalendarDate("2013-01-31"))   // .draft
/// ```
///
/// Status history is append-only: a status change is checked against the
/// allowed transitions and must not be dated before the latest one.
public struct ApplicationStore: Sendable {
    let database: any DatabaseWriter

    /// Stores a new application with its participants, status history and
    /// money figures, and returns its id.
    ///
    /// - Throws: ``PortfolioError`` when the application is refused: `invalidValue` for an unknown project or
    ///   funding source or an invalid field, `unknownCurrency`, `duplicate` for a participant listed twice,
    ///   `unknownStatus`, `illegalTransition` or `eventOutOfOrder` for its status history; `SQLiteError` when
    ///   SQLite fails writing (`busy`, `readOnly`, `full`, or a constraint of the schema); `DatabaseAccessError`
    ///   when called inside another access to this portfolio's database on the same thread. Nothing is written when
    ///   it throws.
    @discardableResult
    public func create(_ application: Application) throws -> Application.ID {
        try database.write { try Self.create(application, in: $0) }
    }

    /// Records that the application entered `status` on `date`.
    ///
    /// Throws ``PortfolioError/illegalTransition(application:from:to:)`` when the
    /// transition is not allowed, ``PortfolioError/eventOutOfOrder(application:effectiveOn:latest:)``
    /// when `date` is before the latest event, ``PortfolioError/unknownStatus(record:status:)``
    /// for a code not in the vocabulary.
    ///
    /// - Throws: ``PortfolioError``: `notFound` (kind ``RecordKind/application``) for an unknown `id`,
    ///   `unknownStatus`, `illegalTransition` or `eventOutOfOrder` as above; `SQLiteError` when SQLite fails
    ///   writing (`busy`, `readOnly`, `full`, or a constraint of the schema); `DatabaseAccessError` when called
    ///   inside another access to this portfolio's database on the same thread. Nothing is written when it throws.
    @discardableResult
    public func recordStatus(_ status: StatusCode, on date: CalendarDate, note: String? = nil, for id: Application.ID) throws
        -> StatusEvent.ID
    {
        try database.write { try Self.recordStatus(status, on: date, note: note, for: id, in: $0) }
    }

    /// Adds a money figure; a later ``MoneyFigure/setOn`` of the same kind
    /// revises the earlier one from that date on.
    ///
    /// - Throws: ``PortfolioError``: `notFound` (kind ``RecordKind/application``) for an unknown `id`;
    ///   `unknownCurrency`; `invalidValue` for a negative amount, or one whose currency's decimals differ from the
    ///   stored currency's; `duplicate` when a figure of that kind is already set on that day; `SQLiteError` when
    ///   SQLite fails writing (`busy`, `readOnly`, `full`, or a constraint of the schema); `DatabaseAccessError`
    ///   when called inside another access to this portfolio's database on the same thread. Nothing is written when
    ///   it throws.
    @discardableResult
    public func addMoneyFigure(_ figure: MoneyFigure, to id: Application.ID) throws -> MoneyFigure.ID {
        try database.write { try Self.addMoneyFigure(figure, to: id, in: $0) }
    }

    /// Deletes an application with its history, figures and participants.
    ///
    /// - Throws: ``PortfolioError`` (`notFound`, kind ``RecordKind/application``) for an unknown `id`;
    ///   `SQLiteError` when SQLite fails writing (`busy`, `readOnly`, `full`, or a constraint of the schema);
    ///   `DatabaseAccessError` when called inside another access to this portfolio's database on the same thread.
    ///   Nothing is written when it throws.
    public func delete(_ id: Application.ID) throws {
        try database.write { try Self.delete(id, in: $0) }
    }

    /// The application with its parts, or nil.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func fetch(_ id: Application.ID) throws -> Application? {
        try database.read { try Self.fetch(where: "a.id = ?", id, in: $0).first }
    }

    /// A project's applications, oldest submission first.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func applications(ofProject reference: String) throws -> [Application] {
        try database.read { try Self.applications(ofProject: reference, in: $0) }
    }

    /// The application's status on `date`: its latest event dated then or
    /// earlier. Nil when it had none yet.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func status(of id: Application.ID, asOf date: CalendarDate) throws -> StatusCode? {
        try database.read { try Self.status(of: id, asOf: date, in: $0) }
    }

    /// The figure of `kind` in force on `date`: the one set latest, on or before it.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func moneyFigure(_ kind: MoneyFigure.Kind, of id: Application.ID, asOf date: CalendarDate) throws -> MoneyFigure? {
        try database.read { try Self.moneyFigure(kind, of: id, asOf: date, in: $0) }
    }

    // MARK: - In a transaction

    static let select = """
        SELECT a.id, p.reference, f.handle, a.submitted_on, a.decided_on, a.funder_reference, a.currency, a.extra_json
        FROM application a JOIN project p ON p.id = a.project_id JOIN funding_source f ON f.id = a.funding_source_id
        """

    static func fetch(where condition: String, _ key: some SQLiteBindable, in db: Connection) throws -> [Application] {
        var applications = try Application.fetchAll(
            db, sql: select + " WHERE " + condition + " ORDER BY a.submitted_on NULLS LAST, a.id", arguments: [key])
        for index in applications.indices { try loadParts(of: &applications[index], in: db) }
        return applications
    }

    /// The applications of the project with row id `projectID`, with their parts.
    static func applications(ofProjectID projectID: Project.ID, in db: Connection) throws -> [Application] {
        try fetch(where: "a.project_id = ?", projectID, in: db)
    }

    static func loadParts(of application: inout Application, in db: Connection) throws {
        let id = application.id!
        application.participants = try db.fetchAll(
            sql: """
                SELECT o.handle, pa.role, pa.note FROM participation pa JOIN organisation o ON o.id = pa.organisation_id
                WHERE pa.application_id = ? ORDER BY pa.role, o.handle
                """,
            arguments: [id]) { row in
                let role: String = try row[1]
                return Participation(organisation: try row[0], role: Participation.Role(rawValue: role) ?? .partner, note: try row[2])
            }
        application.statusHistory = try StatusEvent.fetchAll(
            db,
            sql: "SELECT id, status, effective_on, recorded_at, note FROM status_event WHERE application_id = ? ORDER BY effective_on, id",
            arguments: [id])
        application.money = try MoneyFigure.fetchAll(
            db, sql: MoneyFigure.select + " WHERE m.application_id = ? ORDER BY m.kind, m.set_on", arguments: [id])
    }

    static func recordName(_ id: Application.ID, in db: Connection) throws -> RecordName {
        guard let reference = try String.fetchOne(
            db, sql: "SELECT p.reference FROM application a JOIN project p ON p.id = a.project_id WHERE a.id = ?", arguments: [id])
        else { throw PortfolioError.notFound(record: .application, key: id.description) }
        return RecordName.application(id.rawValue, project: reference)
    }

    static func create(_ application: Application, in db: Connection) throws -> Application.ID {
        // The insert finds the project and the funding source itself (a
        // subquery that finds none violates NOT NULL) and the currency's
        // foreign key refuses an unknown code, so a bulk load runs one
        // statement per row. Only when it fails, or when a field check fails
        // (those come after the lookups in `check`), are the checks run one
        // by one, in their order, for the typed error.
        // (Whether the field checks pass does not depend on the record's name.)
        if (try? fieldCheck(application, record: RecordName(kind: .application))) == nil { _ = try check(application, in: db) }
        do {
            try db.execute(
                sql: """
                    INSERT INTO application (project_id, funding_source_id, submitted_on, decided_on, funder_reference, currency, extra_json)
                    VALUES ((SELECT id FROM project WHERE reference = ?), (SELECT id FROM funding_source WHERE handle = ?),
                            ?, ?, ?, ?, ?)
                    """,
                binding: application.project, application.fundingSource, application.submittedOn, application.decidedOn,
                application.funderReference, application.currency, application.extraJSON)
        } catch let error as SQLiteError where error.primaryCode == .constraint {
            _ = try check(application, in: db)
            throw error
        }
        let applicationID = db.lastInsertedRowID
        let record = RecordName.application(applicationID, project: application.project)
        // A few participants are compared with the earlier ones; many, through a set.
        var seen = Set<[String]>()
        let few = application.participants.count <= 16
        for (index, participant) in application.participants.enumerated() {
            let isRepeated = few
                ? application.participants[..<index].contains {
                    $0.organisation == participant.organisation && $0.role == participant.role
                }
                : !seen.insert([participant.organisation, participant.role.rawValue]).inserted
            guard !isRepeated else {
                throw PortfolioError.duplicate(
                    record: record, field: "participants", value: "\(participant.organisation) as \(participant.role.rawValue)")
            }
            do {
                try db.execute(
                    sql: """
                        INSERT INTO participation (application_id, organisation_id, role, note)
                        VALUES (?, (SELECT id FROM organisation WHERE handle = ?), ?, ?)
                        """,
                    binding: applicationID, participant.organisation, participant.role.rawValue, participant.note)
            } catch let error as SQLiteError where error.primaryCode == .constraint {
                _ = try Lookup.organisation(participant.organisation, in: db, for: record, field: "participants.organisation")
                throw error
            }
        }
        for event in application.statusHistory { try append(event, to: applicationID, record: record, in: db) }
        for figure in application.money { try add(figure, to: applicationID, record: record, in: db) }
        return Application.ID(applicationID)
    }

    /// The checks of a new application, in order: its project, funding
    /// source and currency exist, then its fields. Returns the project's and
    /// the funding source's ids.
    private static func check(_ application: Application, in db: Connection) throws -> (project: Int64, source: Int64) {
        let projectID = try Lookup.project(application.project, in: db)
        let record = RecordName.application(nil, project: application.project)
        let sourceID = try Lookup.fundingSource(application.fundingSource, in: db, for: record, field: "fundingSource")
        _ = try Lookup.currency(application.currency, in: db, for: record, field: "currency")
        try fieldCheck(application, record: record)
        return (projectID, sourceID)
    }

    private static func fieldCheck(_ application: Application, record: RecordName) throws {
        let check = FieldCheck(record: record)
        try check.optionalNonEmpty(application.funderReference, "funderReference")
        try check.order(application.submittedOn, application.decidedOn, startField: "submittedOn", endField: "decidedOn")
        try check.jsonObject(application.extraJSON, "extra")
    }

    /// Appends a status event. The schema's triggers refuse what the checks
    /// below refuse (unknown status, a date before the latest event, a
    /// transition not allowed) and a CHECK the malformed `recordedAt`, so the
    /// event is inserted at once; only when the insert fails are the checks
    /// run, to throw the typed error that names the application and both
    /// statuses instead of the trigger's message.
    @discardableResult
    static func append(_ event: StatusEvent, to applicationID: Int64, record: RecordName, in db: Connection) throws -> StatusEvent.ID {
        do {
            try db.execute(
                sql: """
                    INSERT INTO status_event (application_id, status, effective_on, recorded_at, note)
                    VALUES (?, ?, ?, coalesce(?, strftime('%Y-%m-%d %H:%M:%f', 'now')), ?)
                    """,
                binding: applicationID, event.status.rawValue, event.effectiveOn, event.recordedAt, event.note)
        } catch let error as SQLiteError where error.primaryCode == .constraint {
            try check(event, to: applicationID, record: record, in: db)
            throw error
        }
        return StatusEvent.ID(db.lastInsertedRowID)
    }

    /// Throws the typed error for an event the history refuses; returns when it would be accepted.
    private static func check(_ event: StatusEvent, to applicationID: Int64, record: RecordName, in db: Connection) throws {
        let status = try Lookup.status(event.status, in: db, for: record)
        let current = try db.fetchOne(
            sql: "SELECT current_status, current_status_on FROM application WHERE id = ?", arguments: [applicationID]
        ) { row in (status: (try row[0] as String?).map(StatusCode.init(rawValue:)), on: try row[1] as CalendarDate?) }
        if let latest = current?.on, event.effectiveOn < latest {
            throw PortfolioError.eventOutOfOrder(application: record, effectiveOn: event.effectiveOn.description, latest: latest.description)
        }
        let from = current?.status
        guard from != event.status, try StatusStore.isAllowed(from: from, to: status, in: db) else {
            throw PortfolioError.illegalTransition(application: record, from: from?.rawValue, to: event.status.rawValue)
        }
        if let recordedAt = event.recordedAt {
            let valid = try Bool.fetchOne(
                db, sql: "SELECT ? IS strftime('%Y-%m-%d %H:%M:%f', ?, '+0 days')", arguments: [recordedAt, recordedAt]) ?? false
            if !valid {
                throw PortfolioError.invalidValue(
                    record: record, field: "statusHistory.recordedAt", value: recordedAt, reason: "expected YYYY-MM-DD HH:MM:SS.SSS (UTC)")
            }
        }
    }

    /// Adds a money figure. The insert checks that the currency exists with
    /// the amount's number of decimals (a subquery that finds none violates
    /// NOT NULL), its CHECK refuses a negative amount and its UNIQUE
    /// constraint a second figure of a kind on one date; only when it fails
    /// are the checks run one by one, for the typed error.
    @discardableResult
    static func add(_ figure: MoneyFigure, to applicationID: Int64, record: RecordName, in db: Connection) throws -> MoneyFigure.ID {
        do {
            try db.execute(
                sql: """
                    INSERT INTO money_figure (application_id, kind, amount_minor, currency, value_date, set_on, note)
                    VALUES (?, ?, ?, (SELECT code FROM currency WHERE code = ? AND minor_unit = ?), ?, ?, ?)
                    """,
                binding: applicationID, figure.kind.rawValue, figure.amount.minorUnits, figure.amount.currency.code,
                figure.amount.currency.minorUnit, figure.valueDate, figure.setOn, figure.note)
        } catch let error as SQLiteError where error.primaryCode == .constraint {
            _ = try check(figure, to: applicationID, record: record, in: db)
            throw error
        }
        return MoneyFigure.ID(db.lastInsertedRowID)
    }

    /// Throws the typed error for a figure that cannot be added; returns its currency when it can.
    private static func check(_ figure: MoneyFigure, to applicationID: Int64, record: RecordName, in db: Connection) throws -> Currency {
        let field = "money.\(figure.kind.rawValue)"
        let currency = try Lookup.currency(figure.amount.currency.code, in: db, for: record, field: field + ".currency")
        if currency.minorUnit != figure.amount.currency.minorUnit {
            throw PortfolioError.invalidValue(
                record: record, field: field + ".currency", value: currency.code,
                reason: "\(currency.code) has \(currency.minorUnit) decimals, the amount was given with \(figure.amount.currency.minorUnit)")
        }
        if figure.amount.minorUnits < 0 {
            throw PortfolioError.invalidValue(record: record, field: field + ".amount", value: figure.amount.amountText, reason: "must not be negative")
        }
        let clash = try Int64.fetchOne(
            db, sql: "SELECT count(*) FROM money_figure WHERE application_id = ? AND kind = ? AND set_on = ?",
            arguments: [applicationID, figure.kind.rawValue, figure.setOn]) ?? 0
        if clash > 0 {
            throw PortfolioError.duplicate(record: record, field: field + ".setOn", value: figure.setOn.description)
        }
        return currency
    }
}

extension Application: RowDecodable {
    /// Reads the value from a row of the store's SQL.
    ///
    /// - Throws: `RowDecodingError` when a column is missing, NULL where a value is required, or of another storage
    ///   class; ``PortfolioError`` when a stored value breaks a rule of its type (an invalid date).
    public init(row: Row) throws {
        self.init(
            id: try row[0], project: try row[1], fundingSource: try row[2], submittedOn: try row[3], decidedOn: try row[4],
            funderReference: try row[5], currency: try row[6], extraJSON: try row[7])
    }
}

extension StatusEvent: RowDecodable {
    /// Reads the value from a row of the store's SQL.
    ///
    /// - Throws: `RowDecodingError` when a column is missing, NULL where a value is required, or of another storage
    ///   class; ``PortfolioError`` when a stored value breaks a rule of its type (an invalid date).
    public init(row: Row) throws {
        self.init(
            id: try row[0], status: StatusCode(try row[1] as String), effectiveOn: try row[2], recordedAt: try row[3],
            note: try row[4])
    }
}

extension MoneyFigure: RowDecodable {
    static let select = """
        SELECT m.id, m.kind, m.amount_minor, m.currency, c.minor_unit, m.value_date, m.set_on, m.note
        FROM money_figure m JOIN currency c ON c.code = m.currency
        """

    /// Reads the value from a row of the store's SQL.
    ///
    /// - Throws: `RowDecodingError` when a column is missing, NULL where a value is required, or of another storage
    ///   class; ``PortfolioError`` when a stored value breaks a rule of its type (an invalid date).
    public init(row: Row) throws {
        let kindText: String = try row[1]
        guard let kind = Kind(rawValue: kindText) else {
            throw PortfolioError.invalidValue(record: RecordName(kind: .moneyFigure), field: "kind", value: kindText, reason: "unknown kind")
        }
        let currency = try Currency(code: try row[3], minorUnit: try row[4])
        self.init(
            id: try row[0], kind: kind, amount: Money(minorUnits: try row[2], currency: currency), valueDate: try row[5],
            setOn: try row[6], note: try row[7])
    }
}

extension ApplicationStore {
    /// The work of `recordStatus(_:on:note:for:)`, on `db`.
    static func recordStatus(_ status: StatusCode, on date: CalendarDate, note: String?, for id: Application.ID, in db: Connection) throws -> StatusEvent.ID {
        let record = try Self.recordName(id, in: db)
        return try Self.append(StatusEvent(status: status, effectiveOn: date, note: note), to: id.rawValue, record: record, in: db)
    }

    /// The work of `addMoneyFigure(_:to:)`, on `db`.
    static func addMoneyFigure(_ figure: MoneyFigure, to id: Application.ID, in db: Connection) throws -> MoneyFigure.ID {
        let record = try Self.recordName(id, in: db)
        return try Self.add(figure, to: id.rawValue, record: record, in: db)
    }

    /// The work of `delete(_:)`, on `db`.
    static func delete(_ id: Application.ID, in db: Connection) throws {
        _ = try Self.recordName(id, in: db)
        try db.execute(sql: "DELETE FROM application WHERE id = ?", arguments: [id])
    }

    /// The work of `applications(ofProject:)`, on `db`.
    static func applications(ofProject reference: String, in db: Connection) throws -> [Application] {
        _ = try Lookup.project(reference, in: db)
        return try Self.fetch(where: "p.reference = ?", reference, in: db)
    }

    /// The work of `status(of:asOf:)`, on `db`.
    static func status(of id: Application.ID, asOf date: CalendarDate, in db: Connection) throws -> StatusCode? {
        _ = try Self.recordName(id, in: db)
        return try String.fetchOne(
            db,
            sql: """
                SELECT status FROM status_event WHERE application_id = ? AND effective_on <= ?
                ORDER BY effective_on DESC, id DESC LIMIT 1
                """,
            arguments: [id, date]).map(StatusCode.init(rawValue:))
    }

    /// The work of `moneyFigure(_:of:asOf:)`, on `db`.
    static func moneyFigure(_ kind: MoneyFigure.Kind, of id: Application.ID, asOf date: CalendarDate, in db: Connection) throws -> MoneyFigure? {
        _ = try Self.recordName(id, in: db)
        return try MoneyFigure.fetchOne(
            db,
            sql: MoneyFigure.select + " WHERE m.application_id = ? AND m.kind = ? AND m.set_on <= ? ORDER BY m.set_on DESC LIMIT 1",
            arguments: [id, kind.rawValue, date])
    }
}
