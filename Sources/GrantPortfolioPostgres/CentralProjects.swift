import GrantPortfolio

/// A published project as `grants-central projects` lists it: the columns of
/// the library's `ProjectSummary`, and its portfolio.
public struct CentralProject: Sendable, Hashable {
    /// The portfolio's handle.
    public var portfolio: String
    /// The project's reference in its portfolio.
    public var reference: String
    /// Its title.
    public var title: String
    /// Its outcome, from its published facts: as of the date, the period in
    /// force; without a date, its latest period; `none` without a period.
    public var outcome: ProjectOutcome
    /// The status of its latest-submitted application (as of the date, when given).
    public var latestStatus: String?
    /// How many applications it has.
    public var applicationCount: Int
    /// The earliest submission date of its applications (`YYYY-MM-DD`).
    public var firstSubmittedOn: String?
}

extension CentralDatabase {
    /// The published projects of `portfolios` (empty: all), by reference, as
    /// the library's project search gives them without filters: outcome from
    /// the stored facts, latest status, application count, first submission.
    ///
    /// - Parameters:
    ///   - portfolios: The handles; empty: every portfolio.
    ///   - date: Judge statuses and outcomes on this date; nil: the latest.
    ///   - outcomes: Only projects with one of these outcomes (empty: all).
    ///   - limit: At most this many.
    /// - Throws: ``CentralError/unknownPortfolio(_:)``, ``CentralError/notMigrated``,
    ///   ``CentralError/server(message:sqlState:)``.
    public func projects(
        portfolios: [String] = [], asOf date: CalendarDate? = nil, outcomes: [ProjectOutcome] = [], limit: Int? = nil
    ) async throws -> [CentralProject] {
        try await checkSchema()
        return try await transaction(readOnly: true, repeatableRead: true) {
            let reader = try await CentralReader.load(self, date: date ?? .today, portfolios: portfolios, options: StatisticsOptions())
            let day = date?.description ?? "9999-99-99"
            let status = date == nil
                ? "al.current_status"
                : """
                  (SELECT e.status FROM status_event e
                   WHERE e.portfolio_id = al.portfolio_id AND e.application_id = al.id AND e.effective_on <= $2::date
                   ORDER BY e.effective_on DESC, e.id DESC LIMIT 1)
                  """
            var values: [CentralValue] = [reader.idArray, .text(day)]
            var filter = ""
            if !outcomes.isEmpty {
                values.append(.texts(outcomes.map(\.rawValue)))
                filter = "WHERE q.outcome = ANY ($3)"
            }
            var page = ""
            if let limit {
                values.append(.integer(Int64(max(limit, 0))))
                page = "LIMIT $\(values.count)"
            }
            let rows = try await rows(
                """
                SELECT q.* FROM (
                  SELECT f.handle, p.reference, p.title,
                         coalesce((SELECT s.outcome FROM statistics_period s
                                   WHERE s.portfolio_id = p.portfolio_id AND s.project_id = p.id AND s.valid_from <= $2
                                   ORDER BY s.valid_from DESC LIMIT 1), 'none') AS outcome,
                         (SELECT \(status) FROM application al
                          WHERE al.portfolio_id = p.portfolio_id AND al.project_id = p.id
                          ORDER BY al.submitted_on DESC NULLS LAST, al.id DESC LIMIT 1) AS latest_status,
                         (SELECT count(*) FROM application ac WHERE ac.portfolio_id = p.portfolio_id AND ac.project_id = p.id)
                           AS application_count,
                         (SELECT min(af.submitted_on)::text FROM application af
                          WHERE af.portfolio_id = p.portfolio_id AND af.project_id = p.id) AS first_submitted_on
                  FROM project p JOIN portfolio f ON f.id = p.portfolio_id
                  WHERE p.portfolio_id = ANY ($1)
                ) q
                \(filter)
                ORDER BY q.reference COLLATE "C", q.handle COLLATE "C"
                \(page)
                """, values)
            return try rows.map { row in
                CentralProject(
                    portfolio: try row.text(0) ?? "", reference: try row.text(1) ?? "", title: try row.text(2) ?? "",
                    outcome: ProjectOutcome(rawValue: try row.text(3) ?? "") ?? .none, latestStatus: try row.text(4),
                    applicationCount: Int(try row.integer(5) ?? 0), firstSubmittedOn: try row.text(6))
            }
        }
    }
}
