/// Where a project stands, as of a date, judged by its best application.
///
/// A project is **approved** when any of its applications reached a status
/// whose outcome is approved (approved, in implementation, completed, closed,
/// terminated …) on or before the date, whatever came after. Otherwise its
/// applications' statuses as of the date decide, in this order: **pending**
/// (submitted, under evaluation), **preparation** (draft), **rejected**,
/// **withdrawn**; a project with no status yet is **none**.
///
/// So a project rejected in one call and approved in the next counts once, as
/// approved.
public enum ProjectOutcome: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case approved, pending, preparation, rejected, withdrawn, none

    public var description: String { rawValue }
}

/// The SQL that decides statuses and outcomes as of a date, in one place so
/// that search, statistics and the SQL views agree.
///
/// Every fragment takes the date as the named parameter `:as_of`
/// (`YYYY-MM-DD`); when `asOf` is false it uses the maintained current status.
enum OutcomeSQL {
    /// The status of application `a` as of `:as_of`: its latest event dated on
    /// or before it (ties: the later recorded).
    static func applicationStatus(_ a: String, asOf: Bool) -> String {
        guard asOf else { return "\(a).current_status" }
        return """
            (SELECT e.status FROM status_event e
             WHERE e.application_id = \(a).id AND e.effective_on <= :as_of
             ORDER BY e.effective_on DESC, e.id DESC LIMIT 1)
            """
    }

    /// True when project `p` has an application that reached an approved
    /// outcome on or before `:as_of`.
    static func projectApproved(_ p: String, asOf: Bool) -> String {
        let dateCondition = asOf ? "AND e.effective_on <= :as_of" : ""
        return """
            EXISTS (SELECT 1 FROM application ax
                    JOIN status_event e ON e.application_id = ax.id
                    JOIN status s ON s.code = e.status
                    WHERE ax.project_id = \(p).id AND s.outcome = 'approved' \(dateCondition))
            """
    }

    /// The outcome of project `p` as of `:as_of`, as a ``ProjectOutcome`` raw value.
    static func projectOutcome(_ p: String, asOf: Bool) -> String {
        """
        CASE WHEN \(projectApproved(p, asOf: asOf)) THEN 'approved'
        ELSE (SELECT CASE max(CASE WHEN s.phase = 'pending' THEN 5
                                   WHEN s.phase = 'preparation' THEN 4
                                   WHEN s.outcome = 'rejected' THEN 3
                                   WHEN s.outcome = 'withdrawn' THEN 2
                                   ELSE 1 END)
                     WHEN 5 THEN 'pending' WHEN 4 THEN 'preparation' WHEN 3 THEN 'rejected'
                     WHEN 2 THEN 'withdrawn' ELSE 'none' END
              FROM application ay JOIN status s ON s.code = \(applicationStatus("ay", asOf: asOf))
              WHERE ay.project_id = \(p).id)
        END
        """
    }
}
