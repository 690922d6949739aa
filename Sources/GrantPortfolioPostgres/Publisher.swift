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
        "currency", "exchange_rate", "status", "status_transition", "organisation", "funding_source", "theme",
        "project", "project_theme", "application", "participation", "status_event", "money_figure",
        "statistics_period", "statistics_period_money", "statistics_change", "statistics_breakdown_change",
        "statistics_activity_change", "statistics_unconvertible",
    ]
}

/// A table's columns in the central schema (without `portfolio_id`) and its key.
struct CentralTable: Sendable {
    var name: String
    var columns: [String]
    var key: [String]
}

/// A table of the file, as COPY text lines ordered by its key, and their digest.
struct FileTable: Sendable {
    var lines: [String]
    var digest: String
}

extension CentralDatabase {
    /// Publishes a portfolio file: its rows and its statistics facts, in one
    /// transaction, all or nothing.
    ///
    /// Per table, the rows are compared with those last published through a
    /// digest; a table that differs is copied (COPY) into a temporary table,
    /// and exactly the rows that changed are deleted, updated or inserted.
    /// Publishing the same file twice at once is serialised on the portfolio
    /// (`pg_advisory_xact_lock`). The central schema is created or upgraded first.
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
        let file = try Self.read(path: path, tables: tables)
        let sourceDigest = ContentDigest.sha256Hex(of: Array(tables.map { file[$0.name]!.digest }.joined(separator: "\n").utf8))
        return try await transaction {
            try await execute("SELECT pg_advisory_xact_lock($1::integer, hashtext($2))", [.integer(0x4752), .text(handle)])
            let inserted = try await rows(
                "INSERT INTO portfolio (handle, source_digest) VALUES ($1, $2) ON CONFLICT (handle) DO NOTHING RETURNING id",
                [.text(handle), .text(sourceDigest)])
            let created = !inserted.isEmpty
            guard let id = try await rows("SELECT id FROM portfolio WHERE handle = $1", [.text(handle)]).first?.integer(0) else {
                throw CentralError.unknownPortfolio(handle)
            }
            var published: [String: String] = [:]
            for row in try await rows("SELECT table_name, digest FROM published_table WHERE portfolio_id = $1", [.integer(id)]) {
                published[try row.text(0) ?? ""] = try row.text(1)
            }
            var changes: [PublishReport.TableChange] = []
            for (index, table) in tables.enumerated() {
                let rows = file[table.name]!
                guard published[table.name] != rows.digest else { continue }
                progress?("\(handle): \(table.name) (\(index + 1)/\(tables.count), \(rows.lines.count) rows)")
                changes.append(try await self.merge(rows, into: table, portfolio: id))
                try await execute(
                    """
                    INSERT INTO published_table (portfolio_id, table_name, digest, row_count) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (portfolio_id, table_name) DO UPDATE SET digest = excluded.digest, row_count = excluded.row_count
                    """, [.integer(id), .text(table.name), .text(rows.digest), .integer(Int64(rows.lines.count))])
            }
            let changed = changes.filter { $0.inserted + $0.updated + $0.deleted > 0 }
            if created || !changed.isEmpty {
                try await execute(
                    "UPDATE portfolio SET published_at = now(), source_digest = $2 WHERE id = $1", [.integer(id), .text(sourceDigest)])
            }
            return PublishReport(handle: handle, created: created, changes: changed)
        }
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

    /// Copies `rows` into a temporary table and makes the portfolio's rows of
    /// `table` equal to them: deletes, updates and inserts only what differs.
    private func merge(_ rows: FileTable, into table: CentralTable, portfolio id: Int64) async throws -> PublishReport.TableChange {
        let stage = "stage_" + table.name
        let columns = table.columns.joined(separator: ", ")
        let matches = table.key.map { "s.\($0) = t.\($0)" }.joined(separator: " AND ")
        let others = table.columns.filter { !table.key.contains($0) }
        try await execute("CREATE TEMP TABLE \(stage) ON COMMIT DROP AS SELECT \(columns) FROM \(table.name) WITH NO DATA")
        try await copy(into: stage, columns: table.columns, lines: rows.lines)
        try await execute("ANALYZE \(stage)")
        let deleted = try await count(
            """
            WITH d AS (DELETE FROM \(table.name) t WHERE t.portfolio_id = $1
                       AND NOT EXISTS (SELECT 1 FROM \(stage) s WHERE \(matches)) RETURNING 1)
            SELECT count(*) FROM d
            """, id)
        var updated = 0
        if !others.isEmpty {
            updated = try await count(
                """
                WITH u AS (UPDATE \(table.name) t SET \(others.map { "\($0) = s.\($0)" }.joined(separator: ", "))
                           FROM \(stage) s WHERE t.portfolio_id = $1 AND \(matches)
                           AND ROW(\(others.map { "t.\($0)" }.joined(separator: ", ")))
                               IS DISTINCT FROM ROW(\(others.map { "s.\($0)" }.joined(separator: ", ")))
                           RETURNING 1)
                SELECT count(*) FROM u
                """, id)
        }
        let inserted = try await count(
            """
            WITH i AS (INSERT INTO \(table.name) (portfolio_id, \(columns))
                       SELECT $1, \(table.columns.map { "s.\($0)" }.joined(separator: ", ")) FROM \(stage) s
                       WHERE NOT EXISTS (SELECT 1 FROM \(table.name) t WHERE t.portfolio_id = $1 AND \(matches))
                       RETURNING 1)
            SELECT count(*) FROM i
            """, id)
        try await execute("DROP TABLE \(stage)")
        return PublishReport.TableChange(table: table.name, inserted: inserted, updated: updated, deleted: deleted)
    }

    private func count(_ sql: String, _ id: Int64) async throws -> Int {
        Int(try await rows(sql, [.integer(id)]).first?.integer(0) ?? 0)
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

    /// Reads every published table of the portfolio file at `path` in one
    /// read transaction, after checking that it is a portfolio at this
    /// library's schema version whose statistics are up to date.
    static func read(path: String, tables: [CentralTable]) throws -> [String: FileTable] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CentralError.notAPortfolio(path: path, reason: "no such file")
        }
        var configuration = Connection.Configuration()
        configuration.mode = .readOnly
        let db: Connection
        do {
            db = try Connection(path: path, configuration: configuration)
            let hasSchema = try db.fetchOne(
                sql: "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('schema_migrations', 'project', 'statistics_period')"
            ) { try $0[0] as Int } ?? 0
            guard hasSchema == 3 else { throw CentralError.notAPortfolio(path: path, reason: "it has no portfolio schema") }
        } catch let error as SQLiteError {
            throw CentralError.notAPortfolio(path: path, reason: error.message)
        }
        return try db.read { db in
            let version = try db.fetchOne(sql: "SELECT max(version) FROM schema_migrations") { try $0[0] as Int? } ?? 0
            guard let version, version == PortfolioSchema.latestVersion else {
                throw CentralError.portfolioSchema(path: path, version: version ?? 0, expected: PortfolioSchema.latestVersion)
            }
            let stale = try db.fetchOne(sql: "SELECT EXISTS (SELECT 1 FROM statistics_stale)") { try $0[0] as Bool } ?? false
            if stale { throw CentralError.staleStatistics(path: path) }
            var result: [String: FileTable] = [:]
            for table in tables {
                var lines: [String]
                if table.name == "statistics_unconvertible" {
                    lines = try unconvertibleLines(db, columns: table.columns)
                } else {
                    lines = try db.fetchAll(
                        sql: "SELECT \(table.columns.joined(separator: ", ")) FROM \(table.name) ORDER BY \(table.key.joined(separator: ", "))"
                    ) { row in
                        row.values.map(copyText).joined(separator: "\t")
                    }
                }
                lines.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                var bytes: [UInt8] = []
                for line in lines {
                    bytes.append(contentsOf: line.utf8)
                    bytes.append(10)
                }
                result[table.name] = FileTable(lines: lines, digest: ContentDigest.sha256Hex(of: bytes))
            }
            return result
        }
    }

    /// The unconvertible figures' rows, in the order of `columns`.
    private static func unconvertibleLines(_ db: Connection, columns: [String]) throws -> [String] {
        var position: [String: Int] = [:]
        return try UnconvertibleFigurePeriod.all(in: db).map { row in
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
            return columns.map { copyText(values[$0] ?? .null) }.joined(separator: "\t")
        }
    }

    /// A value in COPY's text format.
    static func copyText(_ value: SQLiteValue) -> String {
        switch value {
        case .null: return "\\N"
        case .integer(let integer): return String(integer)
        case .real(let real): return String(real)
        case .blob(let data): return "\\\\x" + data.map { String(format: "%02x", $0) }.joined()
        case .text(let text):
            var out = ""
            out.reserveCapacity(text.utf8.count)
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\\": out += "\\\\"
                case "\t": out += "\\t"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out
        }
    }
}
