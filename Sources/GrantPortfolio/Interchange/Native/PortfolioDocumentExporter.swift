import SQLiteCore

/// Writes a whole portfolio in the portfolio JSON format (see
/// <doc:PortfolioJSONFormat>): keys in the documented order, records in the
/// documented order, canonical layout. Projects are written one at a time, so
/// a large portfolio is never held in memory as a whole.
struct PortfolioDocumentExporter {
    static func write(from db: Connection, to output: inout some TextOutputStream) throws {
        output.write("{\n")
        func member(_ key: String, _ value: JSONValue, last: Bool = false) {
            var text = "  " + JSONStringLiteral.quoted(key) + ": "
            JSONRendering.append(value, to: &text, style: .pretty, depth: 1)
            output.write(text + (last ? "\n" : ",\n"))
        }
        member("format", "grantportfolio")
        member("version", 1)
        member("currencies", .array(try currencies(db)))
        member("exchangeRates", .array(try exchangeRates(db)))
        member("statuses", .array(try statuses(db)))
        member("transitions", .array(try transitions(db)))
        member("organisations", .array(try OrganisationStore.all(in: db).map(json)))
        member("people", .array(try PersonStore.all(in: db).map(json)))
        member("themes", .array(try ThemeStore.all(in: db).map(json)))
        member("fundingSources", .array(try FundingSourceStore.all(in: db).map(json)))

        output.write("  \"projects\": [")
        var isFirst = true
        try ProjectStore.forEach(in: db) { project in
            let applications = try ApplicationStore.applications(ofProjectID: project.id!, in: db).map { application in
                (application, try GrantIdentityStore.identity(of: application.id!.rawValue, in: db))
            }
            var text = isFirst ? "\n    " : ",\n    "
            JSONRendering.append(json(project, applications: applications), to: &text, style: .pretty, depth: 2)
            output.write(text)
            isFirst = false
        }
        output.write(isFirst ? "]\n}\n" : "\n  ]\n}\n")
    }

    // MARK: Reference data the user added (builtin = 0)

    private static func currencies(_ db: Connection) throws -> [JSONValue] {
        try db.fetchAll(sql: "SELECT code, name, minor_unit, withdrawn_on FROM currency WHERE builtin = 0 ORDER BY code") { row in
            object([("code", .string(try row[0])), ("name", .string(try row[1])), ("minorUnit", .integer(try row[2])),
                    ("withdrawnOn", (try row[3] as String?).map(JSONValue.string))])
        }
    }

    private static func exchangeRates(_ db: Connection) throws -> [JSONValue] {
        try ExchangeRate.fetchAll(
            db, sql: "SELECT \(ExchangeRate.columns) FROM exchange_rate WHERE builtin = 0 ORDER BY from_currency, to_currency, valid_from"
        ).map { rate in
            object([("from", .string(rate.from)), ("to", .string(rate.to)), ("numerator", .integer(rate.numerator)),
                    ("denominator", .integer(rate.denominator)), ("validFrom", .string(rate.validFrom.description)),
                    ("source", .string(rate.source))])
        }
    }

    private static func statuses(_ db: Connection) throws -> [JSONValue] {
        try Status.fetchAll(db, sql: "SELECT \(Status.columns) FROM status WHERE builtin = 0 ORDER BY sort_order, code").map { status in
            object([("code", .string(status.code.rawValue)), ("label", .string(status.label)),
                    ("phase", .string(status.phase.rawValue)), ("outcome", .string(status.outcome.rawValue)),
                    ("mayStart", .bool(status.mayStart)), ("sortOrder", .integer(Int64(status.sortOrder)))])
        }
    }

    private static func transitions(_ db: Connection) throws -> [JSONValue] {
        try db.fetchAll(sql: "SELECT from_status, to_status, note FROM status_transition WHERE builtin = 0 ORDER BY from_status, to_status") { row in
            object([("from", .string(try row[0])), ("to", .string(try row[1])), ("note", (try row[2] as String?).map(JSONValue.string))])
        }
    }

    // MARK: Records

    private static func json(_ organisation: Organisation) -> JSONValue {
        object([("handle", .string(organisation.handle)), ("name", .string(organisation.name)),
                ("country", string(organisation.country)), ("type", string(organisation.type)),
                ("identifier", string(organisation.identifier)), ("note", string(organisation.note))])
    }

    private static func json(_ person: Person) -> JSONValue {
        object([("handle", .string(person.handle)), ("name", .string(person.name)), ("email", string(person.email)),
                ("phone", string(person.phone)), ("identifier", string(person.identifier)), ("note", string(person.note))])
    }

    private static func json(_ theme: Theme) -> JSONValue {
        object([("vocabulary", .string(theme.vocabulary)), ("code", .string(theme.code)), ("title", .string(theme.title))])
    }

    private static func json(_ source: FundingSource) -> JSONValue {
        object([("handle", .string(source.handle)), ("kind", .string(source.kind.rawValue)), ("code", string(source.code)),
                ("title", .string(source.title)), ("parent", string(source.parent)), ("operator", string(source.operatorOrganisation)),
                ("opensOn", date(source.opensOn)), ("closesOn", date(source.closesOn)), ("note", string(source.note))])
    }

    private static func json(_ project: Project, applications: [(Application, GrantIdentity)]) -> JSONValue {
        let contacts = project.contacts.sorted { order(Contact.Role.allCases, $0.role, $0.person) < order(Contact.Role.allCases, $1.role, $1.person) }
        let applications = applications.enumerated().sorted { lhs, rhs in
            let left = lhs.element.0.statusHistory.first?.effectiveOn.description ?? "9999"
            let right = rhs.element.0.statusHistory.first?.effectiveOn.description ?? "9999"
            return (left, lhs.offset) < (right, rhs.offset)
        }.map(\.element)
        return object([
            ("reference", .string(project.reference)), ("title", .string(project.title)),
            ("originalTitle", string(project.originalTitle)), ("originalLanguage", string(project.originalLanguage)),
            ("summary", string(project.summary)), ("owner", .string(project.owner)),
            ("plannedStart", date(project.plannedStart)), ("plannedEnd", date(project.plannedEnd)),
            ("actualStart", date(project.actualStart)), ("actualEnd", date(project.actualEnd)), ("note", string(project.note)),
            ("themes", .array(project.themes.map { object([("vocabulary", .string($0.vocabulary)), ("code", .string($0.code))]) })),
            ("contacts", .array(contacts.map { contact in
                object([("person", .string(contact.person)), ("role", .string(contact.role.rawValue)),
                        ("validFrom", date(contact.validFrom)), ("validTo", date(contact.validTo))])
            })),
            ("applications", .array(applications.map { json($0.0, $0.1) })),
            ("extra", extra(project.extraJSON)),
        ])
    }

    private static func json(_ application: Application, _ identity: GrantIdentity) -> JSONValue {
        let participants = application.participants.sorted {
            order(Participation.Role.allCases, $0.role, $0.organisation) < order(Participation.Role.allCases, $1.role, $1.organisation)
        }
        let money = application.money.sorted {
            order(MoneyFigure.Kind.allCases, $0.kind, $0.setOn.description) < order(MoneyFigure.Kind.allCases, $1.kind, $1.setOn.description)
        }
        return object([
            ("fundingSource", .string(application.fundingSource)), ("submittedOn", date(application.submittedOn)),
            ("decidedOn", date(application.decidedOn)), ("funderReference", string(application.funderReference)),
            ("grantIdentifier", string(identity.grantIdentifier)), ("recipientPerson", string(identity.recipientPerson)),
            ("currency", .string(application.currency)),
            ("participants", .array(participants.map { participant in
                object([("organisation", .string(participant.organisation)), ("role", .string(participant.role.rawValue)),
                        ("note", string(participant.note))])
            })),
            ("statusHistory", .array(application.statusHistory.map { event in
                object([("status", .string(event.status.rawValue)), ("effectiveOn", .string(event.effectiveOn.description)),
                        ("recordedAt", string(event.recordedAt)), ("note", string(event.note))])
            })),
            ("money", .array(money.map { figure in
                object([("kind", .string(figure.kind.rawValue)), ("amount", .string(figure.amount.amountText)),
                        ("currency", .string(figure.amount.currency.code)), ("valueDate", date(figure.valueDate)),
                        ("setOn", .string(figure.setOn.description)), ("note", string(figure.note))])
            })),
            ("beneficiaryLocations", .array(identity.beneficiaryLocations.map { location in
                object([("name", string(location.name)), ("countryCode", string(location.countryCode)),
                        ("geoCode", string(location.geoCode)), ("geoCodeType", string(location.geoCodeType))])
            })),
            ("extra", extra(application.extraJSON)),
        ])
    }

    // MARK: Helpers

    /// An object of the members whose value is present, in the order given.
    private static func object(_ members: [(String, JSONValue?)]) -> JSONValue {
        .object(members.compactMap { key, value in value.map { (key: key, value: $0) } })
    }

    private static func string(_ text: String?) -> JSONValue? { text.map(JSONValue.string) }
    private static func date(_ date: CalendarDate?) -> JSONValue? { date.map { .string($0.description) } }

    /// The stored `extra` object, parsed back so that it is laid out like the rest.
    private static func extra(_ text: String?) -> JSONValue? {
        text.flatMap { try? JSONValue(parsing: $0) }
    }

    /// A sort key: the position of `value` in `cases`, then `tieBreak`.
    private static func order<T: Equatable>(_ cases: [T], _ value: T, _ tieBreak: String) -> SortKey {
        SortKey(position: cases.firstIndex(of: value) ?? cases.count, tieBreak: tieBreak)
    }

    private struct SortKey: Comparable {
        var position: Int, tieBreak: String
        static func < (a: SortKey, b: SortKey) -> Bool { (a.position, a.tieBreak) < (b.position, b.tieBreak) }
    }
}
