// The baseline: the sqlite3 C API by hand, as a careful programmer writes it
// with no library: one prepared statement per table, bound by index, one
// transaction, rows read by column index into plain structs.
import BenchSQLite
import Foundation

let SQLITE_TRANSIENT_RAW = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

struct RawError: Error, CustomStringConvertible {
    var description: String
}

final class RawDatabase {
    let db: OpaquePointer

    /// Opens with the same settings as the library: WAL (already in the
    /// file), synchronous=NORMAL, foreign keys on, no mutex.
    init(path: String) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let handle else {
            throw RawError(description: "cannot open \(path)")
        }
        db = handle
        try exec("PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
        // The page cache a portfolio batch uses (PortfolioBatch.pageCacheKiB), so that both load alike.
        try exec("PRAGMA cache_size = -\(benchPageCacheKiB)")
        sqlite3_busy_timeout(db, 5000)
    }

    deinit { sqlite3_close_v2(db) }

    func exec(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(db, sql, nil, nil, &message) != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "?"
            sqlite3_free(message)
            throw RawError(description: "\(text) in \(sql)")
        }
    }

    func prepare(_ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
              let statement
        else { throw RawError(description: String(cString: sqlite3_errmsg(db)) + " in " + sql) }
        return statement
    }

    @inline(__always) func bind(_ s: OpaquePointer, _ i: Int32, _ text: String?) {
        guard var text else { sqlite3_bind_null(s, i); return }
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                _ = sqlite3_bind_text(s, i, "", 0, SQLITE_TRANSIENT_RAW)
                return
            }
            _ = sqlite3_bind_text(s, i, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
                                  Int32(bytes.count), SQLITE_TRANSIENT_RAW)
        }
    }

    @inline(__always) func bind(_ s: OpaquePointer, _ i: Int32, _ value: Int64) { sqlite3_bind_int64(s, i, value) }

    @inline(__always) func run(_ s: OpaquePointer) throws {
        let code = sqlite3_step(s)
        sqlite3_reset(s)
        if code != SQLITE_DONE { throw RawError(description: String(cString: sqlite3_errmsg(db))) }
    }

    func scalarInt(_ sql: String) throws -> Int64 {
        let s = try prepare(sql)
        defer { sqlite3_finalize(s) }
        guard sqlite3_step(s) == SQLITE_ROW else { throw RawError(description: "no row: \(sql)") }
        return sqlite3_column_int64(s, 0)
    }

    /// handle → id of a reference table.
    func ids(_ sql: String) throws -> [String: Int64] {
        let s = try prepare(sql)
        defer { sqlite3_finalize(s) }
        var ids: [String: Int64] = [:]
        while sqlite3_step(s) == SQLITE_ROW {
            ids[String(cString: sqlite3_column_text(s, 1))] = sqlite3_column_int64(s, 0)
        }
        return ids
    }
}

/// The reference data's row ids, resolved once before the timed insert.
struct ReferenceIDs {
    var organisations: [Int64]
    var themes: [Int64]
    var fundingSources: [Int64]

    init(_ raw: RawDatabase, _ data: ReferenceData) throws {
        let organisations = try raw.ids("SELECT id, handle FROM organisation")
        let themes = try raw.ids("SELECT id, vocabulary || ':' || code FROM theme")
        let sources = try raw.ids("SELECT id, handle FROM funding_source")
        self.organisations = data.organisations.map { organisations[$0.handle]! }
        self.themes = data.themes.map { themes[$0.vocabulary + ":" + $0.code]! }
        self.fundingSources = data.fundingSources.map { sources[$0.handle]! }
    }
}

/// The raw insert: one connection, one prepared statement per table, and
/// one transaction per call of ``insert(_:)``; rows go in the DAO's order
/// (project, themes; per application: the row, partners, events, money), so
/// that row ids agree.
final class RawInserter {
    let raw: RawDatabase
    let ids: ReferenceIDs
    let project, theme, application, participation, event, money: OpaquePointer

    init(path: String, reference: ReferenceData) throws {
        raw = try RawDatabase(path: path)
        ids = try ReferenceIDs(raw, reference)
        project = try raw.prepare("""
            INSERT INTO project (reference, title, original_title, original_language, summary, owner_organisation_id,
                planned_start, planned_end, actual_start, actual_end, note, search_text, extra_json)
            VALUES (?, ?, ?, ?, NULL, ?, ?, ?, NULL, NULL, NULL, ?, NULL)
            """)
        theme = try raw.prepare("INSERT INTO project_theme (project_id, theme_id) VALUES (?, ?)")
        application = try raw.prepare("""
            INSERT INTO application (project_id, funding_source_id, submitted_on, decided_on, funder_reference, currency, extra_json)
            VALUES (?, ?, ?, ?, ?, ?, NULL)
            """)
        participation = try raw.prepare(
            "INSERT INTO participation (application_id, organisation_id, role, note) VALUES (?, ?, 'partner', NULL)")
        event = try raw.prepare(
            "INSERT INTO status_event (application_id, status, effective_on, recorded_at, note) VALUES (?, ?, ?, ?, NULL)")
        money = try raw.prepare("""
            INSERT INTO money_figure (application_id, kind, amount_minor, currency, value_date, set_on, note)
            VALUES (?, ?, ?, ?, NULL, ?, NULL)
            """)
    }

    deinit { for s in [project, theme, application, participation, event, money] { sqlite3_finalize(s) } }

    /// Inserts `projects` with all their parts in one transaction; returns the seconds from BEGIN to COMMIT.
    func insert(_ projects: ArraySlice<SyntheticProject>) throws -> Double {
        try Clock.time {
            try raw.exec("BEGIN IMMEDIATE")
            for p in projects {
                raw.bind(project, 1, p.reference)
                raw.bind(project, 2, p.title)
                raw.bind(project, 3, p.originalTitle)
                raw.bind(project, 4, p.originalLanguage)
                raw.bind(project, 5, ids.organisations[p.owner])
                raw.bind(project, 6, p.plannedStart.text)
                raw.bind(project, 7, p.plannedEnd.text)
                // search_text folded here, inside the timed region, as the DAO's store does.
                raw.bind(project, 8, RawFold.project(reference: p.reference, title: p.title, originalTitle: p.originalTitle))
                try raw.run(project)
                let projectID = sqlite3_last_insert_rowid(raw.db)
                for t in p.themes {
                    raw.bind(theme, 1, projectID)
                    raw.bind(theme, 2, ids.themes[t])
                    try raw.run(theme)
                }
                for a in p.applications {
                    raw.bind(application, 1, projectID)
                    raw.bind(application, 2, ids.fundingSources[a.fundingSource])
                    raw.bind(application, 3, a.submittedOn?.text)
                    raw.bind(application, 4, a.decidedOn?.text)
                    raw.bind(application, 5, a.funderReference)
                    raw.bind(application, 6, a.currency)
                    try raw.run(application)
                    let applicationID = sqlite3_last_insert_rowid(raw.db)
                    for o in a.partners {
                        raw.bind(participation, 1, applicationID)
                        raw.bind(participation, 2, ids.organisations[o])
                        try raw.run(participation)
                    }
                    for e in a.events {
                        raw.bind(event, 1, applicationID)
                        raw.bind(event, 2, e.status)
                        raw.bind(event, 3, e.effectiveOn.text)
                        raw.bind(event, 4, e.recordedAt)
                        try raw.run(event)
                    }
                    for m in a.money {
                        raw.bind(money, 1, applicationID)
                        raw.bind(money, 2, m.kind)
                        raw.bind(money, 3, m.amountMinor)
                        raw.bind(money, 4, a.currency)
                        raw.bind(money, 5, m.setOn.text)
                        try raw.run(money)
                    }
                }
            }
            try raw.exec("COMMIT")
        }
    }
}

enum RawBench {
    /// The listing row, read by column index into a plain struct.
    struct Summary {
        var id: Int64
        var reference: String
        var title: String
        var owner: String
        var outcome: String
        var latestStatus: String?
        var applicationCount: Int
        var firstSubmittedOn: String?
    }

    static func text(_ s: OpaquePointer, _ i: Int32) -> String {
        let bytes = sqlite3_column_text(s, i)!
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(s, i))), as: UTF8.self)
    }

    static func optionalText(_ s: OpaquePointer, _ i: Int32) -> String? {
        sqlite3_column_type(s, i) == SQLITE_NULL ? nil : text(s, i)
    }

    /// Runs `sql` with named text/integer arguments, reading every row.
    static func fetchSummaries(_ raw: RawDatabase, sql: String, arguments: [String: BenchValue]) throws -> [Summary] {
        let s = try raw.prepare(sql)
        defer { sqlite3_finalize(s) }
        try bindNamed(raw, s, arguments)
        var rows: [Summary] = []
        while true {
            let code = sqlite3_step(s)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw RawError(description: String(cString: sqlite3_errmsg(raw.db))) }
            rows.append(Summary(
                id: sqlite3_column_int64(s, 0), reference: text(s, 1), title: text(s, 2), owner: text(s, 3),
                outcome: text(s, 4), latestStatus: optionalText(s, 5), applicationCount: Int(sqlite3_column_int64(s, 6)),
                firstSubmittedOn: optionalText(s, 7)))
        }
        return rows
    }

    static func bindNamed(_ raw: RawDatabase, _ s: OpaquePointer, _ arguments: [String: BenchValue]) throws {
        for (name, value) in arguments {
            let index = sqlite3_bind_parameter_index(s, ":" + name)
            guard index > 0 else { throw RawError(description: "no parameter :\(name)") }
            switch value {
            case .text(let text): raw.bind(s, index, text)
            case .integer(let int): raw.bind(s, index, int)
            }
        }
    }
}

/// A bound value, independent of any library.
enum BenchValue: Sendable {
    case text(String)
    case integer(Int64)
}

// MARK: - Checksums of a whole database, read with the C API

enum DatabaseChecksum {
    /// FNV-1a over every row of the portfolio tables in key order, all
    /// columns but the maintenance timestamps (created_at, updated_at), which
    /// hold the time of the insert. Equal checksums: the same rows.
    /// With `projects`, only the rows of the first that many projects (and
    /// their applications), to compare a database that holds a part.
    static func compute(path: String, projects: Int? = nil) throws -> (checksum: UInt64, rows: Int64) {
        let raw = try RawDatabase(path: path)
        let lastProject = Int64(projects ?? Int.max)
        let lastApplication = projects == nil ? Int64.max
            : (try? raw.scalarInt("SELECT coalesce(max(id), 0) FROM application WHERE project_id <= \(lastProject)")) ?? 0
        let queries = [
            """
            SELECT id, reference, title, original_title, original_language, summary, owner_organisation_id, planned_start,
                   planned_end, actual_start, actual_end, note, search_text, extra_json FROM project
            WHERE id <= \(lastProject) ORDER BY id
            """,
            "SELECT project_id, theme_id FROM project_theme WHERE project_id <= \(lastProject) ORDER BY project_id, theme_id",
            """
            SELECT id, project_id, funding_source_id, submitted_on, decided_on, funder_reference, currency, current_status,
                   current_status_on, extra_json FROM application WHERE id <= \(lastApplication) ORDER BY id
            """,
            """
            SELECT application_id, organisation_id, role, note FROM participation WHERE application_id <= \(lastApplication)
            ORDER BY application_id, organisation_id, role
            """,
            """
            SELECT id, application_id, status, effective_on, recorded_at, note FROM status_event
            WHERE application_id <= \(lastApplication) ORDER BY id
            """,
            """
            SELECT id, application_id, kind, amount_minor, currency, value_date, set_on, note FROM money_figure
            WHERE application_id <= \(lastApplication) ORDER BY id
            """,
        ]
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        var rows: Int64 = 0
        for sql in queries {
            let (tableHash, count) = try self.hash(raw, sql, seed: hash)
            hash = tableHash
            rows += count
        }
        return (hash, rows)
    }

    /// FNV-1a over every column of every row `sql` returns, continuing from `seed`; and the row count.
    static func hash(_ raw: RawDatabase, _ sql: String, seed: UInt64 = 0xCBF2_9CE4_8422_2325) throws -> (hash: UInt64, rows: Int64) {
        var hash = seed
        var rows: Int64 = 0
        let s = try raw.prepare(sql)
        defer { sqlite3_finalize(s) }
        let columns = sqlite3_column_count(s)
        while sqlite3_step(s) == SQLITE_ROW {
            rows += 1
            for column in 0..<columns {
                switch sqlite3_column_type(s, column) {
                case SQLITE_NULL:
                    hash = (hash ^ 0xFF) &* 0x100_0000_01B3
                case SQLITE_INTEGER:
                    var value = UInt64(bitPattern: sqlite3_column_int64(s, column))
                    for _ in 0..<8 {
                        hash = (hash ^ (value & 0xFF)) &* 0x100_0000_01B3
                        value >>= 8
                    }
                case SQLITE_FLOAT:
                    var value = sqlite3_column_double(s, column).bitPattern
                    for _ in 0..<8 {
                        hash = (hash ^ (value & 0xFF)) &* 0x100_0000_01B3
                        value >>= 8
                    }
                default:
                    let count = Int(sqlite3_column_bytes(s, column))
                    if let bytes = sqlite3_column_text(s, column) {
                        for offset in 0..<count { hash = (hash ^ UInt64(bytes[offset])) &* 0x100_0000_01B3 }
                    }
                }
                hash = (hash ^ 0x1F) &* 0x100_0000_01B3
            }
        }
        return (hash, rows)
    }
}

// MARK: - Search folding without the library

/// `project.search_text` as a careful programmer computes it with no library:
/// ASCII lower-cased byte by byte, the non-ASCII letters the generator uses
/// from a table (anything else through the generator's slow fold). The raw
/// and GRDB inserts call it inside their timed region, as the DAO's store
/// calls the library's `SearchText`; the insert checksums cover the column.
enum RawFold {
    static func project(reference: String, title: String, originalTitle: String?) -> String {
        fold(reference + "\n" + title + "\n" + (originalTitle ?? ""))
    }

    static let table: [UInt32: Unicode.Scalar] = {
        var table: [UInt32: Unicode.Scalar] = [:]
        let pairs: [(String, Unicode.Scalar)] = [
            ("āĀ", "a"), ("ēĒ", "e"), ("īĪ", "i"), ("ūŪ", "u"), ("ģĢ", "g"), ("ķĶ", "k"), ("ļĻ", "l"), ("ņŅ", "n"),
            ("šŠ", "s"), ("žŽ", "z"), ("čČ", "c"), ("øØ", "o"),
        ]
        for (letters, base) in pairs { for scalar in letters.unicodeScalars { table[scalar.value] = base } }
        return table
    }()

    static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                result.append((0x41...0x5A).contains(value) ? Unicode.Scalar(UInt8(value) | 0x20) : scalar)
            } else if let base = table[value] {
                result.append(base)
            } else {
                return Generator.fold(text)
            }
        }
        return String(result)
    }
}

// MARK: - The library's derived statistics tables, hashed

enum DerivedTables {
    /// The tables the statistics refresh writes (migrations 0006 and 0007).
    static let names = ["statistics_period", "statistics_period_money", "statistics_change", "statistics_breakdown_change",
                        "statistics_activity_change"]

    /// FNV-1a over `SELECT * FROM table ORDER BY` every column, per table, and
    /// the rows of `statistics_stale`. With `projects`, the per-project tables
    /// (`project_id` columns) only for the first that many projects; the
    /// aggregate tables are then left out (they sum over every project).
    static func hashes(path: String, projects: Int? = nil) throws -> (tables: [String: (hash: UInt64, rows: Int64)], stale: Int64) {
        let raw = try RawDatabase(path: path)
        var tables: [String: (UInt64, Int64)] = [:]
        for name in names {
            let columns = try raw.columns(name)
            var filter = ""
            if let projects {
                guard columns.contains("project_id") else { continue }
                filter = " WHERE project_id <= \(projects)"
            }
            let order = (1...columns.count).map(String.init).joined(separator: ", ")
            tables[name] = try DatabaseChecksum.hash(raw, "SELECT * FROM \(name)\(filter) ORDER BY \(order)")
        }
        return (tables, try raw.scalarInt("SELECT count(*) FROM statistics_stale"))
    }
}

extension RawDatabase {
    func columns(_ table: String) throws -> [String] {
        let s = try prepare("SELECT name FROM pragma_table_info('\(table)') ORDER BY cid")
        defer { sqlite3_finalize(s) }
        var names: [String] = []
        while sqlite3_step(s) == SQLITE_ROW { names.append(RawBench.text(s, 0)) }
        return names
    }
}

// MARK: - Small helpers for files that do not import the C module

func sqlite3Step(_ statement: OpaquePointer) -> Bool { sqlite3_step(statement) == SQLITE_ROW }
func finalize(_ statement: OpaquePointer) { sqlite3_finalize(statement) }
func sqliteVersion() -> String { String(cString: sqlite3_libversion()) }

extension RawBench {
    /// Runs an already prepared listing statement again (warm, like a statement cache).
    static func fetchSummaries(_ raw: RawDatabase, statement s: OpaquePointer, arguments: [String: BenchValue]) throws -> [Summary] {
        sqlite3_reset(s)
        sqlite3_clear_bindings(s)
        try bindNamed(raw, s, arguments)
        defer { sqlite3_reset(s) }
        var rows: [Summary] = []
        while true {
            let code = sqlite3_step(s)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw RawError(description: String(cString: sqlite3_errmsg(raw.db))) }
            rows.append(Summary(
                id: sqlite3_column_int64(s, 0), reference: text(s, 1), title: text(s, 2), owner: text(s, 3),
                outcome: text(s, 4), latestStatus: optionalText(s, 5), applicationCount: Int(sqlite3_column_int64(s, 6)),
                firstSubmittedOn: optionalText(s, 7)))
        }
        return rows
    }

    static func checksum(_ rows: [Summary]) -> UInt64 {
        var hasher = FNV()
        for row in rows {
            hasher.add(row.id)
            hasher.add(row.reference)
            hasher.add(row.title)
            hasher.add(row.owner)
            hasher.add(row.outcome)
            hasher.add(row.latestStatus)
            hasher.add(Int64(row.applicationCount))
            hasher.add(row.firstSubmittedOn)
        }
        return hasher.value
    }

    /// Open + migrate by hand: the same migration files run in one
    /// transaction each, with user_version, and nothing else.
    static func openAndMigrate(path: String, migrations: [String]) throws -> RawDatabase {
        let raw = try RawDatabase(path: path)
        for (index, sql) in migrations.enumerated() {
            try raw.exec("BEGIN IMMEDIATE")
            try raw.exec(sql)
            try raw.exec("PRAGMA user_version = \(index + 1)")
            try raw.exec("COMMIT")
        }
        return raw
    }
}

/// `SELECT * FROM portfolio_summary` through the plain C API, as the sqlite3
/// shell or Datasette runs it: open, prepare, step every row, finalize, close.
enum RawSummary {
    /// The view's `developed` column.
    static func developed(path: String) throws -> Int64 {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let handle else {
            throw RawError(description: "cannot open \(path)")
        }
        defer { sqlite3_close_v2(handle) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, "SELECT * FROM portfolio_summary", -1, &statement, nil) == SQLITE_OK else {
            throw RawError(description: String(cString: sqlite3_errmsg(handle)))
        }
        defer { sqlite3_finalize(statement) }
        var developed: Int64 = -1
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw RawError(description: String(cString: sqlite3_errmsg(handle))) }
            developed = sqlite3_column_int64(statement, 0)
        }
        return developed
    }
}
