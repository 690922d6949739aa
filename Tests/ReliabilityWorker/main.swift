// ReliabilityWorker: a child process for Tests/ReliabilityTests.
//
// The reliability tests need things one test process cannot do to itself:
// several processes writing one file at once, a process killed with SIGKILL
// in the middle of a transaction, process-wide SQLite state (the hard heap
// limit) changed without disturbing tests running beside it, a corrupt file
// probed without a crash taking the test runner down, and file permissions
// that only bind a user who is not root.
//
// Every command talks to the test through standard output, one line per
// fact: `key<TAB>value…`. Lines are flushed at once, so a test that kills the
// process knows how far it got. Exit status 0: the command did what it was
// asked; 1: an error reached it (printed on standard error); 2: bad usage.
//
//   write    --db P --worker K --count N --applications 1,2,3
//            Records N events through the library, alternating status changes
//            (draft → submitted → under_evaluation → approved →
//            in_implementation ⇄ suspended …) and money revisions, each in
//            its own transaction, note "w<K>-e<n>". Any error is fatal: the
//            test asserts that no "database is locked" ever reaches a writer.
//   stats    --db P --until FILE [--as-of D]
//            Computes the statistics in a loop until FILE exists and checks
//            each result is a consistent snapshot. Prints `reads N`.
//   import   --db P --file F [--cache-pages N]
//            Imports a portfolio JSON document (one transaction). Prints
//            `importing` just before, `imported <seconds>` after. A small
//            page cache makes SQLite spill pages to the WAL before the commit.
//   migrate  --db P --rows N
//            Runs the portfolio's migrations plus a deliberately slow extra
//            one (N rows backfilled and indexed). Prints `migrating` just
//            before, `migrated <version> <seconds>` after.
//   probe    --db P --out DIR
//            Opens a (possibly corrupt) portfolio and runs the everyday
//            operations; prints one outcome line per step and writes the
//            export and the statistics into DIR.
//   oom      --db P --file F [--steps N]
//            Sets sqlite3_hard_heap_limit64 low and runs Portfolio-level
//            operations, reporting each outcome; restores the limit after each.
//   readonly --db P [--drop-privileges]
//            Opens a portfolio read-write and read-only, reads, tries to
//            write, and reports each outcome. With --drop-privileges a root
//            process first becomes nobody (65534), so that file permissions
//            bind it.

import CSQLite
import Foundation
import GrantPortfolio
import SQLiteCore

#if canImport(Glibc)
import Glibc
#endif

// MARK: - Output and arguments

/// Writes one line to standard output at once (unbuffered: a test that
/// kills the process has seen every line it printed).
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func say(_ fields: Any...) {
    emit(fields.map { "\($0)" }.joined(separator: "\t"))
}

func fail(_ message: String, code: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data(("ReliabilityWorker: " + message + "\n").utf8))
    exit(code)
}

struct Arguments {
    let command: String
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    init(_ raw: [String]) {
        guard let first = raw.first else { fail("usage: ReliabilityWorker COMMAND [--option value]…", code: 2) }
        command = first
        var index = 1
        while index < raw.count {
            let key = raw[index]
            guard key.hasPrefix("--") else { fail("unexpected argument \(key)", code: 2) }
            if index + 1 < raw.count, !raw[index + 1].hasPrefix("--") {
                values[String(key.dropFirst(2))] = raw[index + 1]
                index += 2
            } else {
                flags.insert(String(key.dropFirst(2)))
                index += 1
            }
        }
    }

    func string(_ name: String) -> String {
        guard let value = values[name] else { fail("missing --\(name)", code: 2) }
        return value
    }

    func optional(_ name: String) -> String? { values[name] }

    func int(_ name: String, default fallback: Int? = nil) -> Int {
        if let value = values[name] {
            guard let number = Int(value) else { fail("--\(name) needs a number", code: 2) }
            return number
        }
        guard let fallback else { fail("missing --\(name)", code: 2) }
        return fallback
    }

    func flag(_ name: String) -> Bool { flags.contains(name) }
}

/// How an error is reported: its type, its SQLite result code when it has
/// one, and its message on one line.
func describe(_ error: Error) -> [String] {
    let message = "\(error)".replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
    switch error {
    case let error as SQLiteError:
        return ["SQLiteError", String(error.code.rawValue), message]
    case let error as MigrationError:
        if case .failed(_, _, let underlying) = error {
            return ["MigrationError", String(underlying.code.rawValue), message]
        }
        return ["MigrationError", "-", message]
    default:
        return [String(describing: type(of: error)), "-", message]
    }
}

/// Runs `body` and prints `step ok [detail]` or `step error <type> <code> <message>`.
@discardableResult
func step<T>(_ name: String, _ body: () throws -> T, detail: (T) -> String = { _ in "" }) -> T? {
    do {
        let value = try body()
        let text = detail(value)
        if text.isEmpty { say(name, "ok") } else { say(name, "ok", text) }
        return value
    } catch {
        say([name, "error"] + describe(error))
        return nil
    }
}

func say(_ fields: [String]) {
    emit(fields.joined(separator: "\t"))
}

func seconds(since start: ContinuousClock.Instant) -> String {
    let elapsed = ContinuousClock.now - start
    let value = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return String(format: "%.3f", value)
}

/// The day `offset` days after `base` (proleptic Gregorian; days from civil).
func day(_ offset: Int, after base: CalendarDate) -> CalendarDate {
    func daysFromCivil(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
    var z = daysFromCivil(base.year, base.month, base.day) + offset + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp + (mp < 10 ? 3 : -9)
    z = yoe + era * 400 + (m <= 2 ? 1 : 0)
    return try! CalendarDate(year: z, month: m, day: d)
}

// MARK: - write

/// The status an application moves to next on the writers' path.
func nextStatus(after status: StatusCode) -> StatusCode {
    switch status {
    case .draft: .submitted
    case .submitted: .underEvaluation
    case .underEvaluation: .approved
    case .approved: .inImplementation
    case .inImplementation: .suspended
    default: .inImplementation  // suspended → in_implementation, and round again
    }
}

func write(_ arguments: Arguments) {
    let worker = arguments.int("worker")
    let count = arguments.int("count")
    let ids = arguments.string("applications").split(separator: ",").map { Application.ID(Int64($0)!) }
    let base = try! CalendarDate("2020-01-01")
    let kinds: [MoneyFigure.Kind] = [.totalCost, .requested, .awarded]
    do {
        let portfolio = try Portfolio(path: arguments.string("db"))
        var current: [Application.ID: StatusCode] = [:]
        for id in ids {
            guard let status = try portfolio.applications.fetch(id)?.currentStatus else {
                fail("application \(id) has no status")
            }
            current[id] = status
        }
        say("ready")
        var slowest = Duration.zero
        for n in 0..<count {
            let id = ids[n % ids.count]
            let date = day(n, after: base)
            let note = "w\(worker)-e\(n)"
            let start = ContinuousClock.now
            if n % 2 == 0 {
                let next = nextStatus(after: current[id]!)
                try portfolio.applications.recordStatus(next, on: date, note: note, for: id)
                current[id] = next
            } else {
                let kind = kinds[(n / 2) % kinds.count]
                let amount = Money(minorUnits: Int64(100_000 + worker * 10_000 + n), currency: .eur)
                try portfolio.applications.addMoneyFigure(MoneyFigure(kind: kind, amount: amount, setOn: date, note: note), to: id)
            }
            slowest = max(slowest, ContinuousClock.now - start)
        }
        let ms = Double(slowest.components.seconds) * 1000 + Double(slowest.components.attoseconds) / 1e15
        say("done", count, String(format: "%.1f", ms))
    } catch {
        fail("worker \(worker): \(error)")
    }
}

// MARK: - stats

func stats(_ arguments: Arguments) {
    let until = arguments.string("until")
    let asOf = try! CalendarDate(arguments.optional("as-of") ?? "2100-01-01")
    let options = StatisticsOptions(breakdowns: [.status, .submissionYear, .decisionYear, .fundingSource])
    var reads = 0
    var previous: OutcomeCounts?
    do {
        let portfolio = try Portfolio(path: arguments.string("db"))
        say("ready")
        repeat {
            let statistics = try portfolio.statistics(asOf: asOf, options: options)
            let counts = statistics.total.counts
            var problems: [String] = []
            if counts.approved > counts.developed { problems.append("approved \(counts.approved) > developed \(counts.developed)") }
            let outcomes = counts.approved + counts.rejected + counts.withdrawn + counts.pending + counts.inPreparation
                + counts.undetermined
            if outcomes != counts.developed { problems.append("outcomes add up to \(outcomes), developed is \(counts.developed)") }
            if counts.underEvaluation > counts.pending { problems.append("under evaluation exceeds pending") }
            for breakdown in statistics.breakdowns where breakdown.isPartition {
                let groups = breakdown.topLevel
                for group in OutcomeGroup.allCases {
                    let sum = groups.map { $0.counts.count(group) }.reduce(0, +)
                    if sum != counts.count(group) {
                        problems.append("\(breakdown.dimension): \(group) groups add up to \(sum), headline \(counts.count(group))")
                    }
                    let money = groups.map { $0.money(group).totalCost.converted.minorUnits }.reduce(0, +)
                    if money != statistics.total.money(group).totalCost.converted.minorUnits {
                        problems.append("\(breakdown.dimension): \(group) total cost does not add up")
                    }
                }
            }
            // Writers only move applications forward: nothing counted goes away.
            if let previous, counts.developed < previous.developed || counts.approved < previous.approved {
                problems.append("went backwards: \(previous) then \(counts)")
            }
            if !problems.isEmpty { fail("inconsistent statistics after \(reads) reads: " + problems.joined(separator: "; ")) }
            previous = counts
            reads += 1
        } while !FileManager.default.fileExists(atPath: until)
        say("reads", reads, previous.map { "\($0.developed) developed, \($0.approved) approved" } ?? "")
    } catch {
        fail("stats after \(reads) reads: \(error)")
    }
}

// MARK: - import

func importDocument(_ arguments: Arguments) {
    do {
        let data = try Data(contentsOf: URL(fileURLWithPath: arguments.string("file")))
        let portfolio = try Portfolio(path: arguments.string("db"))
        if let pages = arguments.optional("cache-pages") {
            // A small page cache makes SQLite write the transaction's pages
            // to the WAL before the commit, so a kill leaves uncommitted
            // frames there for the next open to ignore.
            try portfolio.database.withConnection { db in _ = try Int.fetchOne(db, sql: "PRAGMA cache_size = \(Int(pages) ?? 100)") }
        }
        say("importing")
        let start = ContinuousClock.now
        try portfolio.importDocument(from: data)
        say("imported", seconds(since: start))
    } catch {
        fail("import: \(error)")
    }
}

// MARK: - migrate

/// The extra migration: slow on purpose, so that a kill lands inside it.
func slowMigration(rows: Int, version: Int) -> Migration {
    Migration(version: version, name: "reliability_slow_backfill", sql: """
        CREATE TABLE reliability_backfill (id INTEGER PRIMARY KEY, payload BLOB NOT NULL) STRICT;
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(rows))
        INSERT INTO reliability_backfill (id, payload) SELECT i, randomblob(48) FROM n;
        CREATE INDEX reliability_backfill_payload ON reliability_backfill (payload);
        """)
}

func migrate(_ arguments: Arguments) {
    do {
        let rows = arguments.int("rows")
        let migrations = PortfolioSchema.migrations
        let migrator = try Migrator(migrations: migrations + [slowMigration(rows: rows, version: migrations.count + 1)])
        let db = try Connection(path: arguments.string("db"))
        say("migrating", try migrator.currentVersion(db))
        let start = ContinuousClock.now
        let report = try migrator.migrate(db)
        say("migrated", report.toVersion, seconds(since: start))
    } catch {
        fail("migrate: \(error)")
    }
}

// MARK: - probe

func probe(_ arguments: Arguments) {
    let out = URL(fileURLWithPath: arguments.string("out"))
    guard let portfolio = step("open", { try Portfolio(path: arguments.string("db")) }) else { return }
    step("count", { try portfolio.projects.count() }, detail: { "\($0)" })
    step("search", { try portfolio.projects.search(ProjectQuery()) }, detail: { "\($0.count)" })
    step("applications", {
        var total = 0
        for summary in try portfolio.projects.search(ProjectQuery()) {
            total += try portfolio.applications.applications(ofProject: summary.reference).count
        }
        return total
    }, detail: { "\($0)" })
    step("export", {
        let data = try portfolio.exportDocument()
        try data.write(to: out.appendingPathComponent("export.json"))
    })
    step("statistics", {
        let statistics = try portfolio.statistics(
            asOf: try CalendarDate("2030-01-01"), options: StatisticsOptions(breakdowns: StatisticsDimension.allCases))
        try Data("\(statistics)".utf8).write(to: out.appendingPathComponent("statistics.txt"))
    })
    step("integrity", { try portfolio.database.read { try $0.integrityProblems() } }, detail: { $0.isEmpty ? "" : "problems \($0.count)" })
}

// MARK: - oom

/// Runs `body` with the hard heap limit set `headroom` bytes above what SQLite
/// uses now, and restores the previous limits whatever happens.
func withHeapLimit<T>(headroom: Int64, _ body: () throws -> T) rethrows -> T {
    let oldHard = sqlite3_hard_heap_limit64(-1)
    let oldSoft = sqlite3_soft_heap_limit64(-1)
    sqlite3_hard_heap_limit64(sqlite3_memory_used() + headroom)
    defer {
        sqlite3_hard_heap_limit64(oldHard)
        sqlite3_soft_heap_limit64(oldSoft)
    }
    return try body()
}

func oom(_ arguments: Arguments) {
    let steps = arguments.int("steps", default: 24)
    do {
        let portfolio = try Portfolio(path: arguments.string("db"))
        let document = try Data(contentsOf: URL(fileURLWithPath: arguments.string("file")))
        let baseline = try portfolio.exportDocument()
        func unchanged() throws -> Bool { try portfolio.exportDocument() == baseline }

        // 1. A write that needs far more memory than the limit allows.
        let big = String(repeating: "Latgale ", count: 1 << 20)  // 8 MiB
        let project = Project(reference: "OOM-1", title: "Out of memory", summary: big, owner: "lpr")
        step("create-big", { try withHeapLimit(headroom: 2 << 20) { try portfolio.projects.create(project) } })
        step("unchanged-after-create", { try unchanged() ? "yes" : "NO" }, detail: { $0 })

        // 2. A sweep: the same import under limits rising from almost nothing,
        //    so that the failure comes from a different allocation each time
        //    (SQLite's own OOM tests fail the Nth malloc; this is the poor
        //    man's version). Each step either imports or throws, and leaves
        //    the portfolio unchanged when it throws.
        var imported = false
        for index in 0..<steps where !imported {
            // 16 KiB, 24 KiB, 32 KiB, 48 KiB, 64 KiB, … (×1.5 and ×2 alternately).
            let unit: Int64 = index % 2 == 0 ? 16 * 1024 : 24 * 1024
            let headroom: Int64 = unit << Int64(index / 2)
            let outcome = step("import-\(index)", {
                try withHeapLimit(headroom: headroom) { try portfolio.importDocument(from: document) }
            }, detail: { _ in "headroom \(headroom)" })
            if outcome != nil {
                imported = true
            } else {
                step("unchanged-\(index)", { try unchanged() ? "yes" : "NO" }, detail: { $0 })
            }
        }
        // 3. Reads under a tight limit: a typed error or the right answer.
        let asOf = try CalendarDate("2030-01-01")
        let statistics = try portfolio.statistics(asOf: asOf)
        let headrooms: [Int64] = [8 * 1024, 64 * 1024, 1 << 20, 8 << 20]
        for (index, headroom) in headrooms.enumerated() {
            step("statistics-\(index)", { () throws -> PortfolioStatistics in
                try withHeapLimit(headroom: headroom) { try portfolio.statistics(asOf: asOf) }
            }, detail: { $0 == statistics ? "same" : "DIFFERENT" })
        }
        // 4. With the limit gone the same portfolio works, and the big write fits.
        say("limit", sqlite3_hard_heap_limit64(-1))
        step("create-big-after", { try portfolio.projects.create(project) })
        step("integrity", { try portfolio.database.read { try $0.integrityProblems() } }, detail: { $0.isEmpty ? "clean" : "\($0)" })
    } catch {
        fail("oom: \(error)")
    }
}

// MARK: - readonly

func readOnly(_ arguments: Arguments) {
    if arguments.flag("drop-privileges"), geteuid() == 0 {
        guard setgroups(0, nil) == 0, setgid(65534) == 0, setuid(65534) == 0 else { fail("cannot drop privileges") }
    }
    say("uid", geteuid())
    let path = arguments.string("db")
    for (label, readOnly) in [("rw", false), ("ro", true)] {
        guard let portfolio = step("open-\(label)", { try Portfolio(path: path, readOnly: readOnly) }) else { continue }
        step("count-\(label)", { try portfolio.projects.count() }, detail: { "\($0)" })
        step("statistics-\(label)", { try portfolio.statistics(asOf: try CalendarDate("2030-01-01")).total.counts.developed },
             detail: { "\($0)" })
        step("export-\(label)", { try portfolio.exportDocument().count }, detail: { "\($0)" })
        step("write-\(label)", { try portfolio.organisations.create(Organisation(handle: "intruder", name: "Intruder")) })
        step("count-after-\(label)", { try portfolio.projects.count() }, detail: { "\($0)" })
    }
}

// MARK: - main

let arguments = Arguments(Array(CommandLine.arguments.dropFirst()))
switch arguments.command {
case "write": write(arguments)
case "stats": stats(arguments)
case "import": importDocument(arguments)
case "migrate": migrate(arguments)
case "probe": probe(arguments)
case "oom": oom(arguments)
case "readonly": readOnly(arguments)
default: fail("unknown command \(arguments.command)", code: 2)
}
