import Foundation
import SQLiteCore

/// Writes the approved applications of a portfolio as a 360Giving package,
/// one grant at a time (a large portfolio is never held in memory).
///
/// Each grant is built from the database; for grants that came from a
/// 360Giving import, the fields kept verbatim in `extra_json` are given back
/// as they were read (after the import's normalisation) whenever they still
/// agree with the database, so an import followed by an export returns every
/// standard field. Where the portfolio changed a mapped value since (a new
/// title, another lead applicant, a later award date), the database wins.
struct ThreeSixtyGivingExporter {
    let db: Connection
    let options: ThreeSixtyGivingExportOptions
    let sources: [Int64: Node]
    var report = ThreeSixtyGivingExportReport()
    var totals = CurrencyTotals()

    struct Node {
        var id: Int64
        var handle: String
        var parent: Int64?
        var code: String?
        var title: String
        var operatorID: Int64?
    }

    /// The fields a grant is written with, in this order, before the other kept fields.
    static let builtFields: [String] = [
        "id", "title", "description", "currency", "amountAppliedFor", "amountAwarded", "amountDisbursed", "awardDate",
        "plannedDates", "actualDates", "recipientOrganization", "recipientIndividual", "beneficiaryLocation",
        "fundingOrganization", "grantProgramme", "classifications",
    ]

    static let approvedCondition = """
        EXISTS (SELECT 1 FROM status_event e JOIN status s ON s.code = e.status
                WHERE e.application_id = a.id AND s.outcome = 'approved')
        """

    static func write(
        from db: Connection, options: ThreeSixtyGivingExportOptions, to output: inout some TextOutputStream,
        progress: InteropProgress?
    ) throws -> ThreeSixtyGivingExportReport {
        let prefix = options.prefix
        guard !prefix.isEmpty, prefix.utf8.count <= 100,
              prefix.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) })
        else {
            throw ExportError("the 360Giving prefix '\(prefix)' must be letters, digits, '-', '_' or '.' (such as 'lpr'; without '360G-')")
        }
        var sources: [Int64: Node] = [:]
        for node in try db.fetchAll(
            sql: "SELECT id, handle, parent_id, code, title, operator_organisation_id FROM funding_source",
            decode: { row in
                Node(id: try row[0], handle: try row[1], parent: try row[2], code: try row[3], title: try row[4], operatorID: try row[5])
            })
        {
            sources[node.id] = node
        }
        var exporter = ThreeSixtyGivingExporter(db: db, options: options, sources: sources)

        var funderID: Int64?
        if let funder = options.funder {
            guard let id = try Int64.fetchOne(
                db, sql: "SELECT id FROM organisation WHERE handle = ? OR identifier = ? ORDER BY handle = ? DESC LIMIT 1",
                arguments: [funder, funder, funder])
            else { throw ExportError("no organisation with handle or identifier '\(funder)' (--funder)") }
            funderID = id
        }
        // The ids only: the grants themselves are built one at a time.
        var ids: [Int64] = []
        let cursor = try db.cursor(
            sql: """
                SELECT a.id, a.funding_source_id FROM application a JOIN project p ON p.id = a.project_id
                WHERE \(approvedCondition) ORDER BY p.reference, a.id
                """,
            decode: { row in (try row[0] as Int64, try row[1] as Int64) })
        while let (id, source) = try cursor.next() {
            if let funderID, exporter.root(of: source)?.operatorID != funderID { continue }
            ids.append(id)
        }
        guard !ids.isEmpty else {
            throw ExportError(
                options.funder.map { "no approved application is funded by '\($0)': nothing to export" }
                    ?? "no application is approved: nothing to export (360Giving publishes awards)")
        }

        output.write("{\n  \"grants\": [")
        var isFirst = true
        for (offset, id) in ids.enumerated() {
            if let grant = try exporter.grant(id) {
                var text = isFirst ? "\n    " : ",\n    "
                JSONRendering.append(grant, to: &text, style: .pretty, depth: 2)
                output.write(text)
                isFirst = false
                exporter.report.grants += 1
            }
            progress?(offset + 1, ids.count)
        }
        guard !isFirst else {
            throw ExportError("none of the approved applications has an amount awarded: nothing to export")
        }
        output.write("\n  ]\n}\n")
        exporter.report.awardedTotals = exporter.totals.sorted
        return exporter.report
    }

    func root(of source: Int64) -> Node? {
        var node = sources[source]
        var steps = 0
        while let current = node, let parent = current.parent, steps < 10_000 {
            node = sources[parent]
            steps += 1
        }
        return node
    }

    // MARK: - One grant

    /// The grant of application `id`, or nil (reported) when it cannot be one.
    mutating func grant(_ id: Int64) throws -> JSONValue? {
        guard let application = try ApplicationStore.fetch(where: "a.id = ?", id, in: db).first,
              let project = try ProjectStore.fetch(where: "p.reference = ?", application.project, in: db)
        else { return nil }
        let name = RecordName.application(id, project: application.project)
        var extra: [(key: String, value: JSONValue)] = []
        if let text = application.extraJSON, case .object(let members)? = try? JSONValue(parsing: text) { extra = members }
        func kept(_ key: String) -> JSONValue? { extra.first { $0.key == key }?.value }

        // The money: the latest figure of each kind, in the awarded figure's currency.
        let today = CalendarDate.today
        func figure(_ kind: MoneyFigure.Kind) -> MoneyFigure? {
            let figures = application.money.filter { $0.kind == kind }.sorted { $0.setOn < $1.setOn }
            return figures.last { $0.setOn <= today } ?? figures.first
        }
        guard let awarded = figure(.awarded) else {
            report.skipped.append("\(name): approved but has no amount awarded")
            return nil
        }
        let currency = awarded.amount.currency
        var amounts: [(String, MoneyFigure)] = []
        for (key, kind) in [("amountAppliedFor", MoneyFigure.Kind.requested), ("amountAwarded", .awarded), ("amountDisbursed", .disbursed)] {
            guard let value = figure(kind) else { continue }
            if value.amount.currency != currency {
                report.skipped.append("\(name): \(key) left out: it is in \(value.amount.currency.code), the award in \(currency.code)")
                continue
            }
            amounts.append((key, value))
        }
        try totals.add(awarded.amount)

        let approvedOn = try CalendarDate.fetchOne(
            db,
            sql: """
                SELECT e.effective_on FROM status_event e JOIN status s ON s.code = e.status
                WHERE e.application_id = ? AND s.outcome = 'approved' ORDER BY e.effective_on, e.id LIMIT 1
                """,
            arguments: [id]) ?? application.decidedOn ?? awarded.setOn
        let identifier = try grantIdentifier(application: id, project: project)

        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(identifier)), ("title", .string(project.title)),
            ("description", .string(project.summary ?? project.title)), ("currency", .string(currency.code)),
        ]
        for (key, figure) in amounts { members.append((key, .number(figure.amount.amountText))) }
        members.append(("awardDate", Self.dateValue(kept("awardDate"), equals: approvedOn, boundary: .start, dateTimeAllowed: true)))
        if let planned = Self.events(kept("plannedDates"), start: project.plannedStart, end: project.plannedEnd) {
            members.append(("plannedDates", planned))
        }
        if let actual = Self.events(kept("actualDates"), start: project.actualStart, end: project.actualEnd) {
            members.append(("actualDates", actual))
        }
        members += try recipient(application: application, project: project, kept: kept)
        if let locations = try locations(application: id, kept: kept("beneficiaryLocation")) {
            members.append(("beneficiaryLocation", locations))
        }
        members += try funderAndProgramme(application: application, kept: kept)
        if let classifications = try classifications(project: project, extraJSON: application.extraJSON, kept: kept("classifications")) {
            members.append(("classifications", classifications))
        }
        let built = Set(Self.builtFields)
        members += extra.filter { !built.contains($0.key) }
        return .object(members)
    }

    /// The imported identifier, or `360G-<prefix>-<reference>` (with the
    /// application's id when the project has more than one approved application).
    private func grantIdentifier(application id: Int64, project: Project) throws -> String {
        if let imported = try String.fetchOne(db, sql: "SELECT grant_identifier FROM grant_record WHERE application_id = ?", arguments: [id]) {
            return imported
        }
        let approved = try Int64.fetchOne(
            db, sql: "SELECT count(*) FROM application a WHERE a.project_id = ? AND \(Self.approvedCondition)", arguments: [project.id!]) ?? 0
        let base = "360G-\(options.prefix)-\(project.reference)"
        return approved > 1 ? base + "-\(id)" : base
    }

    /// The kept date text when it still denotes `date` and is valid
    /// 360Giving, else the ISO date.
    static func dateValue(_ kept: JSONValue?, equals date: CalendarDate, boundary: LenientDate.Boundary, dateTimeAllowed: Bool) -> JSONValue {
        if let text = kept?.stringValue, LenientDate.read(text, boundary: boundary)?.date == date,
           LenientDate.isISODate(text) || (dateTimeAllowed && LenientDate.isRFC3339DateTime(text))
            || ThreeSixtyGivingGrant.isPartialISODate(text)
        {
            return .string(text)
        }
        return .string(date.description)
    }

    /// `plannedDates` / `actualDates`: the kept events, with the first
    /// one's dates set from the project's.
    static func events(_ kept: JSONValue?, start: CalendarDate?, end: CalendarDate?) -> JSONValue? {
        var events: [JSONValue] = []
        if case .array(let values)? = kept { events = values }
        if events.isEmpty {
            guard start != nil || end != nil else { return nil }
            events = [.object([])]
        }
        guard case .object(var first) = events[0] else { return .array(events) }
        for (key, date, boundary) in [("startDate", start, LenientDate.Boundary.start), ("endDate", end, .end)] {
            let index = first.firstIndex { $0.key == key }
            if let date {
                let value = dateValue(index.map { first[$0].value }, equals: date, boundary: boundary, dateTimeAllowed: true)
                if let index { first[index].value = value } else { first.append((key, value)) }
            }
            // No date in the database: what the grant had (if anything) stays as written.
        }
        if first.isEmpty {
            events.removeFirst()
        } else {
            events[0] = .object(first)
        }
        return events.isEmpty ? nil : .array(events)
    }

    /// `recipientOrganization` (the lead applicant, else the owner) or
    /// `recipientIndividual` (a grant to a person).
    private func recipient(application: Application, project: Project, kept: (String) -> JSONValue?) throws
        -> [(key: String, value: JSONValue)]
    {
        if let lead = application.participants.first(where: { $0.role == .leadApplicant }) {
            return [("recipientOrganization", try organisationArray(lead.organisation, kept: kept("recipientOrganization")))]
        }
        if let person = try db.fetchOne(
            sql: """
                SELECT p.handle, p.name, p.identifier FROM grant_record g JOIN person p ON p.id = g.recipient_person_id
                WHERE g.application_id = ?
                """,
            arguments: [application.id!],
            decode: { row in (handle: try row[0] as String, name: try row[1] as String, identifier: try row[2] as String?) })
        {
            let id = person.identifier ?? "360G-\(options.prefix)-\(person.handle)"
            if case .object(var members)? = kept("recipientIndividual"), members.first(where: { $0.key == "id" })?.value.stringValue == id {
                if let index = members.firstIndex(where: { $0.key == "name" }) { members[index].value = .string(person.name) }
                return [("recipientIndividual", .object(members))]
            }
            return [("recipientIndividual", .object([("id", .string(id)), ("name", .string(person.name))]))]
        }
        return [("recipientOrganization", try organisationArray(project.owner, kept: kept("recipientOrganization")))]
    }

    /// An array of one organisation, or the kept array when its first entry is that organisation.
    private func organisationArray(_ handle: String, kept: JSONValue?) throws -> JSONValue {
        guard let organisation = try Organisation.fetchOne(db, sql: OrganisationStore.select + " WHERE handle = ?", arguments: [handle]) else {
            throw PortfolioError.notFound(record: .organisation, key: handle)
        }
        let id = organisation.identifier ?? "360G-\(options.prefix)-\(organisation.handle)"
        return Self.keptArray(kept, firstID: id) ?? .array([.object([("id", .string(id)), ("name", .string(organisation.name))])])
    }

    static func isUsable(_ value: JSONValue?) -> Bool { ThreeSixtyGivingGrant.usable(value) != nil }

    static func keptArray(_ kept: JSONValue?, firstID: String) -> JSONValue? {
        guard case .array(let values)? = kept, let first = values.first, first["id"]?.stringValue == firstID else { return nil }
        return kept
    }

    /// `fundingOrganization` (who operates the root of the funding-source
    /// path) and `grantProgramme` (the application's own node, unless it is the root).
    private func funderAndProgramme(application: Application, kept: (String) -> JSONValue?) throws -> [(key: String, value: JSONValue)] {
        guard let nodeID = try Int64.fetchOne(db, sql: "SELECT id FROM funding_source WHERE handle = ?", arguments: [application.fundingSource]),
              let node = sources[nodeID], let root = root(of: nodeID)
        else { throw PortfolioError.notFound(record: .fundingSource, key: application.fundingSource) }
        var members: [(key: String, value: JSONValue)] = []
        if let operatorID = root.operatorID,
           let handle = try String.fetchOne(db, sql: "SELECT handle FROM organisation WHERE id = ?", arguments: [operatorID])
        {
            members.append(("fundingOrganization", try organisationArray(handle, kept: kept("fundingOrganization"))))
        } else {
            let id = "360G-\(options.prefix)-\(root.handle)"
            members.append((
                "fundingOrganization",
                Self.keptArray(kept("fundingOrganization"), firstID: id)
                    ?? .array([.object([("id", .string(id)), ("name", .string(root.title))])])))
        }
        let keptProgramme = kept("grantProgramme")
        var keptFirst: JSONValue?
        if case .array(let values)? = keptProgramme { keptFirst = values.first }
        if node.id != root.id {
            let matches: Bool
            if let code = node.code {
                matches = keptFirst?["code"]?.stringValue == code
            } else {
                matches = keptFirst?["code"]?.stringValue == nil && keptFirst?["title"]?.stringValue == node.title
            }
            if matches, let keptProgramme {
                members.append(("grantProgramme", keptProgramme))
            } else {
                var programme: [(key: String, value: JSONValue)] = []
                if let code = node.code { programme.append(("code", .string(code))) }
                programme.append(("title", .string(node.title)))
                members.append(("grantProgramme", .array([.object(programme)])))
            }
        } else if let keptFirst, !Self.isUsable(keptFirst["code"]), !Self.isUsable(keptFirst["title"]), let keptProgramme {
            // A programme with neither code nor title never became a node: give it back as it was.
            members.append(("grantProgramme", keptProgramme))
        }
        return members
    }

    /// `classifications` from the project's themes; the kept ones when they name the same themes.
    private func classifications(project: Project, extraJSON: String?, kept: JSONValue?) throws -> JSONValue? {
        let keys = Set(project.themes)
        if kept != nil, ThreeSixtyGivingGrant.themeKeys(inExtra: extraJSON) == keys { return kept }
        guard !keys.isEmpty else { return nil }
        var values: [JSONValue] = []
        for key in project.themes {
            let title = try String.fetchOne(
                db, sql: "SELECT title FROM theme WHERE vocabulary = ? AND code = ?", arguments: [key.vocabulary, key.code]) ?? key.code
            values.append(.object([("vocabulary", .string(key.vocabulary)), ("code", .string(key.code)), ("title", .string(title))]))
        }
        return .array(values)
    }

    /// `beneficiaryLocation` from the stored locations; the kept ones when they agree.
    private func locations(application: Int64, kept: JSONValue?) throws -> JSONValue? {
        let stored = try ThreeSixtyGivingImporter.locations(of: application, in: db)
        if case .array(let values)? = kept {
            var derived: [ThreeSixtyGivingGrant.Location] = []
            for (offset, value) in values.enumerated() {
                let location = ThreeSixtyGivingGrant.Location(
                    position: offset, name: ThreeSixtyGivingGrant.usable(value["name"]),
                    countryCode: ThreeSixtyGivingGrant.usable(value["countryCode"]),
                    geoCode: ThreeSixtyGivingGrant.usable(value["geoCode"]),
                    geoCodeType: ThreeSixtyGivingGrant.usable(value["geoCodeType"]))
                if location.name != nil || location.countryCode != nil || location.geoCode != nil || location.geoCodeType != nil {
                    derived.append(location)
                }
            }
            if derived == stored { return kept }
        }
        guard !stored.isEmpty else { return nil }
        return .array(stored.map { location in
            var members: [(key: String, value: JSONValue)] = []
            if let name = location.name { members.append(("name", .string(name))) }
            if let country = location.countryCode { members.append(("countryCode", .string(country))) }
            if let code = location.geoCode { members.append(("geoCode", .string(code))) }
            if let type = location.geoCodeType { members.append(("geoCodeType", .string(type))) }
            return .object(members)
        })
    }
}
