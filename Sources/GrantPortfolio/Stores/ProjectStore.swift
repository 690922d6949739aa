import SQLiteCore

/// Creates, changes, deletes, finds and searches projects, with their themes
/// and contacts.
///
/// ```swift
/// let id = try portfolio.projects.create(Project(reference: "LPR-2013-07", title: "Trip to Trøndelag", owner: "lpr"))
/// var project = try portfolio.projects.fetch(reference: "LPR-2013-07")!
/// project.summary = "Exchange of good practice between regions."
/// try portfolio.projects.update(project)
/// ```
public struct ProjectStore: Sendable {
    let database: any DatabaseWriter

    /// Stores a new project with its themes and contacts, and returns its id.
    ///
    /// - Throws: ``PortfolioError``: `invalidValue` for an invalid field, an unknown owner, theme or contact, or an
    ///   end before its start; `duplicate` for a reference already used or a contact listed twice; `SQLiteError`
    ///   when SQLite fails writing (`busy`, `readOnly`, `full`, or a constraint of the schema);
    ///   `DatabaseAccessError` when called inside another access to this portfolio's database on the same thread.
    ///   Nothing is written when it throws.
    @discardableResult
    public func create(_ project: Project) throws -> Project.ID {
        try database.write { try Self.create(project, in: $0) }
    }

    /// Saves a project found by id (or else by reference), replacing its themes and contacts.
    ///
    /// - Throws: ``PortfolioError``: `notFound` (kind ``RecordKind/project``) when no project has the id or
    ///   reference, and the errors of `create(_:)`; `SQLiteError` when SQLite fails writing (`busy`, `readOnly`,
    ///   `full`, or a constraint of the schema); `DatabaseAccessError` when called inside another access to this
    ///   portfolio's database on the same thread. Nothing is written when it throws.
    public func update(_ project: Project) throws {
        try database.write { try Self.update(project, in: $0) }
    }

    /// Deletes a project with its applications, their status histories, money
    /// figures and participants, and its contacts and themes.
    ///
    /// - Throws: ``PortfolioError`` (`notFound`, kind ``RecordKind/project``) for an unknown reference;
    ///   `SQLiteError` when SQLite fails writing (`busy`, `readOnly`, `full`, or a constraint of the schema);
    ///   `DatabaseAccessError` when called inside another access to this portfolio's database on the same thread.
    ///   Nothing is written when it throws.
    public func delete(reference: String) throws {
        try database.write { try Self.delete(reference: reference, in: $0) }
    }

    /// The project with this reference, or nil.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func fetch(reference: String) throws -> Project? {
        try database.read { try Self.fetch(where: "p.reference = ?", reference, in: $0) }
    }

    /// The project with this id, or nil.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func fetch(_ id: Project.ID) throws -> Project? {
        try database.read { try Self.fetch(where: "p.id = ?", id, in: $0) }
    }

    /// The number of projects.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func count() throws -> Int {
        try database.read { try Self.count(in: $0) }
    }

    /// The projects that match `query`, one page.
    ///
    /// - Throws: `SQLiteError` when SQLite fails reading (the file is busy, unreadable or not a database);
    ///   `RowDecodingError` when a stored row does not decode; `DatabaseAccessError` when called inside another
    ///   access to this portfolio's database on the same thread.
    public func search(_ query: ProjectQuery) throws -> [ProjectSummary] {
        try database.read { try Self.search(query, in: $0) }
    }

    /// Calls `body` with each project that matches `query`, reading them one at
    /// a time, so that a large result never sits in memory at once.
    ///
    /// `body` runs inside the search's read transaction: it must not call the
    /// portfolio again (that throws `DatabaseAccessError.reentrantAccess`).
    /// Keep what it needs (the ids, say) and look them up once the search
    /// returns.
    ///
    /// - Throws: What `body` throws, which ends the search; `SQLiteError` when SQLite fails reading (the file is
    ///   busy, unreadable or not a database); `RowDecodingError` when a stored row does not decode;
    ///   `DatabaseAccessError` when called inside another access to this portfolio's database on the same thread.
    public func search(_ query: ProjectQuery, each body: (ProjectSummary) throws -> Void) throws {
        try database.read { try Self.search(query, each: body, in: $0) }
    }

    // MARK: - In a transaction

    /// The projects that match `query`. When another program left projects
    /// with stale facts, their outcomes are worked out in memory
    /// (``StaleProjects``) and the page is cut here.
    static func search(_ query: ProjectQuery, in db: Connection) throws -> [ProjectSummary] {
        guard try StatisticsRefresh.hasStaleProjects(db) else {
            let search = ProjectSearchSQL(query)
            return try ProjectSummary.fetchAll(db, sql: search.sql, arguments: search.arguments)
        }
        let stale = try StaleProjects(db: db, conversion: try CurrencyConversion(db: db))
        let search = ProjectSearchSQL(query, paging: false)
        let day = query.asOf?.description ?? StatisticsPeriod.openEnd
        var results = try ProjectSummary.fetchAll(db, sql: search.sql, arguments: search.arguments).compactMap { summary in
            var summary = summary
            guard stale.contains(summary.id.rawValue) else { return summary }
            let current = stale.periods[summary.id.rawValue]?.current ?? []
            let state = query.asOf == nil ? current.last?.state : stale.currentState(of: summary.id.rawValue, on: day)
            summary.outcome = state?.outcome ?? ProjectOutcome.none
            return query.outcomes.isEmpty || query.outcomes.contains(summary.outcome) ? summary : nil
        }
        results = Array(results.dropFirst(max(query.offset, 0)))
        if let limit = query.limit { results = Array(results.prefix(max(limit, 0))) }
        return results
    }

    static let select = """
        SELECT p.id, p.reference, p.title, p.original_title, p.original_language, p.summary, o.handle,
               p.planned_start, p.planned_end, p.actual_start, p.actual_end, p.note, p.extra_json
        FROM project p JOIN organisation o ON o.id = p.owner_organisation_id
        """

    static func fetch(where condition: String, _ key: some SQLiteBindable, in db: Connection) throws -> Project? {
        guard var project = try Project.fetchOne(db, sql: select + " WHERE " + condition, arguments: [key]) else {
            return nil
        }
        try loadParts(of: &project, in: db)
        return project
    }

    /// Every project, by reference, with its themes and contacts, one at a time.
    static func forEach(in db: Connection, _ body: (Project) throws -> Void) throws {
        let cursor = try Project.fetchCursor(db, sql: select + " ORDER BY p.reference")
        while var project = try cursor.next() {
            try loadParts(of: &project, in: db)
            try body(project)
        }
    }

    static func loadParts(of project: inout Project, in db: Connection) throws {
        let id = project.id!
        project.themes = try db.fetchAll(
            sql: """
                SELECT t.vocabulary, t.code FROM project_theme pt JOIN theme t ON t.id = pt.theme_id
                WHERE pt.project_id = ? ORDER BY t.vocabulary, t.code
                """,
            arguments: [id]) { Theme.Key(vocabulary: try $0[0], code: try $0[1]) }
        project.contacts = try db.fetchAll(
            sql: """
                SELECT pe.handle, c.role, c.valid_from, c.valid_to FROM contact c JOIN person pe ON pe.id = c.person_id
                WHERE c.project_id = ? ORDER BY c.role, pe.handle
                """,
            arguments: [id]) { row in
                let role: String = try row[1]
                return Contact(
                    person: try row[0], role: Contact.Role(rawValue: role) ?? .contact,
                    validFrom: try row[2], validTo: try row[3])
            }
    }

    static func create(_ project: Project, in db: Connection) throws -> Project.ID {
        // The checks that need no database come first, as in `check`. The
        // uniqueness of the reference and the owner's handle are then left to
        // the insert itself: its UNIQUE constraint, and a subquery that finds
        // no owner and so violates NOT NULL. A bulk load thus runs one
        // statement per row instead of three; only when the insert fails are
        // they checked one by one, for the same typed error as before.
        try fieldCheck(project)
        do {
            try db.execute(
                sql: """
                    INSERT INTO project (reference, title, original_title, original_language, summary, owner_organisation_id,
                        planned_start, planned_end, actual_start, actual_end, note, search_text, extra_json)
                    VALUES (?, ?, ?, ?, ?, (SELECT id FROM organisation WHERE handle = ?), ?, ?, ?, ?, ?, ?, ?)
                    """,
                binding: project.reference, project.title, project.originalTitle, project.originalLanguage, project.summary,
                project.owner, project.plannedStart, project.plannedEnd, project.actualStart, project.actualEnd,
                project.note, Self.searchText(project), project.extraJSON)
        } catch let error as SQLiteError where error.primaryCode == .constraint {
            _ = try databaseCheck(project, in: db, excluding: nil)
            throw error
        }
        let id = db.lastInsertedRowID
        try insertParts(of: project, id: id, in: db)
        return Project.ID(id)
    }

    static func update(_ project: Project, in db: Connection) throws {
        let id = try project.id?.rawValue ?? Lookup.project(project.reference, in: db)
        let ownerID = try check(project, in: db, excluding: id)
        try db.execute(
            sql: """
                UPDATE project SET reference = ?, title = ?, original_title = ?, original_language = ?, summary = ?,
                    owner_organisation_id = ?, planned_start = ?, planned_end = ?, actual_start = ?, actual_end = ?,
                    note = ?, search_text = ?, extra_json = ?
                WHERE id = ?
                """,
            arguments: [project.reference, project.title, project.originalTitle, project.originalLanguage, project.summary,
                        ownerID, project.plannedStart, project.plannedEnd, project.actualStart, project.actualEnd,
                        project.note, Self.searchText(project), project.extraJSON, id])
        if db.changesCount == 0 { throw PortfolioError.notFound(record: .project, key: project.reference) }
        try db.execute(sql: "DELETE FROM project_theme WHERE project_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM contact WHERE project_id = ?", arguments: [id])
        try insertParts(of: project, id: id, in: db)
    }

    private static func searchText(_ project: Project) -> String {
        SearchText.forProject(reference: project.reference, title: project.title, originalTitle: project.originalTitle)
    }

    private static func insertParts(of project: Project, id: Int64, in db: Connection) throws {
        let record = RecordName.project(project.reference)
        // Each insert finds its theme or person itself; when there is none,
        // NOT NULL fails and the lookup then throws its typed error.
        for key in Set(project.themes) {
            do {
                try db.execute(
                    sql: """
                        INSERT INTO project_theme (project_id, theme_id)
                        VALUES (?, (SELECT id FROM theme WHERE vocabulary = ? AND code = ?))
                        """,
                    binding: id, key.vocabulary, key.code)
            } catch let error as SQLiteError where error.primaryCode == .constraint {
                _ = try Lookup.theme(key, in: db, for: record, field: "themes")
                throw error
            }
        }
        var seen = Set<[String]>()
        for contact in project.contacts {
            try FieldCheck(record: record).order(contact.validFrom, contact.validTo, startField: "contacts.validFrom", endField: "contacts.validTo")
            guard seen.insert([contact.person, contact.role.rawValue]).inserted else {
                throw PortfolioError.duplicate(record: record, field: "contacts", value: "\(contact.person) as \(contact.role.rawValue)")
            }
            do {
                try db.execute(
                    sql: """
                        INSERT INTO contact (project_id, person_id, role, valid_from, valid_to)
                        VALUES (?, (SELECT id FROM person WHERE handle = ?), ?, ?, ?)
                        """,
                    binding: id, contact.person, contact.role.rawValue, contact.validFrom, contact.validTo)
            } catch let error as SQLiteError where error.primaryCode == .constraint {
                _ = try Lookup.person(contact.person, in: db, for: record, field: "contacts.person")
                throw error
            }
        }
    }

    /// Checks the fields and returns the owner's id.
    private static func check(_ project: Project, in db: Connection, excluding id: Int64?) throws -> Int64 {
        try fieldCheck(project)
        return try databaseCheck(project, in: db, excluding: id)
    }

    /// The checks of ``check(_:in:excluding:)`` that need no database.
    private static func fieldCheck(_ project: Project) throws {
        let check = FieldCheck(record: RecordName.project(project.reference))
        try check.nonEmpty(project.reference, "reference", maxLength: 200)
        try check.nonEmpty(project.title, "title")
        try check.languageCode(project.originalLanguage, "originalLanguage")
        try check.order(project.plannedStart, project.plannedEnd, startField: "plannedStart", endField: "plannedEnd")
        try check.order(project.actualStart, project.actualEnd, startField: "actualStart", endField: "actualEnd")
        try check.jsonObject(project.extraJSON, "extra")
    }

    /// The checks of ``check(_:in:excluding:)`` that read the database, after
    /// the field checks; returns the owner's id.
    private static func databaseCheck(_ project: Project, in db: Connection, excluding id: Int64?) throws -> Int64 {
        let record = RecordName.project(project.reference)
        try Uniqueness.check(in: db, table: "project", column: "reference", value: project.reference, excluding: id, record: record)
        return try Lookup.organisation(project.owner, in: db, for: record, field: "owner")
    }
}

extension Project: RowDecodable {
    /// Reads the value from a row of the store's SQL.
    ///
    /// - Throws: `RowDecodingError` when a column is missing, NULL where a value is required, or of another storage
    ///   class; ``PortfolioError`` when a stored value breaks a rule of its type (an invalid date).
    public init(row: Row) throws {
        self.init(
            id: try row[0], reference: try row[1], title: try row[2], originalTitle: try row[3],
            originalLanguage: try row[4], summary: try row[5], owner: try row[6], plannedStart: try row[7],
            plannedEnd: try row[8], actualStart: try row[9], actualEnd: try row[10], note: try row[11],
            extraJSON: try row[12])
    }
}

extension ProjectStore {
    /// The work of `delete(reference:)`, on `db`.
    static func delete(reference: String, in db: Connection) throws {
        let id = try Lookup.project(reference, in: db)
        try db.execute(sql: "DELETE FROM project WHERE id = ?", arguments: [id])
    }

    /// The work of `count()`, on `db`.
    static func count(in db: Connection) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM project") ?? 0
    }

    /// The work of `search(_:each:)`, on `db`.
    static func search(_ query: ProjectQuery, each body: (ProjectSummary) throws -> Void, in db: Connection) throws {
        guard try StatisticsRefresh.hasStaleProjects(db) else {
            let search = ProjectSearchSQL(query)
            return try ProjectSummary.fetchCursor(db, sql: search.sql, arguments: search.arguments).forEach(body)
        }
        try Self.search(query, in: db).forEach(body)
    }
}
