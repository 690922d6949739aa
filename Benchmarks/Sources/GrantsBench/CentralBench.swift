// --only central (issue 15): publishing portfolio files into a central
// PostgreSQL with GrantPortfolioPostgres, and reading the figures there.
//
//     grants-bench N --only central --postgres URL [--db FILE] [--cache DIR] [--reps R] [--central-same-part]
//                  [--central-parts-only | --central-whole-only]
//
// Every run works in throwaway databases of its own (grants_bench_<pid>_…,
// created on the server the URL names and dropped at the end), so the role
// needs CREATEDB. Never in CI.
//
// 1. publish: the read file (or --db FILE, which is only read) into a fresh
//    database; anchor: psql's \copy of exactly the same rows into the same
//    tables of another fresh database, in one transaction.
// 2. republish_1pct: a copy of the file with 1% of its projects changed
//    through the library (every 100th: alternately a new status event and a
//    new title), published over the first publish.
// 3. five portfolios of N/5 projects (five distinct files: the read file's
//    projects in five slices, each loaded by the DAO, cached with --cache;
//    with --central-same-part, the first slice published under five handles):
//    the headline across all as of today and ten years back, and breakdowns
//    by funding source and by year of submission.
//
// Writes are timed once per sample (5 samples up to N = 100,000, else 1,
// unless --reps); reads are medians of at least 5 samples.
import Foundation
import SQLiteCore
@_spi(Benchmarks) import GrantPortfolio
import GrantPortfolioPostgres

/// The outcome of an async body run from the synchronous bench.
final class AsyncOutcome<T: Sendable>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

/// Runs `body` on the cooperative pool and waits for it on this thread (the main thread, not the pool's).
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = AsyncOutcome<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do { outcome.result = .success(try await body()) } catch { outcome.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try outcome.result!.get()
}

/// Seconds taken by `body` on the monotonic clock.
func asyncSeconds(_ body: () async throws -> Void) async rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try await body()
    let elapsed = (clock.now - start).components
    return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
}

/// psql, for what the benchmark does as the server's client rather than
/// through the library: creating and dropping its databases, and the anchor.
enum PSQL {
    /// Runs psql on `url` with `arguments`; its standard output. Throws with psql's first error line.
    @discardableResult
    static func run(_ url: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errorData, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "failed"
            throw RawError(description: "psql: \(message)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `url` naming the database `name` instead.
    static func url(_ url: String, database name: String) throws -> String {
        guard var components = URLComponents(string: url) else { throw RawError(description: "--postgres is not a URL") }
        components.path = "/" + name
        guard let text = components.string else { throw RawError(description: "--postgres is not a URL") }
        return text
    }
}

enum CentralBench {
    /// The tables a publish fills, in the order of their keys (as GrantPortfolioPostgres' PublishedTables).
    static let tables = [
        "currency", "exchange_rate", "status", "status_transition", "organisation", "person", "funding_source", "theme",
        "project", "project_theme", "contact", "application", "participation", "status_event", "money_figure",
        "grant_record", "beneficiary_location", "statistics_period", "statistics_period_money", "statistics_change", "statistics_breakdown_change",
        "statistics_activity_change", "statistics_unconvertible",
    ]

    /// The throwaway databases of this run, dropped at the end.
    final class Databases {
        let adminURL: String
        let prefix = "grants_bench_\(getpid())"
        var created: [String] = []

        init(adminURL: String) { self.adminURL = adminURL }

        /// A new empty database; its URL.
        func create(_ suffix: String) throws -> String {
            let name = prefix + "_" + suffix
            try PSQL.run(adminURL, ["-c", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"])
            do {
                try PSQL.run(adminURL, ["-c", "CREATE DATABASE \(name)"])
            } catch {
                throw RawError(description: "cannot create the throwaway database \(name) (the role needs CREATEDB): \(error)")
            }
            created.append(name)
            return try PSQL.url(adminURL, database: name)
        }

        func drop(_ url: String) {
            guard let name = URLComponents(string: url)?.path.dropFirst().description else { return }
            _ = try? PSQL.run(adminURL, ["-c", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"])
            created.removeAll { $0 == name }
        }

        func dropAll() {
            for name in created { _ = try? PSQL.run(adminURL, ["-c", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"]) }
            created = []
        }
    }

    static func run(_ bench: Bench) throws {
        guard let adminURL = bench.options.postgres else {
            throw RawError(description: "--only central needs --postgres URL (or GRANTS_POSTGRES)")
        }
        guard !(bench.options.centralPartsOnly && bench.options.centralWholeOnly) else {
            throw RawError(description: "--central-parts-only and --central-whole-only leave nothing to run together")
        }
        let databases = Databases(adminURL: adminURL)
        defer { databases.dropAll() }
        let source = bench.readPath
        if bench.options.centralPartsOnly {
            print("# central: PostgreSQL \(try PSQL.run(adminURL, ["-c", "SHOW server_version"])); five portfolios only (--central-parts-only)")
        } else {
            print("# central: PostgreSQL \(try PSQL.run(adminURL, ["-c", "SHOW server_version"])); file \(source)")
            let changed = try changedCopy(bench, of: source)
            try publishAndRepublish(bench, source: source, changed: changed, databases: databases)
        }
        if bench.options.centralWholeOnly {
            print("# central: the five portfolios left out (--central-whole-only)")
        } else {
            try fivePortfolios(bench, databases: databases)
        }
    }

    // MARK: - 2. The changed file

    struct ChangedFile {
        var path: String
        /// Projects whose title changed, and status events recorded.
        var titles: Int
        var events: Int
        var projects: Int
    }

    /// A copy of `source` with every 100th project changed through the
    /// library: alternately a new status event (withdrawn, today, on an
    /// application that may still be withdrawn) and a new title (when no
    /// application may be withdrawn, a new title as well).
    static func changedCopy(_ bench: Bench, of source: String) throws -> ChangedFile {
        let path = bench.directory + "/central-changed.sqlite"
        Files.remove(path)
        try RawDatabase(path: source).exec("VACUUM INTO '\(path)'")
        let references: [String] = try {
            var configuration = Connection.Configuration()
            configuration.mode = .readOnly
            let db = try Connection(path: path, configuration: configuration)
            return try db.fetchAll(sql: "SELECT reference FROM project ORDER BY id") { try $0[0] as String }
        }()
        let portfolio = try Portfolio(path: path)
        let today = CalendarDate.today
        var titles = 0
        var events = 0
        var chosen = 0
        let seconds = try Clock.time {
            for (index, reference) in references.enumerated() where index % 100 == 50 {
                chosen += 1
                if chosen % 2 == 1 {
                    var recorded = false
                    for application in try portfolio.applications.applications(ofProject: reference) {
                        guard let id = application.id,
                              let status = try portfolio.applications.status(of: id, asOf: today),
                              ["draft", "submitted", "under_evaluation", "approved"].contains(status.rawValue)
                        else { continue }
                        if (try? portfolio.applications.recordStatus("withdrawn", on: today, note: "grants-bench", for: id)) != nil {
                            recorded = true
                            break
                        }
                    }
                    if recorded {
                        events += 1
                        continue
                    }
                }
                guard var project = try portfolio.projects.fetch(reference: reference) else { continue }
                project.title += " (changed)"
                try portfolio.projects.update(project)
                titles += 1
            }
        }
        try RawDatabase(path: path).exec("PRAGMA wal_checkpoint(TRUNCATE)")
        print("# central: changed \(chosen) of \(references.count) projects of a copy through the library in \(format(seconds)) s: "
              + "\(events) status events (withdrawn, \(today)), \(titles) titles")
        return ChangedFile(path: path, titles: titles, events: events, projects: chosen)
    }

    // MARK: - 1 and 2. Publish, psql's \copy, re-publish

    static func publishAndRepublish(_ bench: Bench, source: String, changed: ChangedFile, databases: Databases) throws {
        let n = bench.n
        let samples = bench.options.reps ?? (n <= 100_000 ? Report.minimumSamples : 1)
        let exportFolder = bench.directory + "/central-copy"
        try FileManager.default.createDirectory(atPath: exportFolder, withIntermediateDirectories: true)
        let expected = try Portfolio(path: source, readOnly: true).statistics()
        let expectedChanged = try Portfolio(path: changed.path, readOnly: true).statistics()
        var publishTimes: [Double] = []
        var republishTimes: [Double] = []
        var psqlTimes: [Double] = []
        var publishedRows = 0
        var copiedRows = 0
        let handle = "bench"
        for sample in 0..<samples {
            // The library's publish, then the re-publish of the changed copy, in a fresh database.
            let url = try databases.create("publish\(sample)")
            let central = try blocking { try await CentralDatabase.connect(try CentralURL(url)) }
            _ = try blocking { try await central.migrate() }
            let (first, firstSeconds) = try timedPublish(central, file: source, as: handle)
            publishTimes.append(firstSeconds)
            publishedRows = first.changes.reduce(0) { $0 + $1.inserted }
            if sample == 0 {
                bench.report.check(first.created && first.changes.allSatisfy { $0.updated == 0 && $0.deleted == 0 },
                                   "central_publish_report", first.summary)
                let statistics = try blocking { try await central.statistics(asOf: expected.asOf, portfolios: [handle]) }
                bench.report.check(statistics == expected, "central_publish_statistics",
                                   "central \(statistics.headline) | file \(expected.headline)")
                // What psql copies: the rows this publish left, exported table by table.
                try exportTables(from: url, to: exportFolder, copiedRows: &copiedRows)
                bench.report.check(copiedRows == publishedRows, "central_psql_rows",
                                   "\(copiedRows) rows exported for psql, \(publishedRows) published")
            }
            let (again, againSeconds) = try timedPublish(central, file: changed.path, as: handle)
            republishTimes.append(againSeconds)
            print("# central sample \(sample + 1)/\(samples): publish \(format(firstSeconds)) s (\(first.summary)); "
                  + "re-publish \(format(againSeconds)) s (\(again.summary))")
            if sample == 0 {
                let byTable = Dictionary(uniqueKeysWithValues: again.changes.map { ($0.table, $0) })
                let project = byTable["project"]
                let events = byTable["status_event"]
                bench.report.check(
                    project?.updated ?? 0 == changed.titles && project?.inserted ?? 0 == 0 && project?.deleted ?? 0 == 0
                        && events?.inserted ?? 0 == changed.events && events?.deleted ?? 0 == 0 && events?.updated ?? 0 == 0
                        && byTable["organisation"] == nil && byTable["currency"] == nil,
                    "central_republish_report",
                    "\(again.summary); expected \(changed.titles) project rows updated, \(changed.events) status events inserted")
                let statistics = try blocking { try await central.statistics(asOf: expectedChanged.asOf, portfolios: [handle]) }
                bench.report.check(statistics == expectedChanged, "central_republish_statistics",
                                   "central \(statistics.headline) | file \(expectedChanged.headline)")
                let unchanged = try timedPublish(central, file: changed.path, as: handle).report
                bench.report.check(unchanged.isUnchanged, "central_republish_unchanged", unchanged.summary)
            }
            try blocking { await central.close() }
            databases.drop(url)
            // The anchor: the same rows with psql's \copy, in one transaction, into a fresh migrated database.
            let anchor = try databases.create("psql\(sample)")
            try blocking {
                let central = try await CentralDatabase.connect(try CentralURL(anchor))
                _ = try await central.migrate()
                await central.close()
            }
            try PSQL.run(anchor, ["-c", "INSERT INTO portfolio (id, handle, source_digest) OVERRIDING SYSTEM VALUE "
                                  + "VALUES (1, 'bench', repeat('0', 64))"])
            let seconds = try Clock.time { try PSQL.run(anchor, ["-1", "-f", exportFolder + "/copy.sql"]) }
            psqlTimes.append(seconds)
            databases.drop(anchor)
        }
        let publish = median(publishTimes)
        let psql = median(psqlTimes)
        let republish = median(republishTimes)
        let perSample = zip(publishTimes, psqlTimes).map { $0 / $1 }
        let republishRatios = zip(republishTimes, publishTimes).map { $0 / $1 }
        bench.report.add(Figure(
            measure: "central_publish", implementation: "lib", n: n, value: publish,
            extras: [("rows", String(publishedRows)), ("rows_per_s", format((Double(publishedRows) / publish).rounded())),
                     ("publish_over_psql_copy", String(format: "%.2f", median(perSample))), ("samples", String(samples)),
                     ("caches", "pg_fresh_database,os_warm")]))
        bench.report.add(Figure(
            measure: "central_psql_copy", implementation: "psql", n: n, value: psql,
            extras: [("rows", String(copiedRows)), ("rows_per_s", format((Double(copiedRows) / psql).rounded())),
                     ("samples", String(samples)), ("caches", "pg_fresh_database,os_warm")]))
        bench.report.add(Figure(
            measure: "central_republish_1pct", implementation: "lib", n: n, value: republish,
            extras: [("changed_projects", String(changed.projects)), ("status_events", String(changed.events)),
                     ("titles", String(changed.titles)),
                     ("republish_over_publish", String(format: "%.3f", median(republishRatios))), ("samples", String(samples)),
                     ("caches", "pg_warm_after_publish,os_warm")]))
        bench.report.target(median(republishRatios) < 0.1, "central_republish_1pct",
                            String(format: "re-publish after 1%% changed %.3fx the first publish (target well under 0.1)",
                                   median(republishRatios)))
    }

    /// A publish and its seconds. With GRANTS_BENCH_TRACE=1 each progress
    /// line is printed with the seconds since the publish began (where the time goes).
    static func timedPublish(_ central: CentralDatabase, file: String, as handle: String) throws -> (report: PublishReport, seconds: Double) {
        let start = Date()
        var trace: (@Sendable (String) -> Void)?
        if ProcessInfo.processInfo.environment["GRANTS_BENCH_TRACE"] == "1" {
            trace = { @Sendable line in
                let elapsed: Double = Date().timeIntervalSince(start)
                print("# trace +\(format(elapsed)) s \(line)")
            }
        }
        let progress = trace
        return try blocking {
            var report: PublishReport?
            let seconds = try await asyncSeconds { report = try await central.publish(file: file, as: handle, progress: progress) }
            return (report!, seconds)
        }
    }

    /// Exports every published table of the database at `url` (one portfolio,
    /// id 1) into files for \copy, and writes `copy.sql`, the \copy of each.
    static func exportTables(from url: String, to folder: String, copiedRows: inout Int) throws {
        var script = ""
        copiedRows = 0
        for table in tables {
            let columns = try PSQL.run(url, ["-c", "SELECT string_agg(column_name::text, ', ' ORDER BY ordinal_position) "
                                             + "FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '\(table)'"])
            let file = folder + "/\(table).tsv"
            try PSQL.run(url, ["-c", "\\copy (SELECT \(columns) FROM \(table)) TO '\(file)'"])
            copiedRows += try String(contentsOfFile: file, encoding: .utf8).utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            script += "\\copy \(table) (\(columns)) FROM '\(file)'\n"
        }
        try script.write(toFile: folder + "/copy.sql", atomically: true, encoding: .utf8)
    }

    // MARK: - 3. Five portfolios

    /// The five files of N/5 projects: the read file's projects in five
    /// slices, each loaded by the DAO (cached in --cache); or, with
    /// --central-same-part, the first slice five times.
    static func partFiles(_ bench: Bench) throws -> [String] {
        let size = bench.n / 5
        let count = bench.options.centralSamePart ? 1 : 5
        var paths: [String] = []
        for part in 0..<count {
            let slice = bench.projects[(part * size)..<((part + 1) * size)]
            let name = "central-part-\(part + 1)-of-\(bench.n)"
            let cached = bench.options.cache.map { $0 + "/\(name)-\(ReadFileCache.key(n: bench.n)).sqlite" }
            if let cached, FileManager.default.fileExists(atPath: cached) {
                print("# central: part \(part + 1): \(cached) (cached)")
                paths.append(cached)
                continue
            }
            let path = bench.directory + "/\(name).sqlite"
            try Files.copy(bench.template, path)
            let portfolio = try Portfolio(path: path)
            var seconds = 0.0
            for start in stride(from: slice.startIndex, to: slice.endIndex, by: 10_000) {
                let models = try DAOBench.models(slice[start..<min(start + 10_000, slice.endIndex)], reference: bench.reference)
                seconds += try DAOBench.insert(models, into: portfolio)
            }
            try RawDatabase(path: path).exec("PRAGMA wal_checkpoint(TRUNCATE)")
            print("# central: part \(part + 1): \(size) projects loaded by the DAO in \(format(seconds)) s")
            if let cached, let folder = bench.options.cache {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                Files.remove(cached)
                try FileManager.default.moveItem(atPath: path, toPath: cached)
                paths.append(cached)
            } else {
                paths.append(path)
            }
        }
        return paths
    }

    static func fivePortfolios(_ bench: Bench, databases: Databases) throws {
        let n = bench.n
        let parts = try partFiles(bench)
        let handles = (1...5).map { "part\($0)" }
        let files = handles.indices.map { parts[min($0, parts.count - 1)] }
        let layout = parts.count == 5 ? "five_distinct_files" : "one_file_under_five_handles"
        if parts.count == 1 { print("# central: the same file of \(n / 5) projects published under 5 handles (--central-same-part)") }
        let url = try databases.create("five")
        let today = CalendarDate.today
        let tenYearsBack = try CalendarDate(year: today.year - 10, month: today.month, day: min(today.day, 28))
        let reps = max(Report.minimumSamples, bench.options.reps ?? Report.minimumSamples)
        let headline = StatisticsOptions(breakdowns: [])
        let bySource = StatisticsOptions(breakdowns: [.fundingSource])
        let byYear = StatisticsOptions(breakdowns: [.submissionYear])
        let measures: [(String, CalendarDate, StatisticsOptions)] = [
            ("central_headline_today", today, headline), ("central_headline_10y_back", tenYearsBack, headline),
            ("central_breakdown_source", today, bySource), ("central_breakdown_year", today, byYear),
        ]
        struct Reads: Sendable {
            var publishSeconds: [Double] = []
            var times: [String: [Double]] = [:]
            var all: [String: PortfolioStatistics] = [:]
            var singles: [String: [PortfolioStatistics]] = [:]
        }
        let result = try blocking { () async throws -> Reads in
            let central = try await CentralDatabase.connect(try CentralURL(url))
            do {
                var result = Reads()
                try await central.migrate()
                for (handle, file) in zip(handles, files) {
                    result.publishSeconds.append(try await asyncSeconds { _ = try await central.publish(file: file, as: handle) })
                }
                for rep in 0..<reps {
                    for (name, date, options) in rotated(measures, by: rep) {
                        var statistics: PortfolioStatistics?
                        let seconds = try await asyncSeconds { statistics = try await central.statistics(asOf: date, options: options) }
                        result.times[name, default: []].append(seconds)
                        result.all[name] = statistics
                    }
                }
                for (name, date, options) in measures {
                    for handle in handles {
                        result.singles[name, default: []].append(try await central.statistics(asOf: date, options: options, portfolios: [handle]))
                    }
                }
                await central.close()
                return result
            } catch {
                await central.close()
                throw error
            }
        }
        databases.drop(url)
        bench.report.add(Figure(
            measure: "central_publish_part", implementation: "lib", n: n / 5, value: median(result.publishSeconds),
            extras: [("portfolios", "5"), ("layout", layout), ("samples", String(result.publishSeconds.count)),
                     ("caches", "pg_warm,os_warm")]))
        for (name, date, _) in measures {
            let value = median(result.times[name]!)
            bench.report.add(Figure(
                measure: name, implementation: "lib", n: n, value: value,
                extras: [("portfolios", "5"), ("projects_each", String(n / 5)), ("layout", layout), ("as_of", date.description),
                         ("samples", String(reps)), ("caches", "pg_warm_after_first,os_warm")]))
            let budget = name.hasPrefix("central_headline") ? 0.2 : 1.0
            bench.report.target(value <= budget, name, String(
                format: "%.3f s across 5 portfolios of %d projects (target <= %.1f s at 5 x 200,000)", value, n / 5, budget))
            // Across all: the sums of the single portfolios'.
            let all = result.all[name]!
            let singles = result.singles[name]!
            var counts = OutcomeCounts()
            var converted: [String: Int64] = [:]
            for single in singles {
                counts = sum(counts, single.total.counts)
                for summary in single.total.money {
                    for total in [summary.totalCost, summary.requested, summary.awarded] {
                        converted["\(summary.group) \(total.kind)", default: 0] += total.converted.minorUnits
                    }
                }
            }
            var allConverted: [String: Int64] = [:]
            for summary in all.total.money {
                for total in [summary.totalCost, summary.requested, summary.awarded] {
                    allConverted["\(summary.group) \(total.kind)", default: 0] += total.converted.minorUnits
                }
            }
            var groupsOK = true
            if let dimension = all.breakdowns.first?.dimension {
                var expectedGroups: [String: Int] = [:]
                for single in singles {
                    for group in single.breakdown(dimension)?.groups ?? [] { expectedGroups[group.key ?? "", default: 0] += group.counts.developed }
                }
                var groups: [String: Int] = [:]
                for group in all.breakdown(dimension)?.groups ?? [] { groups[group.key ?? "", default: 0] += group.counts.developed }
                groupsOK = groups.filter { $0.value != 0 } == expectedGroups.filter { $0.value != 0 }
            }
            bench.report.check(all.total.counts == counts && allConverted.filter { $0.value != 0 } == converted.filter { $0.value != 0 }
                                   && groupsOK && all.total.counts.developed > 0,
                               "\(name)_sum_of_portfolios",
                               "all: \(all.headline) | developed \(singles.map { String($0.total.counts.developed) }.joined(separator: "+"))")
        }
        // Each portfolio's headline there is its file's.
        for (index, file) in parts.enumerated() {
            let expected = try Portfolio(path: file, readOnly: true).statistics(asOf: today)
            let single = result.singles["central_headline_today"]![index]
            bench.report.check(single == expected, "central_part\(index + 1)_statistics", "central \(single.headline) | file \(expected.headline)")
        }
    }

    static func sum(_ a: OutcomeCounts, _ b: OutcomeCounts) -> OutcomeCounts {
        OutcomeCounts(
            developed: a.developed + b.developed, approved: a.approved + b.approved, rejected: a.rejected + b.rejected,
            withdrawn: a.withdrawn + b.withdrawn, pending: a.pending + b.pending,
            inPreparation: a.inPreparation + b.inPreparation, undetermined: a.undetermined + b.undetermined,
            underEvaluation: a.underEvaluation + b.underEvaluation)
    }
}
