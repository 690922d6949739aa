import Crypto
import Foundation
import GrantPortfolio
import SQLiteCore

/// What ``CentralDatabase/publish(file:as:progress:)`` changed.
public struct PublishReport: Sendable, Hashable {
    /// What changed in one table.
    public struct TableChange: Sendable, Hashable {
        /// The table's name.
        public var table: String
        /// Rows added.
        public var inserted: Int
        /// Rows whose values changed.
        public var updated: Int
        /// Rows no longer in the file, removed.
        public var deleted: Int
    }

    /// The portfolio's handle in the central database.
    public var handle: String
    /// Whether the portfolio was new to the central database.
    public var created: Bool
    /// The tables whose rows differed from the published ones; empty when the
    /// file was unchanged.
    public var changes: [TableChange]
    /// The projects whose rows were sent: new ones, and those whose rows
    /// differ from the published ones (by their digest); every project when
    /// the portfolio was new or had no project digests yet.
    public var projectsSent: Int = 0
    /// The projects no longer in the file, removed with their rows.
    public var projectsRemoved: Int = 0

    /// True when the file was published before with the same rows: nothing changed.
    public var isUnchanged: Bool { !created && changes.isEmpty }

    /// One line: `lpr: unchanged`, or the rows inserted, updated and deleted.
    public var summary: String {
        if isUnchanged { return "\(handle): unchanged, nothing to publish" }
        let inserted = changes.reduce(0) { $0 + $1.inserted }
        let updated = changes.reduce(0) { $0 + $1.updated }
        let deleted = changes.reduce(0) { $0 + $1.deleted }
        return "\(handle): \(created ? "published" : "updated") (\(inserted) rows inserted, \(updated) updated, \(deleted) deleted"
            + " in \(changes.count) \(changes.count == 1 ? "table" : "tables"))"
    }
}

/// The tables a publish copies, in order; each is the file's table of that
/// name, except `statistics_unconvertible`, which the library works out
/// (`UnconvertibleFigurePeriod`).
enum PublishedTables {
    static let names = [
        "currency", "exchange_rate", "status", "status_transition", "organisation", "person", "funding_source", "theme",
        "project", "project_theme", "contact", "application", "participation", "status_event", "money_figure",
        "grant_record", "beneficiary_location", "statistics_period", "statistics_period_money", "statistics_change", "statistics_breakdown_change",
        "statistics_activity_change", "statistics_unconvertible",
    ]

    /// How a table's rows belong to projects: the project tables' rows are
    /// compared project by project (`published_project`), the others table
    /// by table (`published_table`).
    static func owner(of table: String) -> RowOwner {
        switch table {
        case "project": .project(column: "id")
        case "project_theme", "contact", "application", "statistics_period", "statistics_period_money", "statistics_unconvertible":
            .project(column: "project_id")
        case "participation", "status_event", "money_figure", "grant_record", "beneficiary_location": .application
        default: .portfolio
        }
    }

    /// The column that splits a large portfolio-wide table into parts
    /// compared one by one (`published_part`): the statistics' sums per
    /// span, of which a change to a few projects touches a few.
    static func partColumn(of table: String) -> String? {
        ["statistics_change", "statistics_breakdown_change"].contains(table) ? "span" : nil
    }

    /// The rows of `table` a publish copies, as a SQL condition; nil for all.
    ///
    /// The file keeps the statistics' changes per year, month and day, and
    /// also summed per quarter and per block of 4 and 16 years (schema 9), so
    /// that its own reader adds fewer spans. Those sums are worked out from
    /// the year and month rows and the central reader does not read them:
    /// only the years, months and days are published, a third fewer rows.
    static func publishedRows(of table: String) -> String? {
        ["statistics_change", "statistics_breakdown_change"].contains(table)
            ? "granularity IN ('year', 'month', 'day')" : nil
    }

    /// Whether `table` holds statistics facts: rows the library works out
    /// at write time from the others, never edited on their own.
    ///
    /// A project's facts (`statistics_period`, `statistics_period_money`,
    /// `statistics_unconvertible`) follow from its own rows and the
    /// portfolio-wide tables that are not statistics (vocabularies, rates,
    /// organisations, funders, themes), by the rules of this schema
    /// version, in a file whose statistics are up to date (which a publish
    /// checks). So a project's digest covers its own rows only, and its
    /// facts are read and compared when those rows changed, or every
    /// project's when a portfolio-wide table changed.
    static func isStatistics(_ table: String) -> Bool {
        table.hasPrefix("statistics_")
    }
}

/// A write committed to a portfolio file between the read of its rows and
/// the read of the statistics facts of the projects that changed: the
/// publish reads the file again.
struct FileChangedWhileRead: Error {}

/// Whose rows a published table holds.
enum RowOwner: Sendable, Equatable {
    /// The portfolio's as a whole: vocabularies, organisations, people, funders, themes and the statistics' sums.
    case portfolio
    /// One project's each, named by `column`.
    case project(column: String)
    /// One application's each (`application_id`), so its project's.
    case application
}

/// A table's columns in the central schema (without `portfolio_id`) and its key.
struct CentralTable: Sendable {
    var name: String
    var columns: [String]
    var key: [String]
    var owner: RowOwner { PublishedTables.owner(of: name) }
}

/// A portfolio-wide table of the file: its rows in the order of its key, and their digest.
struct FileTable: Sendable {
    var rows: CopyRows
    var digest: String
    /// For a table split into parts: each row's part (an index into `partNames`).
    var partOfRow: [Int32] = []
    var partNames: [String] = []
    /// Each part's digest.
    var parts: [String: String] = [:]
}

/// A project table of the file: its rows in the order of its key (the
/// statistics facts: of the file's key), and each row's project.
struct ProjectTable: Sendable {
    var rows: CopyRows
    var projects: [Int64]
}

/// Everything a publish sends, read from the file in one read transaction.
struct FileSnapshot: Sendable {
    /// The portfolio-wide tables, each with its digest.
    var shared: [String: FileTable] = [:]
    /// The project tables, line by line with each line's project.
    var perProject: [String: ProjectTable] = [:]
    /// Each project's digest: the SHA-256 of its rows in every project table.
    var projectDigests: [Int64: String] = [:]
    /// Each application's project.
    var applicationProjects: [Int64: Int64] = [:]
    /// The digest of it all: the shared tables' digests and every project's.
    var sourceDigest = ""
    /// Whether `perProject` holds every project's statistics facts; if not,
    /// ``CentralDatabase/readStatistics(_:tables:projects:)`` reads those
    /// needed, in the same state of the file.
    var hasStatistics = true
    /// The connection the project tables were read on.
    var source: DatabaseQueue?
    /// Its `PRAGMA data_version` in the read transaction of the project tables.
    var dataVersion: Int64 = 0
}

extension CentralDatabase {
    /// Publishes a portfolio file: its rows and its statistics facts, in one
    /// transaction, all or nothing.
    ///
    /// Only what changed is sent. The portfolio-wide tables (vocabularies,
    /// organisations, funders, themes, the statistics' sums) are compared
    /// table by table with those last published through a digest; the rows of
    /// projects (the project, its themes, applications, participants, status
    /// history, money figures and statistics periods) project by project,
    /// through a digest per project kept in `published_project`. The rows of
    /// a table that differs, or of the projects that differ, are copied
    /// (COPY) into a temporary table, and exactly the rows that changed are
    /// deleted, updated or inserted; a project no longer in the file is
    /// deleted with its rows. A new portfolio's rows are copied straight into
    /// the tables. Publishing the same file twice at once is serialised on the
    /// portfolio (`pg_advisory_xact_lock`). The central schema is created or
    /// upgraded first.
    ///
    /// - Parameters:
    ///   - path: The portfolio's SQLite file. It is only read.
    ///   - handle: The portfolio's name in the central database (default: the
    ///     file's name without its extension).
    ///   - progress: Called with a short line on what is being done.
    /// - Returns: What changed.
    /// - Throws: ``CentralError/notAPortfolio(path:reason:)``,
    ///   ``CentralError/portfolioSchema(path:version:expected:)`` or
    ///   ``CentralError/staleStatistics(path:)`` before anything is written;
    ///   ``CentralError/invalidHandle(_:)`` for a handle that is not one;
    ///   ``CentralError/server(message:sqlState:)`` when the server refuses a
    ///   statement (the transaction is rolled back).
    public func publish(
        file path: String, as handle: String? = nil, progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> PublishReport {
        let handle = try handle ?? Self.defaultHandle(for: path)
        guard Self.isValidHandle(handle) else { throw CentralError.invalidHandle(handle) }
        progress?("\(handle): reading \(path)")
        try await migrate()
        let tables = try await centralTables()
        // A portfolio published before with project digests is most likely
        // re-published with few projects changed: the statistics facts of
        // those are read once they are known, not every project's now.
        let digested = try await rows(
            """
            SELECT count(*) FROM (SELECT 1 FROM published_project d JOIN portfolio p ON p.id = d.portfolio_id
                                  WHERE p.handle = $1 LIMIT 1) AS any_digest
            """, [.text(handle)]).first?.integer(0) ?? 0
        var attempt = 0
        while true {
            attempt += 1
            // The third time, the whole file is read in one go.
            let file = try await Self.read(path: path, tables: tables, withStatistics: digested == 0 || attempt == 3)
            progress?("\(handle): read \(file.projectDigests.count) projects")
            do {
                let report = try await publish(file, as: handle, tables: tables, progress: progress)
                await analyze(after: report, progress: progress)
                return report
            } catch is FileChangedWhileRead where attempt < 3 {
                progress?("\(handle): the file was written to while it was read; reading it again")
            }
        }
    }

    /// Publishes the rows read from a file, in one transaction.
    ///
    /// - Throws: `FileChangedWhileRead` when the statistics facts it needs
    ///   could no longer be read in the state the rest was read in; the
    ///   errors of ``publish(file:as:progress:)``.
    private func publish(
        _ file: FileSnapshot, as handle: String, tables: [CentralTable], progress: (@Sendable (String) -> Void)?
    ) async throws -> PublishReport {
        try await transaction {
            try await execute("SELECT pg_advisory_xact_lock($1::integer, hashtext($2))", [.integer(0x4752), .text(handle)])
            let inserted = try await rows(
                "INSERT INTO portfolio (handle, source_digest) VALUES ($1, $2) ON CONFLICT (handle) DO NOTHING RETURNING id",
                [.text(handle), .text(file.sourceDigest)])
            let created = !inserted.isEmpty
            guard let id = try await rows("SELECT id FROM portfolio WHERE handle = $1", [.text(handle)]).first?.integer(0) else {
                throw CentralError.unknownPortfolio(handle)
            }
            var published: [String: String] = [:]
            var publishedProjects: [Int64: String] = [:]
            if !created {
                for row in try await rows("SELECT table_name, digest FROM published_table WHERE portfolio_id = $1", [.integer(id)]) {
                    published[try row.text(0) ?? ""] = try row.text(1)
                }
                for row in try await rows("SELECT project_id, digest FROM published_project WHERE portfolio_id = $1", [.integer(id)]) {
                    publishedProjects[try row.integer(0) ?? 0] = try row.text(1)
                }
            }
            // The projects to send, and those to remove.
            let sent = file.projectDigests.filter { publishedProjects[$0.key] != $0.value }.keys.sorted()
            let removed = publishedProjects.keys.filter { file.projectDigests[$0] == nil }.sorted()
            let mode: ProjectMode
            if created {
                mode = .fresh
            } else if publishedProjects.isEmpty || (sent.count + removed.count) * 2 > max(file.projectDigests.count, 1) {
                mode = .whole  // no digests yet (or most projects changed): every project's rows, merged
            } else {
                mode = .projects(Set(sent))
            }
            let projectsChanged: Bool
            switch mode {
            case .fresh, .whole: projectsChanged = true
            case .projects: projectsChanged = !sent.isEmpty || !removed.isEmpty
            }
            if case .projects = mode {
                progress?("\(handle): \(sent.count) of \(file.projectDigests.count) projects changed, \(removed.count) removed")
            }
            // The statistics facts: a project's follow from its own rows and
            // the portfolio-wide tables that are not statistics. When one of
            // those changed, every project's facts are compared.
            let inputsChanged = created || tables.contains {
                $0.owner == .portfolio && !PublishedTables.isStatistics($0.name) && published[$0.name] != file.shared[$0.name]!.digest
            }
            let statisticsChanged = projectsChanged || inputsChanged
            var everyProjectsStatistics = true
            if case .projects = mode, !inputsChanged { everyProjectsStatistics = false }
            var statistics = file.perProject.filter { PublishedTables.isStatistics($0.key) }
            if statisticsChanged && !file.hasStatistics {
                statistics = try await Self.readStatistics(file, tables: tables, projects: everyProjectsStatistics ? nil : sent)
            }
            // In the project mode: the applications of the projects sent or removed, central and in the file.
            var applications: [Int64] = []
            if case .projects(let sentSet) = mode, projectsChanged {
                let scope = sent + removed
                var ids = Set(try await self.rows(
                    "SELECT id FROM application WHERE portfolio_id = $1 AND project_id = ANY($2::bigint[])",
                    [.integer(id), .integers(scope)]).map { try $0.integer(0) ?? 0 })
                for (application, project) in file.applicationProjects where sentSet.contains(project) { ids.insert(application) }
                applications = ids.sorted()
            }
            var changes: [PublishReport.TableChange] = []
            for (index, table) in tables.enumerated() {
                let change: PublishReport.TableChange
                if table.owner == .portfolio {
                    let rows = file.shared[table.name]!
                    guard published[table.name] != rows.digest else { continue }
                    if created {
                        progress?("\(handle): \(table.name) (\(index + 1)/\(tables.count), \(rows.rows.count) rows)")
                        change = try await self.copyNew(rows.rows, into: table, portfolio: id)
                        try await self.replacePartDigests(rows, of: table, portfolio: id, parts: nil)
                    } else {
                        change = try await self.mergeParts(rows, into: table, portfolio: id) { line in
                            progress?("\(handle): \(table.name) (\(index + 1)/\(tables.count), \(line))")
                        }
                    }
                    try await execute(
                        """
                        INSERT INTO published_table (portfolio_id, table_name, digest, row_count) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (portfolio_id, table_name) DO UPDATE SET digest = excluded.digest, row_count = excluded.row_count
                        """, [.integer(id), .text(table.name), .text(rows.digest), .integer(Int64(rows.rows.count))])
                } else {
                    let isStatistics = PublishedTables.isStatistics(table.name)
                    guard isStatistics ? statisticsChanged : projectsChanged else { continue }
                    let rows = isStatistics ? statistics[table.name]! : file.perProject[table.name]!
                    switch mode {
                    case .fresh:
                        progress?("\(handle): \(table.name) (\(index + 1)/\(tables.count), \(rows.rows.count) rows)")
                        change = try await self.copyNew(rows.rows, into: table, portfolio: id)
                    case .whole:
                        progress?("\(handle): \(table.name) (\(index + 1)/\(tables.count), \(rows.rows.count) rows)")
                        change = try await self.merge(rows.rows, into: table, portfolio: id)
                    case .projects where isStatistics && everyProjectsStatistics:
                        progress?("\(handle): \(table.name) (\(index + 1)/\(tables.count), \(rows.rows.count) rows of every project)")
                        change = try await self.merge(rows.rows, into: table, portfolio: id)
                    case .projects(let sentSet):
                        let lines = rows.rows.subset(rows.projects.indices.lazy.filter { sentSet.contains(rows.projects[$0]) })
                        progress?("\(handle): \(table.name) (\(index + 1)/\(tables.count), \(lines.count) rows of changed projects)")
                        let scope: MergeScope
                        switch table.owner {
                        case .project(let column): scope = MergeScope(column: column, type: "bigint", values: .integers(sent + removed))
                        default: scope = MergeScope(column: "application_id", type: "bigint", values: .integers(applications))
                        }
                        change = try await self.merge(lines, into: table, portfolio: id, scope: scope)
                    }
                }
                changes.append(change)
            }
            // The project digests: those of the projects sent replace theirs; the removed ones' go.
            if projectsChanged {
                switch mode {
                case .fresh:
                    break
                case .whole:
                    try await execute("DELETE FROM published_project WHERE portfolio_id = $1", [.integer(id)])
                case .projects:
                    try await execute(
                        "DELETE FROM published_project WHERE portfolio_id = $1 AND project_id = ANY($2::bigint[])",
                        [.integer(id), .integers(sent + removed)])
                }
                let digests = (mode == .whole || mode == .fresh ? file.projectDigests.keys.sorted() : sent)
                    .map { "\($0)\t\(file.projectDigests[$0]!)" }
                try await copy(
                    into: "published_project", columns: ["portfolio_id", "project_id", "digest"], rows: CopyRows(lines: digests),
                    prefix: "\(id)\t")
            }
            let changed = changes.filter { $0.inserted + $0.updated + $0.deleted > 0 }
            if created || !changed.isEmpty {
                try await execute(
                    "UPDATE portfolio SET published_at = now(), source_digest = $2 WHERE id = $1", [.integer(id), .text(file.sourceDigest)])
            }
            var report = PublishReport(handle: handle, created: created, changes: changed)
            switch mode {
            case .fresh, .whole: report.projectsSent = projectsChanged ? file.projectDigests.count : 0
            case .projects: report.projectsSent = sent.count
            }
            report.projectsRemoved = removed.count
            return report
        }
    }

    /// Brings PostgreSQL's statistics of the tables a publish changed much
    /// up to date (`ANALYZE`): those where at least 10,000 rows changed, and
    /// at least a tenth of the rows PostgreSQL last counted in the table
    /// (autovacuum's own measure, applied at once rather than some time later).
    ///
    /// Without them the planner takes a table that a publish just filled for
    /// the nearly empty one it last measured: the next re-publish's merges
    /// then joined their few changed rows to every row of the portfolio
    /// (hash joins over a whole table), not through the key's index.
    /// `ANALYZE` runs after the commit, a table at a time, so that publishers
    /// of other portfolios wait at most for one table's sample, not for this
    /// publish. The publish has committed by then: a failure here is reported
    /// as progress and changes nothing.
    private func analyze(after report: PublishReport, progress: (@Sendable (String) -> Void)?) async {
        var changed = report.changes.map { ($0.table, $0.inserted + $0.updated + $0.deleted) }
        changed.append(("published_project", report.projectsSent + report.projectsRemoved))
        for (table, rows) in changed where rows >= 10_000 {
            do {
                let counted = try await self.rows(
                    "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = $1::regclass", [.text(table)]).first?.integer(0) ?? 0
                guard Int64(rows) * 10 >= counted else { continue }
                progress?("\(report.handle): measuring \(table) for PostgreSQL's planner (ANALYZE)")
                try await execute("ANALYZE \(table)")
            } catch {
                progress?("\(report.handle): ANALYZE \(table) failed (autovacuum will measure it later): \(error)")
                return
            }
        }
    }

    /// How a publish sends the project tables.
    private enum ProjectMode: Equatable {
        /// A new portfolio: every row, copied straight into the tables.
        case fresh
        /// Every project's rows, merged table by table (no digests yet, or most projects changed).
        case whole
        /// The rows of these projects, merged within them and the removed ones.
        case projects(Set<Int64>)
    }

    /// Makes the portfolio's rows of a portfolio-wide `table` equal to the
    /// file's: for a table split into parts whose digests were published
    /// (`published_part`), only the parts whose digest differs are sent and
    /// merged (unless most differ), and only their digests replaced; else the
    /// whole table, and every part's digest.
    private func mergeParts(
        _ rows: FileTable, into table: CentralTable, portfolio id: Int64, progress: (String) -> Void
    ) async throws -> PublishReport.TableChange {
        guard let column = PublishedTables.partColumn(of: table.name), !rows.parts.isEmpty || !rows.rows.isEmpty else {
            progress("\(rows.rows.count) rows")
            let change = try await merge(rows.rows, into: table, portfolio: id)
            // An emptied table keeps no digest of a part it no longer has.
            try await replacePartDigests(rows, of: table, portfolio: id, parts: nil)
            return change
        }
        var published: [String: String] = [:]
        for row in try await self.rows(
            "SELECT part, digest FROM published_part WHERE portfolio_id = $1 AND table_name = $2", [.integer(id), .text(table.name)]) {
            published[try row.text(0) ?? ""] = try row.text(1)
        }
        let changed = Set(rows.parts.filter { published[$0.key] != $0.value }.keys)
        let removed = published.keys.filter { rows.parts[$0] == nil }
        guard !published.isEmpty, (changed.count + removed.count) * 2 <= max(rows.parts.count, 1) else {
            progress("\(rows.rows.count) rows")
            let change = try await merge(rows.rows, into: table, portfolio: id)
            try await replacePartDigests(rows, of: table, portfolio: id, parts: nil)
            return change
        }
        let changedParts = Set(rows.partNames.indices.filter { changed.contains(rows.partNames[$0]) }.map(Int32.init))
        let lines = rows.rows.subset(rows.partOfRow.indices.lazy.filter { changedParts.contains(rows.partOfRow[$0]) })
        let scope = changed.sorted() + removed.sorted()
        progress("\(lines.count) rows of \(scope.count) changed \(column)s")
        let change = try await merge(lines, into: table, portfolio: id, scope: MergeScope(column: column, type: "text", values: .texts(scope)))
        try await replacePartDigests(rows, of: table, portfolio: id, parts: scope)
        return change
    }

    /// Replaces the published digests of a parted table's `parts` (nil: of
    /// all of them) with the file's; a part no longer in the file loses its digest.
    private func replacePartDigests(_ rows: FileTable, of table: CentralTable, portfolio id: Int64, parts: [String]?) async throws {
        guard PublishedTables.partColumn(of: table.name) != nil else { return }
        if let parts {
            try await execute(
                "DELETE FROM published_part WHERE portfolio_id = $1 AND table_name = $2 AND part = ANY($3::text[])",
                [.integer(id), .text(table.name), .texts(parts)])
        } else {
            try await execute("DELETE FROM published_part WHERE portfolio_id = $1 AND table_name = $2", [.integer(id), .text(table.name)])
        }
        let written = (parts ?? Array(rows.parts.keys)).filter { rows.parts[$0] != nil }.sorted()
        try await execute(
            """
            INSERT INTO published_part (portfolio_id, table_name, part, digest)
            SELECT $1, $2, part, digest FROM unnest($3::text[], $4::text[]) AS p (part, digest)
            """, [.integer(id), .text(table.name), .texts(written), .texts(written.map { rows.parts[$0]! })])
    }

    /// The published tables' columns and keys, from the central schema.
    func centralTables() async throws -> [CentralTable] {
        var tables: [CentralTable] = []
        for name in PublishedTables.names {
            let columns = try await rows(
                """
                SELECT column_name::text FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = $1 AND column_name <> 'portfolio_id'
                ORDER BY ordinal_position
                """, [.text(name)]).map { try $0.text(0) ?? "" }
            let key = try await rows(
                """
                SELECT a.attname::text FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                WHERE i.indrelid = $1::regclass AND i.indisprimary AND a.attname <> 'portfolio_id'
                ORDER BY a.attnum
                """, [.text(name)]).map { try $0.text(0) ?? "" }
            guard !columns.isEmpty, !key.isEmpty else { throw CentralError.notMigrated }
            tables.append(CentralTable(name: name, columns: columns, key: key))
        }
        return tables
    }

    /// Copies the rows of a portfolio that has none yet straight into `table`.
    private func copyNew(_ rows: CopyRows, into table: CentralTable, portfolio id: Int64) async throws -> PublishReport.TableChange {
        try await copy(into: table.name, columns: ["portfolio_id"] + table.columns, rows: rows, prefix: "\(id)\t")
        return PublishReport.TableChange(table: table.name, inserted: rows.count, updated: 0, deleted: 0)
    }

    /// Copies `lines` into a temporary table and makes the portfolio's rows of
    /// `table` equal to them: deletes, updates and inserts only what differs.
    /// With a `scope` (the central rows whose `column` is one of `values`),
    /// only the rows it selects are compared: those not in `lines` are
    /// deleted; the others stay as they are.
    private func merge(
        _ lines: CopyRows, into table: CentralTable, portfolio id: Int64, scope: MergeScope? = nil
    ) async throws -> PublishReport.TableChange {
        let stage = "stage_" + table.name
        let columns = table.columns.joined(separator: ", ")
        let matches = table.key.map { "s.\($0) = t.\($0)" }.joined(separator: " AND ")
        let others = table.columns.filter { !table.key.contains($0) }
        // A scope on a key column also narrows the update's and the insert's
        // search (a row matching a staged key has the staged row's scope), so
        // that an index on it (the span's) is used rather than a scan.
        let keyScope = scope.flatMap { table.key.contains($0.column) ? $0 : nil }
        let narrowed = keyScope.map { " AND " + $0.condition } ?? ""
        let narrowedValues = keyScope.map { [$0.values] } ?? []
        try await execute("CREATE TEMP TABLE \(stage) ON COMMIT DROP AS SELECT \(columns) FROM \(table.name) WITH NO DATA")
        if !lines.isEmpty {
            try await copy(into: stage, columns: table.columns, rows: lines)
            try await execute("ANALYZE \(stage)")
        }
        let deleted = try await count(
            """
            WITH d AS (DELETE FROM \(table.name) t WHERE t.portfolio_id = $1\(scope.map { " AND " + $0.condition } ?? "")
                       AND NOT EXISTS (SELECT 1 FROM \(stage) s WHERE \(matches)) RETURNING 1)
            SELECT count(*) FROM d
            """, [.integer(id)] + (scope.map { [$0.values] } ?? []))
        var updated = 0
        if !others.isEmpty && !lines.isEmpty {
            updated = try await count(
                """
                WITH u AS (UPDATE \(table.name) t SET \(others.map { "\($0) = s.\($0)" }.joined(separator: ", "))
                           FROM \(stage) s WHERE t.portfolio_id = $1\(narrowed) AND \(matches)
                           AND ROW(\(others.map { "t.\($0)" }.joined(separator: ", ")))
                               IS DISTINCT FROM ROW(\(others.map { "s.\($0)" }.joined(separator: ", ")))
                           RETURNING 1)
                SELECT count(*) FROM u
                """, [.integer(id)] + narrowedValues)
        }
        var inserted = 0
        if !lines.isEmpty {
            // The staged rows whose key the portfolio does not have yet: each
            // key looked up in the primary key's index (an anti-join planned
            // by cost hashed every row of the table, for a few new ones).
            inserted = try await count(
                """
                WITH i AS (INSERT INTO \(table.name) (portfolio_id, \(columns))
                           SELECT $1, \(table.columns.map { "s.\($0)" }.joined(separator: ", ")) FROM \(stage) s
                           ON CONFLICT (portfolio_id, \(table.key.joined(separator: ", "))) DO NOTHING
                           RETURNING 1)
                SELECT count(*) FROM i
                """, [.integer(id)])
        }
        try await execute("DROP TABLE \(stage)")
        return PublishReport.TableChange(table: table.name, inserted: inserted, updated: updated, deleted: deleted)
    }

    /// The central rows a merge compares: those whose `column` is one of
    /// `values` (an array of `type`), bound as `$2`.
    struct MergeScope {
        var column: String
        var type: String
        var values: CentralValue
        var condition: String { "t.\(column) = ANY($2::\(type)[])" }
    }

    private func count(_ sql: String, _ values: [CentralValue]) async throws -> Int {
        Int(try await rows(sql, values).first?.integer(0) ?? 0)
    }

    // MARK: - The file

    /// The handle a file is published under by default: its name without the extension.
    static func defaultHandle(for path: String) throws -> String {
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        guard isValidHandle(name) else { throw CentralError.invalidHandle(name) }
        return name
    }

    /// Letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most 200.
    static func isValidHandle(_ handle: String) -> Bool {
        guard let first = handle.unicodeScalars.first, handle.unicodeScalars.count <= 200 else { return false }
        func allowed(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar))
        }
        return allowed(first) && handle.unicodeScalars.allSatisfy { allowed($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    /// Reads every published table of the portfolio file at `path`, after
    /// checking that it is a portfolio at this library's schema version whose
    /// statistics are up to date; works out the portfolio-wide tables'
    /// digests and each project's.
    ///
    /// Rows are read in the order of each table's key, as COPY text, in
    /// place (``CopyRows``); that order makes the digests the same for the
    /// same rows. The statistics facts, which no digest covers, are read in
    /// the order of the file's own key (``fileKey(_:of:)``). The file is read
    /// in two halves at once, on two
    /// connections with threads of their own (not the caller's executor),
    /// each in a read transaction: the portfolio-wide tables with the
    /// tables of project rows, and the tables of application rows (each
    /// row joined to its application's project) with the statistics facts.
    /// Both must have read
    /// the same state of the file: each connection's `PRAGMA data_version`
    /// is taken in its transaction and again after it, and if either
    /// changed (a write was committed meanwhile) the file is read again, at
    /// last on one connection in one transaction.
    ///
    /// - Parameters:
    ///   - withStatistics: Whether the projects' statistics facts are read
    ///   too; if not, ``readStatistics(_:tables:projects:)`` reads those
    ///   needed later, and the projects' digests do not depend on them.
    ///   - secondHalfDelay: For tests: how long the second half waits
    ///   before it begins, so that a write can come between the halves.
    static func read(
        path: String, tables: [CentralTable], withStatistics: Bool = true, secondHalfDelay: Duration = .zero
    ) async throws -> FileSnapshot {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CentralError.notAPortfolio(path: path, reason: "no such file")
        }
        var configuration = Connection.Configuration()
        configuration.mode = .readOnly
        let first: DatabaseQueue
        let second: DatabaseQueue
        do {
            first = try DatabaseQueue(path: path, configuration: configuration)
            let hasSchema = try await first.read { db in
                try db.fetchOne(
                    sql: "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('schema_migrations', 'project', 'statistics_period')"
                ) { try $0[0] as Int } ?? 0
            }
            guard hasSchema == 3 else { throw CentralError.notAPortfolio(path: path, reason: "it has no portfolio schema") }
            second = try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as SQLiteError {
            throw CentralError.notAPortfolio(path: path, reason: error.message)
        }
        let shared = tables.filter { $0.owner == .portfolio }
        let owned = tables.filter { $0.owner != .portfolio && (withStatistics || !PublishedTables.isStatistics($0.name)) }
        // The halves: the portfolio-wide tables and the tables of project
        // rows; the tables of application rows and the statistics facts.
        let firstHalf = owned.filter { $0.owner != .application && !PublishedTables.isStatistics($0.name) }
        let secondHalf = owned.filter { $0.owner == .application || PublishedTables.isStatistics($0.name) }
        for _ in 0..<3 {
            async let firstPart = first.read { db in
                try checkReadable(db, path: path)
                return (try dataVersion(db), try readShared(db, tables: shared), try readProjectTables(db, tables: firstHalf))
            }
            async let secondPart = { () async throws -> (Int64, ProjectTables) in
                if secondHalfDelay > .zero { try await Task.sleep(for: secondHalfDelay) }
                return try await second.read { db in (try dataVersion(db), try readProjectTables(db, tables: secondHalf)) }
            }()
            let (secondVersion, secondRows) = try await secondPart
            let (firstVersion, sharedTables, firstRows) = try await firstPart
            let firstNow = try await first.read { try dataVersion($0) }
            let secondNow = try await second.read { try dataVersion($0) }
            guard firstNow == firstVersion, secondNow == secondVersion else { continue }
            return snapshot(
                shared: sharedTables, projectTables: [firstRows, secondRows], tables: tables, hasStatistics: withStatistics,
                source: first, dataVersion: firstVersion)
        }
        let (version, sharedTables, rows) = try await first.read { db in
            try checkReadable(db, path: path)
            return (try dataVersion(db), try readShared(db, tables: shared), try readProjectTables(db, tables: owned))
        }
        return snapshot(
            shared: sharedTables, projectTables: [rows], tables: tables, hasStatistics: withStatistics, source: first, dataVersion: version)
    }

    /// The snapshot of the tables read (on one connection or two), with each
    /// project's digest and the digest of it all; `source` at `dataVersion`
    /// reads the statistics facts later when `hasStatistics` is false.
    private static func snapshot(
        shared: [String: FileTable], projectTables: [ProjectTables], tables: [CentralTable],
        hasStatistics: Bool, source: DatabaseQueue, dataVersion: Int64
    ) -> FileSnapshot {
        var snapshot = FileSnapshot(hasStatistics: hasStatistics, source: source, dataVersion: dataVersion)
        snapshot.shared = shared
        for part in projectTables {
            snapshot.perProject.merge(part.tables) { first, _ in first }
            if let owners = part.applicationProjects { snapshot.applicationProjects = owners }
        }
        snapshot.projectDigests = projectDigests(
            tables.filter { $0.owner != .portfolio && !PublishedTables.isStatistics($0.name) }.map { snapshot.perProject[$0.name]! })
        snapshot.sourceDigest = sourceDigest(snapshot, tables: tables)
        return snapshot
    }

    /// The statistics facts of `projects` (nil: of every project) in the
    /// file `snapshot` was read from, in the state it was read in, on the
    /// connection that read its project tables.
    ///
    /// - Throws: `FileChangedWhileRead` when a write was committed to the
    ///   file since (its `PRAGMA data_version` differs).
    static func readStatistics(_ snapshot: FileSnapshot, tables: [CentralTable], projects: [Int64]?) async throws -> [String: ProjectTable] {
        guard let source = snapshot.source else { throw FileChangedWhileRead() }
        let version = snapshot.dataVersion
        let statistics = tables.filter { $0.owner != .portfolio && PublishedTables.isStatistics($0.name) }
        return try await source.read { db in
            guard try dataVersion(db) == version else { throw FileChangedWhileRead() }
            return try readProjectTables(db, tables: statistics, projects: projects).tables
        }
    }

    /// SQLite's count of the changes other connections committed, as this connection last saw it.
    private static func dataVersion(_ db: Connection) throws -> Int64 {
        try db.fetchOne(sql: "PRAGMA data_version") { try $0[0] as Int64 } ?? 0
    }

    /// Refuses a file at another schema version, or whose statistics are stale.
    private static func checkReadable(_ db: Connection, path: String) throws {
        let version = try db.fetchOne(sql: "SELECT max(version) FROM schema_migrations") { try $0[0] as Int? } ?? 0
        guard let version, version == PortfolioSchema.latestVersion else {
            throw CentralError.portfolioSchema(path: path, version: version ?? 0, expected: PortfolioSchema.latestVersion)
        }
        let stale = try db.fetchOne(sql: "SELECT EXISTS (SELECT 1 FROM statistics_stale)") { try $0[0] as Bool } ?? false
        if stale { throw CentralError.staleStatistics(path: path) }
    }

    /// The statement that reads the rows of `table` a publish sends, in the
    /// order of `order` (nil: of its central key); with `projectColumn`, only
    /// those whose project (in that column) is in the JSON array bound to it.
    private static func selection(_ table: CentralTable, projectColumn: String? = nil, order: [String]? = nil) -> String {
        let conditions = [PublishedTables.publishedRows(of: table.name), projectColumn.map { "\($0) IN (SELECT value FROM json_each(?))" }]
            .compactMap { $0 }
        let condition = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let order = (order ?? table.key).joined(separator: ", ")
        return "SELECT \(table.columns.joined(separator: ", ")) FROM \(table.name)\(condition) ORDER BY \(order)"
    }

    /// The columns of the file's primary key of `table`, in their order
    /// there; nil when it has none but its rowid.
    ///
    /// The statistics facts are read in this order, the file's own: no
    /// digest covers them, and `statistics_period` is kept by first day
    /// (`Migrations/0011_statistics_period_by_date.sql`), so that the order of
    /// the central key would be an index lookup per row (on a million
    /// projects, 63–72 s instead of 23–26 s for the 5.6 million periods).
    ///
    /// - Throws: `SQLiteError` when the schema cannot be read.
    private static func fileKey(_ db: Connection, of table: String) throws -> [String]? {
        let key = try db.fetchAll(
            sql: "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", arguments: [table]
        ) { try $0[0] as String }
        return key.isEmpty ? nil : key
    }

    /// Project ids as one JSON array, bound for `json_each`.
    private static func jsonArray(_ projects: [Int64]) -> SQLiteValue {
        .text("[" + projects.map(String.init).joined(separator: ",") + "]")
    }

    /// The portfolio-wide tables, each with its digest (and its parts').
    private static func readShared(_ db: Connection, tables: [CentralTable]) throws -> [String: FileTable] {
        var shared: [String: FileTable] = [:]
        for table in tables {
            let sql = selection(table)
            if let partColumn = PublishedTables.partColumn(of: table.name), let index = table.columns.firstIndex(of: partColumn) {
                shared[table.name] = try partedTable(db, sql: sql, partIndex: index)
            } else {
                var rows = CopyRows()
                let statement = try db.makeStatement(sql: sql)
                while try statement.step() { rows.append(statement.row) }
                var hasher = SHA256()
                rows.hashAll(into: &hasher)
                shared[table.name] = FileTable(rows: rows, digest: RowDigest.hex(hasher.finalize()))
            }
        }
        return shared
    }

    /// Tables of project rows read on one connection: each with each row's
    /// project; with the applications, each application's project.
    struct ProjectTables: Sendable {
        var tables: [String: ProjectTable] = [:]
        var applicationProjects: [Int64: Int64]?
    }

    /// The tables of project rows and of application rows among `tables`;
    /// of the tables of project rows, only the rows of `projects` (nil: of
    /// all), read through their key.
    private static func readProjectTables(_ db: Connection, tables: [CentralTable], projects: [Int64]? = nil) throws -> ProjectTables {
        var read = ProjectTables()
        for table in tables {
            switch table.owner {
            case .portfolio:
                continue
            case .project(let column):
                if table.name == "statistics_unconvertible" {
                    read.tables[table.name] = try unconvertibleRows(db, columns: table.columns, projects: projects)
                    continue
                }
                let (rows, owners) = try projectTable(db, table: table, column: column, projects: projects)
                if table.name == "application" { read.applicationProjects = owners }
                read.tables[table.name] = rows
            case .application:
                read.tables[table.name] = try applicationTable(db, table: table)
            }
        }
        return read
    }

    /// The rows of a table of application rows, in the order of its key,
    /// each with its application's project (joined, so that the table can
    /// be read on a connection other than the applications').
    private static func applicationTable(_ db: Connection, table: CentralTable) throws -> ProjectTable {
        let columns = table.columns.map { "t.\($0)" }.joined(separator: ", ")
        let order = table.key.map { "t.\($0)" }.joined(separator: ", ")
        let statement = try db.makeStatement(sql: """
            SELECT \(columns), a.project_id FROM \(table.name) AS t LEFT JOIN application AS a ON a.id = t.application_id
            ORDER BY \(order)
            """)
        let projectIndex = table.columns.count
        var rows = ProjectTable(rows: CopyRows(), projects: [])
        while try statement.step() {
            let row = statement.row
            guard row.column(projectIndex).storageClass == .integer else {
                throw CentralError.badData("\(table.name): a row of an unknown application")
            }
            rows.rows.append(row, columns: projectIndex)
            rows.projects.append(row.column(projectIndex).int64Value)
        }
        return rows
    }

    /// The rows of a table of project rows (its project in `column`), of
    /// `projects` (nil: of all), with each row's project; for the
    /// applications, also each one's project by its id.
    private static func projectTable(
        _ db: Connection, table: CentralTable, column: String, projects: [Int64]?
    ) throws -> (rows: ProjectTable, owners: [Int64: Int64]) {
        let index = table.columns.firstIndex(of: column)!
        // The applications' ids, for their rows in the tables after it.
        let idIndex = table.name == "application" ? table.columns.firstIndex(of: "id") : nil
        var owners: [Int64: Int64] = [:]
        var rows = ProjectTable(rows: CopyRows(), projects: [])
        let order = PublishedTables.isStatistics(table.name) ? try fileKey(db, of: table.name) : nil
        let statement = try db.makeStatement(sql: selection(table, projectColumn: projects == nil ? nil : column, order: order))
        if let projects { try statement.bind(jsonArray(projects), at: 1) }
        while try statement.step() {
            let row = statement.row
            guard row.column(index).storageClass == .integer else {
                throw CentralError.badData("\(table.name).\(column) is not an id")
            }
            let project = row.column(index).int64Value
            if let idIndex { owners[row.column(idIndex).int64Value] = project }
            rows.rows.append(row)
            rows.projects.append(project)
        }
        return (rows, owners)
    }

    /// The digest of it all: the portfolio-wide tables' digests and every project's.
    private static func sourceDigest(_ snapshot: FileSnapshot, tables: [CentralTable]) -> String {
        var bytes: [UInt8] = []
        for table in tables where table.owner == .portfolio {
            bytes.append(contentsOf: "\(table.name) \(snapshot.shared[table.name]!.digest)\n".utf8)
        }
        for project in snapshot.projectDigests.keys.sorted() {
            bytes.append(contentsOf: "\(project) \(snapshot.projectDigests[project]!)\n".utf8)
        }
        return RowDigest.sha256Hex(of: bytes)
    }

    /// A portfolio-wide table split into parts by the column at `partIndex`:
    /// its rows in the order of its key, each part's digest (of its rows in
    /// that order), and the table's, the digest of its parts' digests in the
    /// parts' order.
    private static func partedTable(_ db: Connection, sql: String, partIndex: Int) throws -> FileTable {
        var table = FileTable(rows: CopyRows(), digest: "")
        var partIDs: [String: Int32] = [:]
        var hashers: [SHA256] = []
        var part: [UInt8] = []
        let statement = try db.makeStatement(sql: sql)
        while try statement.step() {
            let row = statement.row
            part.removeAll(keepingCapacity: true)
            CopyText.append(row.column(partIndex), to: &part)
            let name = String(decoding: part, as: UTF8.self)
            let id: Int32
            if let known = partIDs[name] {
                id = known
            } else {
                id = Int32(table.partNames.count)
                partIDs[name] = id
                table.partNames.append(name)
                hashers.append(SHA256())
            }
            table.rows.append(row)
            table.partOfRow.append(id)
            table.rows.hash(table.rows.count - 1, into: &hashers[Int(id)])
        }
        var all: [UInt8] = []
        for name in table.partNames.sorted(by: bytewise) {
            let digest = RowDigest.hex(hashers[Int(partIDs[name]!)].finalize())
            table.parts[name] = digest
            all.append(contentsOf: "\(name) \(digest)\n".utf8)
        }
        table.digest = RowDigest.sha256Hex(of: all)
        return table
    }

    /// Each project's digest: the SHA-256 of the file's schema version, then
    /// its rows in `tables`, table by table, each table's rows in their
    /// order there, framed by the table's position and its number of rows
    /// (a row holds no newline). The publish passes the tables of the
    /// project's own rows, not its statistics facts, which follow from them.
    static func projectDigests(_ tables: [ProjectTable]) -> [Int64: String] {
        var projects = Set<Int64>()
        for table in tables { projects.formUnion(table.projects) }
        // Each table's rows grouped by project, in their order within it.
        let orders: [[Int]] = tables.map { table in
            let p = table.projects
            if zip(p, p.dropFirst()).allSatisfy({ $0 <= $1 }) { return Array(p.indices) }
            return p.indices.sorted { p[$0] != p[$1] ? p[$0] < p[$1] : $0 < $1 }
        }
        var cursors = [Int](repeating: 0, count: tables.count)
        var digests: [Int64: String] = [:]
        digests.reserveCapacity(projects.count)
        // The schema version first: the statistics facts a digest stands for
        // are worked out by the rules of a version.
        let version = Array("schema \(PortfolioSchema.latestVersion)\n".utf8)
        for project in projects.sorted() {
            var hasher = SHA256()
            hasher.update(data: version)
            for (position, table) in tables.enumerated() {
                let order = orders[position]
                let start = cursors[position]
                var end = start
                while end < order.count && table.projects[order[end]] == project { end += 1 }
                hasher.update(data: Array("\(position) \(end - start)\n".utf8))
                for index in order[start..<end] { table.rows.hash(index, into: &hasher) }
                cursors[position] = end
            }
            digests[project] = RowDigest.hex(hasher.finalize())
        }
        return digests
    }

    /// The unconvertible figures' rows, in the order of `columns`, with their
    /// project; of `projects` only (nil: of all).
    private static func unconvertibleRows(_ db: Connection, columns: [String], projects: [Int64]?) throws -> ProjectTable {
        var position: [String: Int] = [:]
        var table = ProjectTable(rows: CopyRows(), projects: [])
        let periods = try projects.map { try UnconvertibleFigurePeriod.all(in: db, projects: $0) } ?? UnconvertibleFigurePeriod.all(in: db)
        for row in periods {
            let period = "\(row.projectID) \(row.validFrom)"
            let index = position[period, default: 0]
            position[period] = index + 1
            let figure = row.figure
            let values: [String: SQLiteValue] = [
                "project_id": .integer(row.projectID), "valid_from": .text(row.validFrom), "position": .integer(Int64(index)),
                "valid_until": .text(row.validUntil), "reference": .text(figure.project),
                "application_id": .integer(Int64(figure.application.rawValue)), "kind": .text(figure.kind.rawValue),
                "currency": .text(figure.amount.currency.code), "amount_minor": .integer(figure.amount.minorUnits),
                "rate_date": .text(figure.rateDate.description),
            ]
            table.rows.append(columns.map { values[$0] ?? .null })
            table.projects.append(row.projectID)
        }
        return table
    }

    /// Whether `a` comes before `b` in the order of their UTF-8 bytes (the
    /// order the digests are taken in), compared with `memcmp`.
    static func bytewise(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return order != 0 ? order < 0 : x.count < y.count
            }
        }
    }
}
