import Foundation
import SQLiteCore

/// Loads a document in the portfolio JSON format (see <doc:PortfolioJSONFormat>)
/// inside the caller's transaction, record by record through the stores, so an
/// import obeys exactly the rules of the API.
struct PortfolioDocumentImporter {
    static func load(_ data: Data, into db: Connection) throws -> ImportSummary {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: data)
        } catch let error as JSONSyntaxError {
            // The record the error is in, such as projects[13].applications[0].money[2], and its field.
            var record = error.path.steps
            var field: String?
            if case .key(let key)? = record.last {
                field = key
                record.removeLast()
            }
            throw ImportError(path: JSONPath(record).description, field: field, message: error.description)
        }
        var root = try JSONRecord(document, path: "")
        let format = try root.string("format")
        guard format == "grantportfolio" else { throw root.error("format", "expected \"grantportfolio\", found \"\(format)\"") }
        let version = try root.integer("version")
        guard version == 1 else { throw root.error("version", "this library reads version 1, the file is version \(version)") }

        var summary = ImportSummary()
        for var record in try root.records("currencies") {
            try withPath(record) {
                let currency = try Currency(code: try record.string("code"), minorUnit: Int(try record.integer("minorUnit")))
                try CurrencyStore.add(currency, name: try record.string("name"), withdrawnOn: try record.optionalDate("withdrawnOn"), in: db)
                try record.finish()
            }
            summary.currencies += 1
        }
        for var record in try root.records("exchangeRates") {
            try withPath(record) {
                let rate = ExchangeRate(
                    from: try record.string("from"), to: try record.string("to"), numerator: try record.integer("numerator"),
                    denominator: try record.integer("denominator"), validFrom: try record.date("validFrom"),
                    source: try record.string("source"))
                try record.finish()
                try CurrencyStore.add(rate, in: db)
            }
            summary.exchangeRates += 1
        }
        for var record in try root.records("statuses") {
            try withPath(record) {
                let status = Status(
                    code: StatusCode(try record.string("code")), label: try record.string("label"),
                    phase: try record.code("phase", as: Status.Phase.self), outcome: try record.code("outcome", as: Status.Outcome.self),
                    mayStart: try record.bool("mayStart"), sortOrder: Int(try record.integer("sortOrder")))
                try record.finish()
                try StatusStore.add(status, in: db)
            }
            summary.statuses += 1
        }
        for var record in try root.records("transitions") {
            try withPath(record) {
                let from = StatusCode(try record.string("from")), to = StatusCode(try record.string("to"))
                let note = try record.optionalString("note")
                try record.finish()
                try StatusStore.allowTransition(from: from, to: to, note: note, in: db)
            }
            summary.transitions += 1
        }
        for var record in try root.records("organisations") {
            try withPath(record) {
                let organisation = Organisation(
                    handle: try record.string("handle"), name: try record.string("name"), country: try record.optionalString("country"),
                    type: try record.optionalString("type"), identifier: try record.optionalString("identifier"),
                    note: try record.optionalString("note"))
                try record.finish()
                _ = try OrganisationStore.create(organisation, in: db)
            }
            summary.organisations += 1
        }
        for var record in try root.records("people") {
            try withPath(record) {
                let person = Person(
                    handle: try record.string("handle"), name: try record.string("name"), email: try record.optionalString("email"),
                    phone: try record.optionalString("phone"), identifier: try record.optionalString("identifier"),
                    note: try record.optionalString("note"))
                try record.finish()
                _ = try PersonStore.create(person, in: db)
            }
            summary.people += 1
        }
        for var record in try root.records("themes") {
            try withPath(record) {
                let theme = Theme(vocabulary: try record.string("vocabulary"), code: try record.string("code"), title: try record.string("title"))
                try record.finish()
                _ = try ThemeStore.create(theme, in: db)
            }
            summary.themes += 1
        }
        for var record in try root.records("fundingSources") {
            try withPath(record) {
                let source = FundingSource(
                    handle: try record.string("handle"), kind: try record.code("kind", as: FundingSource.Kind.self),
                    code: try record.optionalString("code"), title: try record.string("title"), parent: try record.optionalString("parent"),
                    operatorOrganisation: try record.optionalString("operator"), opensOn: try record.optionalDate("opensOn"),
                    closesOn: try record.optionalDate("closesOn"), note: try record.optionalString("note"))
                try record.finish()
                _ = try FundingSourceStore.create(source, in: db)
            }
            summary.fundingSources += 1
        }
        for record in try root.records("projects") {
            try loadProject(record, into: db, summary: &summary)
        }
        try root.finish()
        return summary
    }

    private static func loadProject(_ record: JSONRecord, into db: Connection, summary: inout ImportSummary) throws {
        var record = record
        var applications: [JSONRecord] = []
        try withPath(record) {
            var project = Project(
                reference: try record.string("reference"), title: try record.string("title"),
                originalTitle: try record.optionalString("originalTitle"), originalLanguage: try record.optionalString("originalLanguage"),
                summary: try record.optionalString("summary"), owner: try record.string("owner"),
                plannedStart: try record.optionalDate("plannedStart"), plannedEnd: try record.optionalDate("plannedEnd"),
                actualStart: try record.optionalDate("actualStart"), actualEnd: try record.optionalDate("actualEnd"),
                note: try record.optionalString("note"), extraJSON: try record.objectText("extra"))
            for var theme in try record.records("themes") {
                project.themes.append(Theme.Key(vocabulary: try theme.string("vocabulary"), code: try theme.string("code")))
                try theme.finish()
            }
            for var contact in try record.records("contacts") {
                project.contacts.append(Contact(
                    person: try contact.string("person"), role: try contact.code("role", as: Contact.Role.self),
                    validFrom: try contact.optionalDate("validFrom"), validTo: try contact.optionalDate("validTo")))
                try contact.finish()
            }
            applications = try record.records("applications")
            try record.finish()
            _ = try ProjectStore.create(project, in: db)
        }
        summary.projects += 1
        let reference = try Self.reference(of: record)
        for var application in applications {
            try withPath(application) {
                var model = Application(
                    project: reference, fundingSource: try application.string("fundingSource"),
                    submittedOn: try application.optionalDate("submittedOn"), decidedOn: try application.optionalDate("decidedOn"),
                    funderReference: try application.optionalString("funderReference"), currency: try application.string("currency"),
                    extraJSON: try application.objectText("extra"))
                for var participant in try application.records("participants") {
                    model.participants.append(Participation(
                        organisation: try participant.string("organisation"), role: try participant.code("role", as: Participation.Role.self),
                        note: try participant.optionalString("note")))
                    try participant.finish()
                }
                for var event in try application.records("statusHistory") {
                    model.statusHistory.append(StatusEvent(
                        status: StatusCode(try event.string("status")), effectiveOn: try event.date("effectiveOn"),
                        recordedAt: try event.optionalString("recordedAt"), note: try event.optionalString("note")))
                    try event.finish()
                }
                for var figure in try application.records("money") {
                    model.money.append(try moneyFigure(&figure, in: db))
                    try figure.finish()
                }
                var identity = GrantIdentity(
                    grantIdentifier: try application.optionalString("grantIdentifier"),
                    recipientPerson: try application.optionalString("recipientPerson"))
                for var location in try application.records("beneficiaryLocations") {
                    identity.beneficiaryLocations.append(BeneficiaryLocation(
                        name: try location.optionalString("name"), countryCode: try location.optionalString("countryCode"),
                        geoCode: try location.optionalString("geoCode"), geoCodeType: try location.optionalString("geoCodeType")))
                    try location.finish()
                }
                try application.finish()
                let id = try ApplicationStore.create(model, in: db)
                try GrantIdentityStore.insert(identity, for: id.rawValue, record: RecordName(kind: .application, path: application.path), in: db)
                summary.applications += 1
                summary.statusEvents += model.statusHistory.count
                summary.moneyFigures += model.money.count
            }
        }
    }

    private static func reference(of record: JSONRecord) throws -> String {
        var copy = record
        return try copy.string("reference")
    }

    /// A money figure; its amount must have exactly the currency's decimals.
    private static func moneyFigure(_ record: inout JSONRecord, in db: Connection) throws -> MoneyFigure {
        let kind = try record.code("kind", as: MoneyFigure.Kind.self)
        let code = try record.string("currency")
        let currency = try Lookup.currency(code, in: db, for: RecordName(kind: .moneyFigure, path: record.path), field: "currency")
        let text = try record.string("amount")
        guard isCanonicalAmount(text, decimals: currency.minorUnit) else {
            let form = currency.minorUnit == 0 ? "digits with no decimals" : "digits, '.', and exactly \(currency.minorUnit) decimals"
            throw record.error("amount", "'\(text)' is not a \(code) amount: expected \(form), no sign")
        }
        let amount: Money
        do { amount = try Money(parsing: text, currency: currency) } catch { throw record.error("amount", "'\(text)' is too large") }
        return MoneyFigure(
            kind: kind, amount: amount, valueDate: try record.optionalDate("valueDate"), setOn: try record.date("setOn"),
            note: try record.optionalString("note"))
    }

    /// `0|[1-9][0-9]*` followed, when `decimals` > 0, by `.` and exactly that many digits.
    static func isCanonicalAmount(_ text: String, decimals: Int) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integer = parts[0]
        guard !integer.isEmpty, integer.utf8.allSatisfy({ (48...57).contains($0) }),
              integer == "0" || integer.first != "0" else { return false }
        if decimals == 0 { return parts.count == 1 }
        return parts.count == 2 && parts[1].utf8.count == decimals && parts[1].utf8.allSatisfy { (48...57).contains($0) }
    }

    /// Runs `body`, giving errors from the stores the record's path.
    private static func withPath(_ record: JSONRecord, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as PortfolioError {
            throw ImportError(path: record.path, message: error.description)
        } catch let error as MoneyError {
            throw ImportError(path: record.path, message: error.description)
        }
    }
}
