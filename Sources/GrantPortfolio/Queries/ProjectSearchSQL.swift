import SQLiteCore

/// Builds the SQL and arguments of a ``ProjectQuery``. Every value is bound;
/// only the library's own fragments are put together.
///
/// A project's outcome is read from its stored facts (`statistics_period`):
/// as of a date, the period in force then; without one, its latest period.
/// With `paging` false, the statement leaves out the page (offset and limit)
/// and lets every stale project through the outcome filter, for a caller
/// that works out the stale projects' outcomes itself (``ProjectStore``).
struct ProjectSearchSQL {
    let sql: String
    let arguments: StatementArguments

    /// The status of application `a` as of `:as_of`: its latest event dated on
    /// or before it (ties: the later recorded); without a date, its maintained
    /// current status.
    private static func applicationStatus(_ a: String, asOf: Bool) -> String {
        guard asOf else { return "\(a).current_status" }
        return """
            (SELECT e.status FROM status_event e
             WHERE e.application_id = \(a).id AND e.effective_on <= :as_of
             ORDER BY e.effective_on DESC, e.id DESC LIMIT 1)
            """
    }

    /// The outcome of project `p` from its stored facts: the period in force
    /// on `:as_of` (periods follow each other without gaps, so it is the last
    /// one that started by then), else the latest one; 'none' without a period.
    private static func projectOutcome(_ p: String, asOf: Bool) -> String {
        let day = asOf ? ":as_of" : "'\(StatisticsPeriod.openEnd)'"
        return """
            coalesce((SELECT f.outcome FROM statistics_period f
                      WHERE f.project_id = \(p).id AND f.valid_from <= \(day)
                      ORDER BY f.valid_from DESC LIMIT 1), 'none')
            """
    }

    init(_ query: ProjectQuery, paging: Bool = true) {
        let asOf = query.asOf != nil
        var named: [String: SQLiteValue] = [:]
        if let date = query.asOf { named["as_of"] = date.sqliteValue }
        // The filters, each a condition on project `p`. SQLite evaluates the
        // conditions of a row in the order they are written and stops at the
        // first that fails, so they are joined cheapest first (see below),
        // whatever order they are set in here.
        var ownerFilter: String?, textFilter: String?, themeFilter: String?, submittedFilter: String?
        var decidedFilter: String?, sourceFilter: String?, statusFilter: String?, outcomeFilter: String?

        if !query.statuses.isEmpty {
            let names = query.statuses.indices.map { ":status\($0)" }
            for (index, status) in query.statuses.enumerated() { named["status\(index)"] = .text(status.rawValue) }
            statusFilter = """
                EXISTS (SELECT 1 FROM application a WHERE a.project_id = p.id
                        AND \(Self.applicationStatus("a", asOf: asOf)) IN (\(names.joined(separator: ", "))))
                """
        }
        if !query.outcomes.isEmpty {
            let names = query.outcomes.indices.map { ":outcome\($0)" }
            for (index, outcome) in query.outcomes.enumerated() { named["outcome\(index)"] = .text(outcome.rawValue) }
            outcomeFilter = "\(Self.projectOutcome("p", asOf: asOf)) IN (\(names.joined(separator: ", ")))"
            if !paging {
                outcomeFilter = "(p.id IN (SELECT project_id FROM statistics_stale) OR \(outcomeFilter!))"
            }
        }
        if let source = query.fundingSource {
            named["source"] = .text(source)
            sourceFilter = """
                EXISTS (WITH RECURSIVE subtree(id) AS (
                            SELECT id FROM funding_source WHERE handle = :source
                            UNION SELECT f.id FROM funding_source f JOIN subtree ON f.parent_id = subtree.id)
                        SELECT 1 FROM application a WHERE a.project_id = p.id
                        AND a.funding_source_id IN (SELECT id FROM subtree))
                """
        }
        if let theme = query.theme {
            named["theme_code"] = .text(theme.code)
            var vocabulary = ""
            if !theme.vocabulary.isEmpty {
                named["theme_vocabulary"] = .text(theme.vocabulary)
                vocabulary = "AND t.vocabulary = :theme_vocabulary"
            }
            themeFilter = """
                EXISTS (SELECT 1 FROM project_theme pt JOIN theme t ON t.id = pt.theme_id
                        WHERE pt.project_id = p.id AND t.code = :theme_code \(vocabulary))
                """
        }
        if let owner = query.owner {
            named["owner"] = .text(owner)
            ownerFilter = "o.handle = :owner"
        }
        if let year = query.submittedInYear {
            named["submitted_from"] = .text(String(format: "%04d-01-01", year))
            named["submitted_to"] = .text(String(format: "%04d-12-31", year))
            submittedFilter = """
                EXISTS (SELECT 1 FROM application a WHERE a.project_id = p.id
                        AND a.submitted_on BETWEEN :submitted_from AND :submitted_to)
                """
        }
        if let year = query.decidedInYear {
            named["decided_from"] = .text(String(format: "%04d-01-01", year))
            named["decided_to"] = .text(String(format: "%04d-12-31", year))
            decidedFilter = """
                EXISTS (SELECT 1 FROM application a WHERE a.project_id = p.id
                        AND a.decided_on BETWEEN :decided_from AND :decided_to)
                """
        }
        if let text = query.text, !text.isEmpty {
            named["text"] = .text(SearchText.likePattern(containing: text))
            textFilter = "coalesce(p.search_text, lower(p.reference || ' ' || p.title)) LIKE :text ESCAPE '\\'"
        }

        // Cheapest first: a column of the joined owner; a LIKE on the row; one
        // index lookup (themes; an application's dates and funding source,
        // which the index application_project_dates of 0005 covers); the
        // funding-source subtree; then the statuses and the outcome, which
        // read every application's status history.
        let conditions = [ownerFilter, textFilter, themeFilter, submittedFilter, decidedFilter, sourceFilter, statusFilter, outcomeFilter].compactMap { $0 }

        let order: String
        switch query.sort {
        case .reference: order = "p.reference"
        case .title: order = "p.title COLLATE NOCASE, p.reference"
        case .newest: order = "first_submitted_on DESC NULLS LAST, p.reference"
        case .oldest: order = "first_submitted_on NULLS LAST, p.reference"
        }
        var page = ""
        if !paging {
            // the caller pages
        } else if let limit = query.limit {
            named["limit"] = .integer(Int64(max(limit, 0)))
            named["offset"] = .integer(Int64(max(query.offset, 0)))
            page = "LIMIT :limit OFFSET :offset"
        } else if query.offset > 0 {
            named["offset"] = .integer(Int64(query.offset))
            page = "LIMIT -1 OFFSET :offset"
        }

        sql = """
            SELECT p.id, p.reference, p.title, o.handle,
                   \(Self.projectOutcome("p", asOf: asOf)) AS outcome,
                   (SELECT \(Self.applicationStatus("al", asOf: asOf)) FROM application al
                    WHERE al.project_id = p.id ORDER BY al.submitted_on DESC NULLS LAST, al.id DESC LIMIT 1) AS latest_status,
                   (SELECT count(*) FROM application ac WHERE ac.project_id = p.id) AS application_count,
                   (SELECT min(af.submitted_on) FROM application af WHERE af.project_id = p.id) AS first_submitted_on
            FROM project p JOIN organisation o ON o.id = p.owner_organisation_id
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: "\n  AND "))
            ORDER BY \(order)
            \(page)
            """
        arguments = StatementArguments([], named: named)
    }
}

extension ProjectQuery {
    /// The SQL statement ``ProjectStore/search(_:)`` runs for this query and
    /// its named arguments, so that a benchmark can run the very same
    /// statement through another SQLite API (`@_spi(Benchmarks) import`).
    @_spi(Benchmarks)
    public var searchStatement: (sql: String, arguments: [String: SQLiteValue]) {
        let search = ProjectSearchSQL(self)
        return (search.sql, search.arguments.named)
    }
}

extension ProjectSummary: RowDecodable {
    /// Reads a summary from a row of the search's SQL.
    ///
    /// - Throws: `RowDecodingError` when a column is missing, NULL where a value is required, or of another storage
    ///   class; ``PortfolioError`` when a stored value breaks a rule of its type (an invalid date).
    public init(row: Row) throws {
        let outcome: String = try row[4]
        self.init(
            id: try row[0], reference: try row[1], title: try row[2], owner: try row[3],
            outcome: ProjectOutcome(rawValue: outcome) ?? ProjectOutcome.none,
            latestStatus: (try row[5] as String?).map(StatusCode.init(rawValue:)),
            applicationCount: try row[6], firstSubmittedOn: try row[7])
    }
}

import Foundation
