import GrantPortfolio

/// The replay statements of the reference statistics: a copy of the library's
/// former `StatisticsSQL` (issue 11 moves it out of the library), which
/// decides, as of the date bound to `:as_of`, every application's status and
/// every project's outcome at once by replaying the status histories.
///
/// Parameters: `:as_of` (`YYYY-MM-DD`), `:count_all` (1 to count projects
/// with no status as developed).
///
/// The only change from the library's copy: ``figures(_:)`` no longer joins
/// the exchange rate, ``ReferenceRates`` converts in Swift (through an
/// inverse rate or a pivot currency when there is no direct rate).
enum ReferenceSQL {
    /// The common table expressions, in order:
    ///
    /// - `app_status`: each application with a status as of `:as_of`, that
    ///   status (its latest event dated on or before, ties by id), the status'
    ///   phase, outcome and sort order, and its rank for the project outcome
    ///   (pending 5, preparation 4, rejected 3, withdrawn 2, other 1).
    ///   Applications whose history starts later do not exist yet.
    /// - `app_approval`: each application that reached a status whose outcome
    ///   is approved on or before `:as_of`, with the first such date.
    /// - `app_ranked`: `app_status` numbered per project, position 1 being
    ///   the *deciding* application: one that reached approval, else the one
    ///   with the highest rank, then status sort order, latest event, highest id.
    /// - `project_fact`: one row per counted project: its outcome, the status
    ///   and funding source of its deciding application, its first submission
    ///   (on or before `:as_of`), first approval and decision date.
    /// - `money_app`: the applications whose money counts for their project:
    ///   those that reached approval, or when none did, the deciding one.
    static let facts = """
        WITH RECURSIVE
        app_status AS (
            SELECT a.id AS application_id, a.project_id, a.funding_source_id, a.submitted_on,
                   e.status, e.effective_on AS status_on, s.phase, s.outcome AS status_outcome, s.sort_order,
                   CASE WHEN s.phase = 'pending' THEN 5
                        WHEN s.phase = 'preparation' THEN 4
                        WHEN s.outcome = 'rejected' THEN 3
                        WHEN s.outcome = 'withdrawn' THEN 2
                        ELSE 1 END AS status_rank
            FROM application a
            JOIN status_event e
              ON e.id = (SELECT e2.id FROM status_event e2
                         WHERE e2.application_id = a.id AND e2.effective_on <= :as_of
                         ORDER BY e2.effective_on DESC, e2.id DESC LIMIT 1)
            JOIN status s ON s.code = e.status
        ),
        app_approval AS (
            SELECT e.application_id, min(e.effective_on) AS approved_on
            FROM status_event e JOIN status s ON s.code = e.status
            WHERE s.outcome = 'approved' AND e.effective_on <= :as_of
            GROUP BY e.application_id
        ),
        app_ranked AS (
            SELECT st.*, ap.approved_on, (ap.approved_on IS NOT NULL) AS reached_approval,
                   row_number() OVER (PARTITION BY st.project_id
                                      ORDER BY ap.approved_on IS NOT NULL DESC, st.status_rank DESC,
                                               st.sort_order DESC, st.status_on DESC,
                                               st.application_id DESC) AS position
            FROM app_status st LEFT JOIN app_approval ap ON ap.application_id = st.application_id
        ),
        project_app AS (
            SELECT project_id, min(approved_on) AS first_approved_on,
                   min(CASE WHEN submitted_on <= :as_of THEN submitted_on END) AS first_submitted_on
            FROM app_ranked GROUP BY project_id
        ),
        project_fact AS (
            SELECT p.id AS project_id,
                   CASE WHEN d.project_id IS NULL THEN 'none'
                        WHEN pa.first_approved_on IS NOT NULL THEN 'approved'
                        WHEN d.status_rank = 5 THEN 'pending'
                        WHEN d.status_rank = 4 THEN 'preparation'
                        WHEN d.status_rank = 3 THEN 'rejected'
                        WHEN d.status_rank = 2 THEN 'withdrawn'
                        ELSE 'none' END AS outcome,
                   d.application_id, d.status, d.funding_source_id,
                   pa.first_submitted_on, pa.first_approved_on,
                   CASE WHEN pa.first_approved_on IS NOT NULL THEN pa.first_approved_on
                        WHEN d.status_rank = 3 THEN d.status_on END AS decided_on
            FROM project p
            LEFT JOIN app_ranked d ON d.project_id = p.id AND d.position = 1
            LEFT JOIN project_app pa ON pa.project_id = p.id
            WHERE d.project_id IS NOT NULL OR :count_all = 1
        ),
        money_app AS (
            SELECT project_id, application_id FROM app_ranked WHERE reached_approval = 1 OR position = 1
        )
        """

    /// The count columns of a group, over `project_fact` rows `f`: developed,
    /// approved, rejected, withdrawn, pending, in preparation, undetermined,
    /// under evaluation (8 columns).
    static let countColumns = """
        count(f.project_id),
        coalesce(sum(f.outcome = 'approved'), 0),
        coalesce(sum(f.outcome = 'rejected'), 0),
        coalesce(sum(f.outcome = 'withdrawn'), 0),
        coalesce(sum(f.outcome = 'pending'), 0),
        coalesce(sum(f.outcome = 'preparation'), 0),
        coalesce(sum(f.outcome = 'none'), 0),
        coalesce(sum(f.status = 'under_evaluation'), 0)
        """

    /// The headline counts: one row of ``countColumns``.
    static let totalCounts = facts + "\nSELECT \(countColumns) FROM project_fact f"

    /// The outcome of every counted project: project id, outcome.
    static let outcomes = facts + "\nSELECT project_id, outcome FROM project_fact ORDER BY project_id"

    /// The CTE `node(id, depth, path)`: every funding source reachable from a
    /// root, its depth, and the path of handles from the root (the sort key of
    /// the funding-source breakdown).
    static let fundingNodes = """
        node(id, depth, path) AS (
            SELECT id, 0, handle FROM funding_source WHERE parent_id IS NULL
            UNION ALL
            SELECT f.id, node.depth + 1, node.path || char(1) || f.handle
            FROM funding_source f JOIN node ON f.parent_id = node.id
        )
        """

    /// The sort key of status `s` in the status breakdown: its sort order, then its code.
    static func statusSortKey(_ s: String) -> String { "printf('%012d', \(s).sort_order) || \(s).code" }

    /// The extra CTE `membership(project_id, group_key, label, sort_key, depth, parent)`
    /// of a breakdown: which group(s) each counted project belongs to. A project
    /// absent from it is in the dimension's unassigned group.
    static func membership(_ dimension: StatisticsDimension) -> String {
        switch dimension {
        case .status:
            return """
                membership(project_id, group_key, label, sort_key, depth, parent) AS (
                    SELECT f.project_id, f.status, s.label, \(statusSortKey("s")), 0, NULL
                    FROM project_fact f JOIN status s ON s.code = f.status
                )
                """
        case .submissionYear:
            return """
                membership(project_id, group_key, label, sort_key, depth, parent) AS (
                    SELECT project_id, substr(first_submitted_on, 1, 4), substr(first_submitted_on, 1, 4),
                           substr(first_submitted_on, 1, 4), 0, NULL
                    FROM project_fact WHERE first_submitted_on IS NOT NULL
                )
                """
        case .decisionYear:
            return """
                membership(project_id, group_key, label, sort_key, depth, parent) AS (
                    SELECT project_id, substr(decided_on, 1, 4), substr(decided_on, 1, 4), substr(decided_on, 1, 4), 0, NULL
                    FROM project_fact WHERE decided_on IS NOT NULL
                )
                """
        case .fundingSource:
            // Each project under the funding source of its deciding application
            // and every node above it: each level of the tree partitions the
            // projects, and a project counts once per node.
            return """
                \(fundingNodes),
                up(project_id, node_id) AS (
                    SELECT project_id, funding_source_id FROM project_fact WHERE funding_source_id IS NOT NULL
                    UNION ALL
                    SELECT up.project_id, f.parent_id FROM up JOIN funding_source f ON f.id = up.node_id
                    WHERE f.parent_id IS NOT NULL
                ),
                membership(project_id, group_key, label, sort_key, depth, parent) AS (
                    SELECT up.project_id, fs.handle, fs.title, node.path, node.depth, parent.handle
                    FROM up
                    JOIN funding_source fs ON fs.id = up.node_id
                    JOIN node ON node.id = up.node_id
                    LEFT JOIN funding_source parent ON parent.id = fs.parent_id
                )
                """
        case .theme:
            return """
                membership(project_id, group_key, label, sort_key, depth, parent) AS (
                    SELECT pt.project_id, t.vocabulary || ':' || t.code, t.title, t.vocabulary || char(1) || t.code, 0, NULL
                    FROM project_theme pt JOIN theme t ON t.id = pt.theme_id
                    WHERE pt.project_id IN (SELECT project_id FROM project_fact)
                )
                """
        case .country:
            // The countries of the organisations taking part in the project's
            // applications (as of the date) as partners, donor-state partners or hosts.
            return """
                membership(project_id, group_key, label, sort_key, depth, parent) AS (
                    SELECT DISTINCT st.project_id, o.country, o.country, o.country, 0, NULL
                    FROM app_status st
                    JOIN participation pa ON pa.application_id = st.application_id
                    JOIN organisation o ON o.id = pa.organisation_id
                    WHERE pa.role IN ('partner', 'donor_partner', 'host') AND o.country IS NOT NULL
                      AND st.project_id IN (SELECT project_id FROM project_fact)
                )
                """
        }
    }

    /// A breakdown's groups: group key (NULL for the unassigned group), label,
    /// sort key, depth, parent, then ``countColumns``. Unassigned sorts last.
    static func breakdownCounts(_ dimension: StatisticsDimension) -> String {
        facts + ",\n" + membership(dimension) + """

            SELECT m.group_key, min(m.label), min(m.sort_key), min(m.depth), min(m.parent),
                   \(countColumns)
            FROM project_fact f LEFT JOIN membership m ON m.project_id = f.project_id
            GROUP BY m.group_key
            ORDER BY m.group_key IS NULL, min(m.sort_key), m.group_key
            """
    }

    /// The money figures that count: per counted application (``facts``'
    /// `money_app`), of each of the kinds total cost, requested and awarded,
    /// the figure set latest on or before `:as_of`, with its rate date (its
    /// value date, else its set-on date). With `dimension`, each figure comes
    /// once per group of its project (NULL: unassigned).
    ///
    /// Columns: project outcome, reference, application id, kind, amount
    /// (minor units), currency, minor unit, rate date, and with a dimension
    /// the group key.
    static func figures(_ dimension: StatisticsDimension?) -> String {
        var sql = facts + ",\n"
        if let dimension { sql += membership(dimension) + ",\n" }
        sql += """
            figure AS (
                SELECT ma.project_id, m.application_id, m.kind, m.amount_minor, m.currency, c.minor_unit,
                       coalesce(m.value_date, m.set_on) AS rate_date,
                       row_number() OVER (PARTITION BY m.application_id, m.kind ORDER BY m.set_on DESC) AS position
                FROM money_app ma
                JOIN money_figure m ON m.application_id = ma.application_id
                JOIN currency c ON c.code = m.currency
                WHERE m.kind IN ('total_cost', 'requested', 'awarded') AND m.set_on <= :as_of
            )
            SELECT f.outcome, p.reference, fig.application_id, fig.kind, fig.amount_minor, fig.currency,
                   fig.minor_unit, fig.rate_date
                   \(dimension == nil ? "" : ", m.group_key")
            FROM figure fig
            CROSS JOIN project_fact f ON f.project_id = fig.project_id
            CROSS JOIN project p ON p.id = fig.project_id
            \(dimension == nil ? "" : "LEFT JOIN membership m ON m.project_id = fig.project_id")
            WHERE fig.position = 1
            ORDER BY p.reference, fig.application_id, fig.kind
            """
        return sql
    }

    /// The activity per year, as rows (year, measure, count), measures being
    /// `submitted` (applications by submission date), `approved` (applications
    /// by first approval), `rejected` (rejection events), `projects_approved`
    /// (counted projects by first approval).
    static let timeSeries = facts + """

        SELECT CAST(substr(submitted_on, 1, 4) AS INTEGER), 'submitted', count(*)
        FROM app_status WHERE submitted_on <= :as_of
          AND project_id IN (SELECT project_id FROM project_fact) GROUP BY 1
        UNION ALL
        SELECT CAST(substr(ap.approved_on, 1, 4) AS INTEGER), 'approved', count(*)
        FROM app_approval ap JOIN application a ON a.id = ap.application_id
        WHERE a.project_id IN (SELECT project_id FROM project_fact) GROUP BY 1
        UNION ALL
        SELECT CAST(substr(e.effective_on, 1, 4) AS INTEGER), 'rejected', count(*)
        FROM status_event e JOIN status s ON s.code = e.status JOIN application a ON a.id = e.application_id
        WHERE s.outcome = 'rejected' AND e.effective_on <= :as_of
          AND a.project_id IN (SELECT project_id FROM project_fact) GROUP BY 1
        UNION ALL
        SELECT CAST(substr(first_approved_on, 1, 4) AS INTEGER), 'projects_approved', count(*)
        FROM project_fact WHERE outcome = 'approved' GROUP BY 1
        """

    /// Every stored exchange rate: from, to, numerator, denominator, valid from, source.
    static let exchangeRates = """
        SELECT from_currency, to_currency, numerator, denominator, valid_from, source
        FROM exchange_rate ORDER BY from_currency, to_currency, valid_from
        """

    /// The minor unit of the currency `?`.
    static let minorUnit = "SELECT minor_unit FROM currency WHERE code = ?"
}
