// GRDB.swift 7.10 for comparison: records with hand-written encoding and
// decoding, and Codable records, inserting the same rows into the same schema.
import Foundation
import GRDB

/// GRDB's queue, named for files that do not import GRDB.
typealias GRDBQueue = DatabaseQueue

enum GRDBBench {
    enum Style: String { case handWritten = "grdb", codable = "grdb_codable" }

    static func open(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -\(benchPageCacheKiB)")
        }
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Inserts into an open queue in one write transaction; returns its seconds.
    static func insert(_ projects: ArraySlice<SyntheticProject>, into queue: DatabaseQueue, reference: ReferenceData, style: Style) throws
        -> Double
    {
        let ids = try queue.read { db in
            (organisations: try idMap(db, "SELECT id, handle FROM organisation"),
             themes: try idMap(db, "SELECT id, vocabulary || ':' || code FROM theme"),
             sources: try idMap(db, "SELECT id, handle FROM funding_source"))
        }
        let organisationIDs = reference.organisations.map { ids.organisations[$0.handle]! }
        let themeIDs = reference.themes.map { ids.themes[$0.vocabulary + ":" + $0.code]! }
        let sourceIDs = reference.fundingSources.map { ids.sources[$0.handle]! }
        switch style {
        case .handWritten:
            let records = projects.map { HandRecords($0, organisationIDs, themeIDs, sourceIDs) }
            return try Clock.time {
                try queue.write { db in
                    for var r in records { try r.insert(db) }
                }
            }
        case .codable:
            let records = projects.map { CodableRecords($0, organisationIDs, themeIDs, sourceIDs) }
            return try Clock.time {
                try queue.write { db in
                    for var r in records { try r.insert(db) }
                }
            }
        }
    }

    static func idMap(_ db: Database, _ sql: String) throws -> [String: Int64] {
        var map: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: sql) { map[row[1]] = row[0] }
        return map
    }

    /// Fetches the listing; returns the seconds of the fetch alone, then the checksum and count.
    static func fetch(_ queue: DatabaseQueue, sql: String, arguments: [String: BenchValue], style: Style) throws
        -> (seconds: Double, checksum: UInt64, count: Int)
    {
        var values: [String: (any DatabaseValueConvertible)?] = [:]
        for (name, value) in arguments {
            switch value {
            case .text(let text): values[name] = text
            case .integer(let int): values[name] = int
            }
        }
        let statementArguments = StatementArguments(values)
        var hasher = FNV()
        switch style {
        case .handWritten:
            var rows: [SummaryHand] = []
            let seconds = try Clock.time { rows = try queue.read { try SummaryHand.fetchAll($0, sql: sql, arguments: statementArguments) } }
            for row in rows { row.hash(into: &hasher) }
            return (seconds, hasher.value, rows.count)
        case .codable:
            var rows: [SummaryCodable] = []
            let seconds = try Clock.time { rows = try queue.read { try SummaryCodable.fetchAll($0, sql: sql, arguments: statementArguments) } }
            for row in rows { row.hash(into: &hasher) }
            return (seconds, hasher.value, rows.count)
        }
    }
}

// MARK: - Hand-written records

struct HProject: MutablePersistableRecord {
    static let databaseTableName = "project"
    var id: Int64?
    var reference: String, title: String, originalTitle: String?, originalLanguage: String?
    var ownerOrganisationID: Int64, plannedStart: String, plannedEnd: String, searchText: String

    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["reference"] = reference
        container["title"] = title
        container["original_title"] = originalTitle
        container["original_language"] = originalLanguage
        container["summary"] = nil as String?
        container["owner_organisation_id"] = ownerOrganisationID
        container["planned_start"] = plannedStart
        container["planned_end"] = plannedEnd
        container["actual_start"] = nil as String?
        container["actual_end"] = nil as String?
        container["note"] = nil as String?
        container["search_text"] = searchText
        container["extra_json"] = nil as String?
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct HProjectTheme: PersistableRecord {
    static let databaseTableName = "project_theme"
    var projectID: Int64, themeID: Int64
    func encode(to container: inout PersistenceContainer) {
        container["project_id"] = projectID
        container["theme_id"] = themeID
    }
}

struct HApplication: MutablePersistableRecord {
    static let databaseTableName = "application"
    var id: Int64?
    var projectID: Int64, fundingSourceID: Int64, submittedOn: String?, decidedOn: String?, funderReference: String
    var currency: String

    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["project_id"] = projectID
        container["funding_source_id"] = fundingSourceID
        container["submitted_on"] = submittedOn
        container["decided_on"] = decidedOn
        container["funder_reference"] = funderReference
        container["currency"] = currency
        container["extra_json"] = nil as String?
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct HParticipation: PersistableRecord {
    static let databaseTableName = "participation"
    var applicationID: Int64, organisationID: Int64
    func encode(to container: inout PersistenceContainer) {
        container["application_id"] = applicationID
        container["organisation_id"] = organisationID
        container["role"] = "partner"
        container["note"] = nil as String?
    }
}

struct HStatusEvent: PersistableRecord {
    static let databaseTableName = "status_event"
    var applicationID: Int64, status: String, effectiveOn: String, recordedAt: String
    func encode(to container: inout PersistenceContainer) {
        container["application_id"] = applicationID
        container["status"] = status
        container["effective_on"] = effectiveOn
        container["recorded_at"] = recordedAt
        container["note"] = nil as String?
    }
}

struct HMoneyFigure: PersistableRecord {
    static let databaseTableName = "money_figure"
    var applicationID: Int64, kind: String, amountMinor: Int64, currency: String, setOn: String
    func encode(to container: inout PersistenceContainer) {
        container["application_id"] = applicationID
        container["kind"] = kind
        container["amount_minor"] = amountMinor
        container["currency"] = currency
        container["value_date"] = nil as String?
        container["set_on"] = setOn
        container["note"] = nil as String?
    }
}

/// One synthetic project as hand-written GRDB records, inserted in the DAO's order.
struct HandRecords {
    var project: HProject
    var themes: [Int64]
    var applications: [(HApplication, [Int64], [(String, String, String)], [(String, Int64, String)])]

    init(_ p: SyntheticProject, _ organisations: [Int64], _ themeIDs: [Int64], _ sources: [Int64]) {
        project = HProject(
            reference: p.reference, title: p.title, originalTitle: p.originalTitle, originalLanguage: p.originalLanguage,
            ownerOrganisationID: organisations[p.owner], plannedStart: p.plannedStart.text, plannedEnd: p.plannedEnd.text,
            searchText: "")  // folded in insert(_:), inside the timed region
        themes = p.themes.map { themeIDs[$0] }
        applications = p.applications.map { a in
            (HApplication(
                projectID: 0, fundingSourceID: sources[a.fundingSource], submittedOn: a.submittedOn?.text,
                decidedOn: a.decidedOn?.text, funderReference: a.funderReference, currency: a.currency),
             a.partners.map { organisations[$0] },
             a.events.map { ($0.status, $0.effectiveOn.text, $0.recordedAt) },
             a.money.map { ($0.kind, $0.amountMinor, $0.setOn.text) })
        }
    }

    mutating func insert(_ db: Database) throws {
        project.searchText = RawFold.project(reference: project.reference, title: project.title, originalTitle: project.originalTitle)
        try project.insert(db)
        let projectID = project.id!
        for theme in themes { try HProjectTheme(projectID: projectID, themeID: theme).insert(db) }
        for (application, partners, events, money) in applications {
            var application = application
            application.projectID = projectID
            try application.insert(db)
            let applicationID = application.id!
            for partner in partners { try HParticipation(applicationID: applicationID, organisationID: partner).insert(db) }
            for (status, effectiveOn, recordedAt) in events {
                try HStatusEvent(applicationID: applicationID, status: status, effectiveOn: effectiveOn, recordedAt: recordedAt)
                    .insert(db)
            }
            for (kind, amount, setOn) in money {
                try HMoneyFigure(applicationID: applicationID, kind: kind, amountMinor: amount, currency: application.currency, setOn: setOn)
                    .insert(db)
            }
        }
    }
}

// MARK: - Codable records

struct CProject: Codable, MutablePersistableRecord {
    static let databaseTableName = "project"
    var id: Int64?
    var reference: String, title: String, originalTitle: String?, originalLanguage: String?, summary: String?
    var ownerOrganisationID: Int64, plannedStart: String, plannedEnd: String, actualStart: String?, actualEnd: String?
    var note: String?, searchText: String, extraJSON: String?
    enum CodingKeys: String, CodingKey {
        case id, reference, title, originalTitle = "original_title", originalLanguage = "original_language", summary
        case ownerOrganisationID = "owner_organisation_id", plannedStart = "planned_start", plannedEnd = "planned_end"
        case actualStart = "actual_start", actualEnd = "actual_end", note, searchText = "search_text", extraJSON = "extra_json"
    }
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct CProjectTheme: Codable, PersistableRecord {
    static let databaseTableName = "project_theme"
    var projectID: Int64, themeID: Int64
    enum CodingKeys: String, CodingKey { case projectID = "project_id", themeID = "theme_id" }
}

struct CApplication: Codable, MutablePersistableRecord {
    static let databaseTableName = "application"
    var id: Int64?
    var projectID: Int64, fundingSourceID: Int64, submittedOn: String?, decidedOn: String?, funderReference: String
    var currency: String, extraJSON: String?
    enum CodingKeys: String, CodingKey {
        case id, projectID = "project_id", fundingSourceID = "funding_source_id", submittedOn = "submitted_on"
        case decidedOn = "decided_on", funderReference = "funder_reference", currency, extraJSON = "extra_json"
    }
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct CParticipation: Codable, PersistableRecord {
    static let databaseTableName = "participation"
    var applicationID: Int64, organisationID: Int64, role: String, note: String?
    enum CodingKeys: String, CodingKey {
        case applicationID = "application_id", organisationID = "organisation_id", role, note
    }
}

struct CStatusEvent: Codable, PersistableRecord {
    static let databaseTableName = "status_event"
    var applicationID: Int64, status: String, effectiveOn: String, recordedAt: String, note: String?
    enum CodingKeys: String, CodingKey {
        case applicationID = "application_id", status, effectiveOn = "effective_on", recordedAt = "recorded_at", note
    }
}

struct CMoneyFigure: Codable, PersistableRecord {
    static let databaseTableName = "money_figure"
    var applicationID: Int64, kind: String, amountMinor: Int64, currency: String, valueDate: String?, setOn: String
    var note: String?
    enum CodingKeys: String, CodingKey {
        case applicationID = "application_id", kind, amountMinor = "amount_minor", currency, valueDate = "value_date"
        case setOn = "set_on", note
    }
}

/// One synthetic project as Codable GRDB records.
struct CodableRecords {
    var project: CProject
    var themes: [Int64]
    var applications: [(CApplication, [Int64], [(String, String, String)], [(String, Int64, String)])]

    init(_ p: SyntheticProject, _ organisations: [Int64], _ themeIDs: [Int64], _ sources: [Int64]) {
        project = CProject(
            id: nil, reference: p.reference, title: p.title, originalTitle: p.originalTitle, originalLanguage: p.originalLanguage,
            summary: nil, ownerOrganisationID: organisations[p.owner], plannedStart: p.plannedStart.text,
            plannedEnd: p.plannedEnd.text, actualStart: nil, actualEnd: nil, note: nil, searchText: "", extraJSON: nil)
        themes = p.themes.map { themeIDs[$0] }
        applications = p.applications.map { a in
            (CApplication(
                id: nil, projectID: 0, fundingSourceID: sources[a.fundingSource], submittedOn: a.submittedOn?.text,
                decidedOn: a.decidedOn?.text, funderReference: a.funderReference, currency: a.currency, extraJSON: nil),
             a.partners.map { organisations[$0] },
             a.events.map { ($0.status, $0.effectiveOn.text, $0.recordedAt) },
             a.money.map { ($0.kind, $0.amountMinor, $0.setOn.text) })
        }
    }

    mutating func insert(_ db: Database) throws {
        project.searchText = RawFold.project(reference: project.reference, title: project.title, originalTitle: project.originalTitle)
        try project.insert(db)
        let projectID = project.id!
        for theme in themes { try CProjectTheme(projectID: projectID, themeID: theme).insert(db) }
        for (application, partners, events, money) in applications {
            var application = application
            application.projectID = projectID
            try application.insert(db)
            let applicationID = application.id!
            for partner in partners {
                try CParticipation(applicationID: applicationID, organisationID: partner, role: "partner", note: nil).insert(db)
            }
            for (status, effectiveOn, recordedAt) in events {
                try CStatusEvent(applicationID: applicationID, status: status, effectiveOn: effectiveOn, recordedAt: recordedAt, note: nil)
                    .insert(db)
            }
            for (kind, amount, setOn) in money {
                try CMoneyFigure(
                    applicationID: applicationID, kind: kind, amountMinor: amount, currency: application.currency, valueDate: nil,
                    setOn: setOn, note: nil)
                    .insert(db)
            }
        }
    }
}

// MARK: - Fetched rows

struct SummaryHand: FetchableRecord {
    var id: Int64, reference: String, title: String, owner: String, outcome: String, latestStatus: String?
    var applicationCount: Int, firstSubmittedOn: String?
    init(row: Row) {
        id = row[0]
        reference = row[1]
        title = row[2]
        owner = row[3]
        outcome = row[4]
        latestStatus = row[5]
        applicationCount = row[6]
        firstSubmittedOn = row[7]
    }
    func hash(into hasher: inout FNV) {
        hasher.add(id); hasher.add(reference); hasher.add(title); hasher.add(owner); hasher.add(outcome)
        hasher.add(latestStatus); hasher.add(Int64(applicationCount)); hasher.add(firstSubmittedOn)
    }
}

struct SummaryCodable: Decodable, FetchableRecord {
    var id: Int64, reference: String, title: String, owner: String, outcome: String, latestStatus: String?
    var applicationCount: Int, firstSubmittedOn: String?
    enum CodingKeys: String, CodingKey {
        case id, reference, title, owner = "handle", outcome, latestStatus = "latest_status"
        case applicationCount = "application_count", firstSubmittedOn = "first_submitted_on"
    }
    func hash(into hasher: inout FNV) {
        hasher.add(id); hasher.add(reference); hasher.add(title); hasher.add(owner); hasher.add(outcome)
        hasher.add(latestStatus); hasher.add(Int64(applicationCount)); hasher.add(firstSubmittedOn)
    }
}
