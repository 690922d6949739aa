import Foundation
import SQLiteCore

/// Loads a 360Giving package (`{"grants": [...]}`) inside the caller's
/// transaction: each grant becomes a project with one application, approved on
/// its award date (see ``ThreeSixtyGivingGrant`` for the mapping), written
/// through the stores so that it obeys the rules of the API.
///
/// A grant already imported (found by its identifier in `grant_record`) is
/// compared with the file and updated only where the file differs; the
/// fields it maps are the file's to decide, anything else the portfolio added
/// (later statuses, other contacts' roles, notes) stays.
struct ThreeSixtyGivingImporter {
    let db: Connection
    let options: ThreeSixtyGivingImportOptions
    let currencies: [String: Currency]

    /// Handles already resolved, and what was created: restored as a whole
    /// when a grant is skipped, since its savepoint is rolled back.
    struct State {
        var organisations: [String: String] = [:]
        var people: [String: String] = [:]
        var donors: [String: String] = [:]
        var programmes: [String: String] = [:]
        var themes: Set<Theme.Key> = []
        var organisationsCreated = 0, peopleCreated = 0, fundingSourcesCreated = 0, themesCreated = 0
    }

    var state = State()

    enum Outcome { case created, updated, unchanged }

    static func load(
        _ data: Data, into db: Connection, options: ThreeSixtyGivingImportOptions, progress: InteropProgress?
    ) throws -> ThreeSixtyGivingImportReport {
        let document: JSONValue
        do {
            // A huge string is refused as soon as the parser has read past the limit.
            document = try JSONParser.parse([UInt8](data), maxStringBytes: ThreeSixtyGivingGrant.maxStringBytes)
        } catch let error as JSONStringTooLong {
            let (record, field) = grantAndField(error.path)
            throw ImportError(
                path: record ?? "", field: field,
                message: "a string longer than the \(ThreeSixtyGivingGrant.maxStringBytes) bytes allowed (at byte \(error.offset))")
        } catch let error as JSONSyntaxError {
            // Name the grant and field the error is in, when it is inside one.
            let (record, field) = grantAndField(error.path)
            throw ImportError(path: record ?? "", field: field, message: "not valid JSON: " + error.description)
        }
        guard case .object(let members) = document else {
            throw ImportError(path: "", message: "not a 360Giving package: expected an object with a \"grants\" array, found \(document.typeName)")
        }
        guard let grantsValue = members.first(where: { $0.key == "grants" })?.value else {
            throw ImportError(path: "", field: "grants", message: "not a 360Giving package: there is no \"grants\" array")
        }
        guard case .array(let grants) = grantsValue else {
            throw ImportError(path: "", field: "grants", message: "expected an array of grants, found \(grantsValue.typeName)")
        }

        let currencies = try Lookup.currencies(in: db)
        var importer = ThreeSixtyGivingImporter(db: db, options: options, currencies: currencies)
        var report = ThreeSixtyGivingImportReport()
        report.grants = grants.count

        // A grant id seen twice: the later grant is the bad one.
        var firstIndex: [String: Int] = [:]
        var duplicates: [Int: ImportError] = [:]
        for (index, grant) in grants.enumerated() {
            guard let id = grant["id"]?.stringValue else { continue }
            if let first = firstIndex[id] {
                duplicates[index] = ImportError(
                    path: "grants[\(index)] (\(id))", field: "id", message: "duplicate grant id: grants[\(first)] has it too")
            } else {
                firstIndex[id] = index
            }
        }

        var totals = CurrencyTotals()
        for (index, value) in grants.enumerated() {
            do {
                if let duplicate = duplicates[index] { throw duplicate }
                let grant = try ThreeSixtyGivingGrant.read(
                    value, index: index, currencies: currencies, allowRounding: options.allowRounding)
                let outcome: Outcome
                if options.skipInvalid {
                    let saved = importer.state
                    do {
                        outcome = try db.savepoint { _ in try importer.write(grant) }
                    } catch {
                        importer.state = saved
                        throw error
                    }
                } else {
                    outcome = try importer.write(grant)
                }
                switch outcome {
                case .created: report.created += 1
                case .updated: report.updated += 1
                case .unchanged: report.unchanged += 1
                }
                report.dateGuesses += grant.guesses
                report.roundings += grant.roundings
                try totals.add(grant.awarded)
            } catch let error as ImportError {
                guard options.skipInvalid else { throw error }
                report.skipped.append(error)
            }
            progress?(index + 1, grants.count)
        }
        report.awardedTotals = totals.sorted
        report.organisationsCreated = importer.state.organisationsCreated
        report.peopleCreated = importer.state.peopleCreated
        report.fundingSourcesCreated = importer.state.fundingSourcesCreated
        report.themesCreated = importer.state.themesCreated
        return report
    }

    // MARK: - One grant

    /// Writes one grant, giving errors from the stores the grant's name.
    mutating func write(_ grant: ThreeSixtyGivingGrant) throws -> Outcome {
        do {
            return try writeChecked(grant)
        } catch let error as PortfolioError {
            throw ImportError(path: grant.record, message: error.description)
        } catch let error as MoneyError {
            throw ImportError(path: grant.record, message: error.description)
        } catch let error as SQLiteError where error.primaryCode == .constraint {
            // The schema's last line of defence: still this grant's fault, not the database's.
            throw ImportError(path: grant.record, message: error.message)
        }
    }

    private mutating func writeChecked(_ grant: ThreeSixtyGivingGrant) throws -> Outcome {
        let funder = try organisation(grant.funder)
        let donor = try donorNode(for: grant.funder, organisation: funder)
        let source = try grant.programme.map { try programmeNode($0, under: donor) } ?? donor
        let recipient = try grant.recipient.map { try organisation($0) }
        let person = try grant.individual.map { try self.person($0) }
        for theme in grant.themes { try ensureTheme(theme) }

        var money = [MoneyFigure(kind: .awarded, amount: grant.awarded, setOn: grant.awardDate)]
        if let requested = grant.requested { money.append(MoneyFigure(kind: .requested, amount: requested, setOn: grant.awardDate)) }
        if let disbursed = grant.disbursed { money.append(MoneyFigure(kind: .disbursed, amount: disbursed, setOn: grant.awardDate)) }
        let participants = recipient.map { [Participation(organisation: $0, role: .leadApplicant)] } ?? []
        let contacts = person.map { [Contact(person: $0, role: .contact)] } ?? []
        let themes = Array(Set(grant.themes.map(\.key)))

        let existing = try db.fetchOne(
            sql: """
                SELECT g.application_id, a.project_id FROM grant_record g JOIN application a ON a.id = g.application_id
                WHERE g.grant_identifier = ?
                """,
            arguments: [grant.identifier]) { row in (application: try row[0] as Int64, project: try row[1] as Int64) }

        guard let existing else {
            if try Int64.fetchOne(db, sql: "SELECT count(*) FROM project WHERE reference = ?", arguments: [grant.identifier]) ?? 0 > 0 {
                throw ImportError(
                    path: grant.record, field: "id",
                    message: "a project with reference '\(grant.identifier)' exists and was not imported from this grant")
            }
            let project = Project(
                reference: grant.identifier, title: grant.title, summary: grant.summary, owner: recipient ?? funder,
                plannedStart: grant.plannedStart, plannedEnd: grant.plannedEnd, actualStart: grant.actualStart,
                actualEnd: grant.actualEnd, themes: themes, contacts: contacts)
            _ = try ProjectStore.create(project, in: db)
            try createApplication(grant, project: grant.identifier, source: source, participants: participants, money: money, person: person)
            return .created
        }

        // Already imported: compare, and change only what differs.
        guard var project = try ProjectStore.fetch(where: "p.id = ?", existing.project, in: db),
              let application = try ApplicationStore.fetch(where: "a.id = ?", existing.application, in: db).first
        else { throw PortfolioError.notFound(record: .application, key: String(existing.application)) }
        let before = project
        project.title = grant.title
        project.summary = grant.summary
        project.owner = recipient ?? funder
        project.plannedStart = grant.plannedStart
        project.plannedEnd = grant.plannedEnd
        project.actualStart = grant.actualStart
        project.actualEnd = grant.actualEnd
        // Themes and the recipient's contact role are the file's; others the portfolio added stay.
        let previousThemes = ThreeSixtyGivingGrant.themeKeys(inExtra: application.extraJSON)
        let keptThemes = before.themes.filter { !previousThemes.contains($0) }
        project.themes = Array(Set(keptThemes + themes))
        let previousPerson = try String.fetchOne(
            db,
            sql: "SELECT p.handle FROM grant_record g JOIN person p ON p.id = g.recipient_person_id WHERE g.application_id = ?",
            arguments: [existing.application])
        let keptContacts = before.contacts.filter { !($0.role == .contact && $0.person == previousPerson) }
        project.contacts = Array(Set(keptContacts + contacts))
        let projectChanged = project.id != before.id || project.title != before.title || project.summary != before.summary
            || project.owner != before.owner || project.plannedStart != before.plannedStart || project.plannedEnd != before.plannedEnd
            || project.actualStart != before.actualStart || project.actualEnd != before.actualEnd
            || Set(before.themes) != Set(project.themes) || Set(before.contacts) != Set(project.contacts)
        if projectChanged { try ProjectStore.update(project, in: db) }

        let approval = StatusEvent(status: .approved, effectiveOn: grant.awardDate)
        if let first = application.statusHistory.first, first.status != approval.status || first.effectiveOn != approval.effectiveOn {
            guard application.statusHistory.count == 1 else {
                throw ImportError(
                    path: grant.record, field: "awardDate",
                    message: "the application's status history has moved on since \(first.status) on \(first.effectiveOn); "
                        + "its approval cannot be re-dated to \(grant.awardDate)")
            }
            // Only the import's own event: the application is the file's to rewrite.
            try db.execute(sql: "DELETE FROM application WHERE id = ?", arguments: [existing.application])
            try createApplication(grant, project: project.reference, source: source, participants: participants, money: money, person: person)
            return .updated
        }

        var changed = projectChanged
        let record = RecordName.application(existing.application, project: project.reference)
        if application.fundingSource != source || application.decidedOn != grant.awardDate
            || application.currency != grant.currency.code || application.extraJSON != grant.extraJSON
        {
            let check = FieldCheck(record: record)
            try check.order(application.submittedOn, grant.awardDate, startField: "submittedOn", endField: "awardDate")
            try check.jsonObject(grant.extraJSON, "extra")
            let sourceID = try Lookup.fundingSource(source, in: db, for: record, field: "fundingSource")
            try db.execute(
                sql: "UPDATE application SET funding_source_id = ?, decided_on = ?, currency = ?, extra_json = ? WHERE id = ?",
                arguments: [sourceID, grant.awardDate, grant.currency.code, grant.extraJSON, existing.application])
            changed = true
        }
        let leads = Set(application.participants.filter { $0.role == .leadApplicant }.map(\.organisation))
        if leads != Set(participants.map(\.organisation)) {
            try db.execute(
                sql: "DELETE FROM participation WHERE application_id = ? AND role = 'lead_applicant'", arguments: [existing.application])
            for participant in participants {
                let id = try Lookup.organisation(participant.organisation, in: db, for: record, field: "recipientOrganization")
                try db.execute(
                    sql: "INSERT INTO participation (application_id, organisation_id, role) VALUES (?, ?, 'lead_applicant')",
                    arguments: [existing.application, id])
            }
            changed = true
        }
        let importedKinds: Set<MoneyFigure.Kind> = [.awarded, .requested, .disbursed]
        let figureKey = { (figure: MoneyFigure) in
            [figure.kind.rawValue, figure.amount.amountText, figure.amount.currency.code, figure.setOn.description,
             figure.valueDate?.description ?? "", figure.note ?? ""]
        }
        if Set(application.money.filter { importedKinds.contains($0.kind) }.map(figureKey)) != Set(money.map(figureKey)) {
            try db.execute(
                sql: "DELETE FROM money_figure WHERE application_id = ? AND kind IN ('awarded', 'requested', 'disbursed')",
                arguments: [existing.application])
            for figure in money { try ApplicationStore.add(figure, to: existing.application, record: record, in: db) }
            changed = true
        }
        let personID = try person.map { try Lookup.person($0, in: db, for: record, field: "recipientIndividual") }
        let storedPerson = try db.fetchOne(
            sql: "SELECT recipient_person_id FROM grant_record WHERE application_id = ?", arguments: [existing.application]
        ) { row in try row[0] as Int64? } ?? nil
        if storedPerson != personID {
            try db.execute(
                sql: "UPDATE grant_record SET recipient_person_id = ? WHERE application_id = ?", arguments: [personID, existing.application])
            changed = true
        }
        if try Self.locations(of: existing.application, in: db) != grant.locations {
            try db.execute(sql: "DELETE FROM beneficiary_location WHERE application_id = ?", arguments: [existing.application])
            try insertLocations(grant.locations, for: existing.application)
            changed = true
        }
        return changed ? .updated : .unchanged
    }

    private func createApplication(
        _ grant: ThreeSixtyGivingGrant, project: String, source: String, participants: [Participation], money: [MoneyFigure],
        person: String?
    ) throws {
        let application = Application(
            project: project, fundingSource: source, decidedOn: grant.awardDate, currency: grant.currency.code,
            participants: participants, statusHistory: [StatusEvent(status: .approved, effectiveOn: grant.awardDate)],
            money: money, extraJSON: grant.extraJSON)
        let id = try ApplicationStore.create(application, in: db).rawValue
        let record = RecordName.application(id, project: project)
        let personID = try person.map { try Lookup.person($0, in: db, for: record, field: "recipientIndividual") }
        try db.execute(
            sql: "INSERT INTO grant_record (application_id, grant_identifier, recipient_person_id) VALUES (?, ?, ?)",
            arguments: [id, grant.identifier, personID])
        try insertLocations(grant.locations, for: id)
    }

    private func insertLocations(_ locations: [ThreeSixtyGivingGrant.Location], for application: Int64) throws {
        for location in locations {
            try db.execute(
                sql: """
                    INSERT INTO beneficiary_location (application_id, position, name, country_code, geo_code, geo_code_type)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [application, location.position, location.name, location.countryCode, location.geoCode,
                            location.geoCodeType])
        }
    }

    /// `grants[12]` and `description`, from a path into a 360Giving package;
    /// nil and nil outside the grants.
    static func grantAndField(_ path: JSONPath) -> (record: String?, field: String?) {
        let steps = path.steps
        guard steps.count >= 2, steps[0] == .key("grants"), case .index(let number) = steps[1] else { return (nil, nil) }
        let field = JSONPath(Array(steps.dropFirst(2))).description
        return ("grants[\(number)]", field.isEmpty ? nil : field)
    }

    static func locations(of application: Int64, in db: Connection) throws -> [ThreeSixtyGivingGrant.Location] {
        try db.fetchAll(
            sql: """
                SELECT position, name, country_code, geo_code, geo_code_type FROM beneficiary_location
                WHERE application_id = ? ORDER BY position
                """,
            arguments: [application]) { row in
                ThreeSixtyGivingGrant.Location(
                    position: try row[0], name: try row[1], countryCode: try row[2], geoCode: try row[3], geoCodeType: try row[4])
            }
    }

    // MARK: - Shared records, found again on the next import

    /// The organisation with this identifier, created when there is none.
    private mutating func organisation(_ organisation: ThreeSixtyGivingGrant.Organisation) throws -> String {
        if let handle = state.organisations[organisation.identifier] { return handle }
        if let handle = try String.fetchOne(
            db, sql: "SELECT handle FROM organisation WHERE identifier = ?", arguments: [organisation.identifier])
        {
            state.organisations[organisation.identifier] = handle
            return handle
        }
        let handle = try Handles.unique(
            Handles.slug(organisation.identifier, fallback: "organisation"), in: .organisation, db: db)
        _ = try OrganisationStore.create(
            Organisation(handle: handle, name: organisation.name, identifier: organisation.identifier), in: db)
        state.organisations[organisation.identifier] = handle
        state.organisationsCreated += 1
        return handle
    }

    /// The person with this identifier, created when there is none.
    private mutating func person(_ person: ThreeSixtyGivingGrant.Person) throws -> String {
        if let handle = state.people[person.identifier] { return handle }
        if let handle = try String.fetchOne(db, sql: "SELECT handle FROM person WHERE identifier = ?", arguments: [person.identifier]) {
            state.people[person.identifier] = handle
            return handle
        }
        let handle = try Handles.unique(Handles.slug(person.identifier, fallback: "person"), in: .person, db: db)
        let id = try PersonStore.create(Person(handle: handle, name: person.name), in: db)
        try db.execute(sql: "UPDATE person SET identifier = ? WHERE id = ?", arguments: [person.identifier, id])
        state.people[person.identifier] = handle
        state.peopleCreated += 1
        return handle
    }

    /// The root funding source the funder operates, created when there is none.
    private mutating func donorNode(for funder: ThreeSixtyGivingGrant.Organisation, organisation: String) throws -> String {
        if let handle = state.donors[funder.identifier] { return handle }
        if let handle = try String.fetchOne(
            db,
            sql: """
                SELECT f.handle FROM funding_source f JOIN organisation o ON o.id = f.operator_organisation_id
                WHERE f.parent_id IS NULL AND o.handle = ? ORDER BY f.id LIMIT 1
                """,
            arguments: [organisation])
        {
            state.donors[funder.identifier] = handle
            return handle
        }
        let handle = try Handles.unique(Handles.slug(funder.identifier, fallback: "funder"), in: .fundingSource, db: db)
        _ = try FundingSourceStore.create(
            FundingSource(handle: handle, kind: .donor, title: funder.name, operatorOrganisation: organisation), in: db)
        state.donors[funder.identifier] = handle
        state.fundingSourcesCreated += 1
        return handle
    }

    /// The programme node under `donor`: found by its code, or by its title when it has none.
    private mutating func programmeNode(_ programme: ThreeSixtyGivingGrant.Programme, under donor: String) throws -> String {
        let key = donor + "\u{0}" + (programme.code.map { "code\u{0}" + $0 } ?? "title\u{0}" + programme.title)
        if let handle = state.programmes[key] { return handle }
        let found: String?
        if let code = programme.code {
            found = try String.fetchOne(
                db,
                sql: "SELECT f.handle FROM funding_source f JOIN funding_source p ON p.id = f.parent_id WHERE p.handle = ? AND f.code = ?",
                arguments: [donor, code])
        } else {
            found = try String.fetchOne(
                db,
                sql: """
                    SELECT f.handle FROM funding_source f JOIN funding_source p ON p.id = f.parent_id
                    WHERE p.handle = ? AND f.code IS NULL AND f.title = ? ORDER BY f.id LIMIT 1
                    """,
                arguments: [donor, programme.title])
        }
        if let found {
            state.programmes[key] = found
            return found
        }
        let base = donor + "/" + Handles.slug(programme.code ?? programme.title, fallback: "programme", maxLength: 60)
        let handle = try Handles.unique(base, in: .fundingSource, db: db)
        _ = try FundingSourceStore.create(
            FundingSource(handle: handle, kind: .programme, code: programme.code, title: programme.title, parent: donor), in: db)
        state.programmes[key] = handle
        state.fundingSourcesCreated += 1
        return handle
    }

    private mutating func ensureTheme(_ theme: Theme) throws {
        guard !state.themes.contains(theme.key) else { return }
        let exists = try Int64.fetchOne(
            db, sql: "SELECT count(*) FROM theme WHERE vocabulary = ? AND code = ?", arguments: [theme.vocabulary, theme.code]) ?? 0
        if exists == 0 {
            _ = try ThemeStore.create(theme, in: db)
            state.themesCreated += 1
        }
        state.themes.insert(theme.key)
    }
}
