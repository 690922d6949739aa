// grants-bench [N] [--only insert,fetch,stats,search,export,open,layer,concurrency] [--impl raw,dao,grdb,grdb_codable]
//              [--reps R] [--keep] [--db PATH] [--cache DIR] [--sample-insert]
// grants-bench N --only central --postgres URL [--db PATH] [--cache DIR] [--central-same-part] [--central-parts-only | --central-whole-only]   (CentralBench.swift)
// grants-bench --print-search-sql    (the search measurement's statement, for EXPLAIN QUERY PLAN)
//
// Builds a synthetic portfolio of N projects (default 100,000), measures the
// library against the raw sqlite3 C API and GRDB, prints one line per figure
// and a summary table, checks every result, and exits 1 when a check fails.
// See BENCHMARKS.md at the repository root.
import Foundation
@_spi(Benchmarks) import GrantPortfolio

@main
struct GrantsBench {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--print-search-sql" {
            // The statement of the search measurement, with sqlite3 shell parameters, for EXPLAIN QUERY PLAN.
            let statement = DAOBench.listingStatement(SearchBench.query)
            for (name, value) in statement.arguments.sorted(by: { $0.key < $1.key }) {
                switch value {
                case .text(let text): print(".parameter set :\(name) \"'\(text)'\"")
                case .integer(let int): print(".parameter set :\(name) \(int)")
                }
            }
            print(statement.sql + ";")
            return
        }
        if arguments.first == "--stats-child" {
            do {
                try StatisticsBench.child(Array(arguments.dropFirst()))
            } catch {
                print("error \(error)")
                exit(1)
            }
            return
        }
        if arguments.first == "--export-child" {
            ExportChild.run(Array(arguments.dropFirst()))
            return
        }
        do {
            let clock = ContinuousClock()
            let start = clock.now
            let options = try Options(arguments)
            let bench = try Bench(options)
            try bench.run()
            bench.report.checkSamples()
            bench.report.printSummary(n: options.n)
            let elapsed = (clock.now - start).components
            let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
            print(String(format: "\nwall_time %.1f s (%d min %02d s) for the run, from generation to the summary",
                         seconds, Int(seconds) / 60, Int(seconds) % 60))
            bench.cleanUp()
            exit(bench.report.failed ? 1 : 0)
        } catch {
            FileHandle.standardError.write(Data("grants-bench: \(error)\n".utf8))
            exit(2)
        }
    }
}

struct Options {
    var n = 100_000
    var only: Set<String> = ["insert", "fetch", "stats", "search", "export", "open", "layer"]
    var implementations = ["raw", "dao", "grdb", "grdb_codable"]
    var reps: Int?
    var keep = false
    /// An existing database of the same N (from --keep) for the read measurements, skipping the insert.
    var database: String?
    /// A folder for the fully loaded read file, kept between runs and reused
    /// while N, the generator, the migrations and the library's sources are unchanged.
    var cache: String?
    /// The insert as from N = 100,000 at any N: every implementation inserts 5 chunks, then the DAO loads the rest.
    var sampleInsert = false
    /// The central database's server for --only central (or GRANTS_POSTGRES); the bench creates and drops its own databases there.
    var postgres: String?
    /// --only central: the first N/5 projects' file published under five handles, instead of five distinct files.
    var centralSamePart = false
    /// --only central: only the five portfolios of N/5 projects (their publish and reads), not the publish and
    /// re-publish of the whole file, so that 5 x 200,000 needs no file of 1,000,000 projects.
    var centralPartsOnly = false
    /// --only central: only the publish and re-publish of the whole file, not the five portfolios of N/5 projects.
    var centralWholeOnly = false

    init(_ arguments: [String]) throws {
        var index = 0
        func value() throws -> String {
            index += 1
            guard index < arguments.count else { throw RawError(description: "\(arguments[index - 1]) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--only": only = Set(try value().split(separator: ",").map(String.init))
            case "--impl": implementations = try value().split(separator: ",").map(String.init)
            case "--reps": reps = Int(try value())
            case "--keep": keep = true
            case "--db": database = try value()
            case "--cache": cache = try value()
            case "--sample-insert": sampleInsert = true
            case "--postgres": postgres = try value()
            case "--central-same-part": centralSamePart = true
            case "--central-parts-only": centralPartsOnly = true
            case "--central-whole-only": centralWholeOnly = true
            case "-h", "--help":
                print("usage: grants-bench [N] [--only insert,fetch,stats,search,export,open,layer,concurrency] [--impl raw,dao,grdb,grdb_codable] [--reps R] [--keep] [--db PATH] [--cache DIR] [--sample-insert]")
                print("       grants-bench N --only central --postgres URL [--db PATH] [--cache DIR] [--central-same-part] [--central-parts-only | --central-whole-only]")
                exit(0)
            default:
                guard let number = Int(argument.replacingOccurrences(of: "_", with: "")), number > 0 else {
                    throw RawError(description: "unknown argument \(argument)")
                }
                n = number
            }
            index += 1
        }
        if !implementations.contains("raw") { implementations.insert("raw", at: 0) }
        if only.contains("central") {
            postgres = postgres ?? ProcessInfo.processInfo.environment["GRANTS_POSTGRES"]
            guard postgres != nil else {
                throw RawError(description: "--only central needs a PostgreSQL server: --postgres URL or GRANTS_POSTGRES")
            }
        }
    }
}

final class Bench {
    let options: Options
    let n: Int
    let report = Report()
    let directory: String
    let reference = ReferenceData.make()
    let projects: [SyntheticProject]
    let template: String
    /// The database the read benchmarks use (built by the DAO insert).
    var readPath: String
    var insertedPaths: [String: String] = [:]
    /// Two files with the same first `projects` projects, one written by raw and one by the DAO, whose exports must be equal.
    var exportFiles: (raw: String, dao: String, projects: Int)?

    init(_ options: Options) throws {
        self.options = options
        n = options.n
        directory = NSTemporaryDirectory() + "grants-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let reference = self.reference
        var generated: [SyntheticProject] = []
        let seconds = Clock.time { generated = Generator.projects(options.n, reference: reference) }
        projects = generated
        template = directory + "/template.sqlite"
        readPath = template
        let applications = projects.reduce(0) { $0 + $1.applications.count }
        let events = projects.reduce(0) { $0 + $1.applications.reduce(0) { $0 + $1.events.count } }
        print("# grants-bench N=\(n): \(n) projects, \(applications) applications, \(events) status events, "
              + "\(expectedRows) rows; generated in \(format(seconds)) s; SQLite \(sqliteVersion()); "
              + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
        try DAOBench.makeDatabase(path: template, reference: reference)
    }

    var expectedRows: Int { expectedRows(projects: n) }

    /// The rows of the first `count` projects.
    func expectedRows(projects count: Int) -> Int {
        projects.prefix(count).reduce(0) { total, p in
            total + 1 + p.themes.count + p.applications.reduce(0) { $0 + 1 + $1.partners.count + $1.events.count + $1.money.count }
        }
    }

    func cleanUp() {
        if options.keep {
            print("# kept \(directory)")
        } else {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    func run() throws {
        try checkVocabulary()
        if options.only.contains("open") { try OpenBench.run(self) }
        if let database = options.database, !options.only.contains("insert") {
            readPath = database
        } else if options.only.contains("insert")
            || ["fetch", "stats", "search", "export", "concurrency"].contains(where: options.only.contains)
            || (options.only.contains("central") && !options.centralPartsOnly) {
            try InsertBench.run(self)
        }
        if options.only.contains("fetch") { try FetchBench.run(self) }
        if options.only.contains("stats") { try StatisticsBench.run(self) }
        if options.only.contains("search") { try SearchBench.run(self) }
        if options.only.contains("export") { try ExportBench.run(self) }
        if options.only.contains("layer") { try LayerBench.run(self) }
        if options.only.contains("concurrency") { try ConcurrencyBench.run(self) }
        if options.only.contains("central") { try CentralBench.run(self) }
    }

    /// The generator's transition table must be the schema's.
    func checkVocabulary() throws {
        let raw = try RawDatabase(path: template)
        let s = try raw.prepare("SELECT from_status, to_status FROM status_transition ORDER BY 1, 2")
        defer { _ = s }
        var pairs: [String] = []
        let statement = s
        while sqlite3Step(statement) { pairs.append(RawBench.text(statement, 0) + ">" + RawBench.text(statement, 1)) }
        finalize(statement)
        let expected = Vocabulary.transitions.map { $0.0 + ">" + $0.1 }.sorted()
        report.check(pairs == expected, "status_transitions_match_schema", "\(pairs.count) transitions")
    }

    /// Interleaved samples of a measurement that gives ratios: `--reps`, never under 5.
    var ratioReps: Int { max(Report.minimumSamples, options.reps ?? Report.minimumSamples) }
}

/// The fully loaded read file, kept in `--cache DIR` under a name that
/// changes with N and with every file its content depends on: the
/// generator and the reference data (Synthetic.swift, DAO.swift), the
/// migrations and the library's sources.
enum ReadFileCache {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    static func key(n: Int) -> String {
        var hasher = FNV()
        hasher.add(Int64(n))
        let manager = FileManager.default
        var files = ["Benchmarks/Sources/GrantsBench/Synthetic.swift", "Benchmarks/Sources/GrantsBench/DAO.swift"]
        for folder in ["Migrations", "Sources"] {
            let enumerator = manager.enumerator(atPath: root.appendingPathComponent(folder).path)
            while let file = enumerator?.nextObject() as? String {
                var isDirectory: ObjCBool = false
                let path = folder + "/" + file
                if manager.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    files.append(path)
                }
            }
        }
        for file in files.sorted() {
            hasher.add(file)
            if let data = manager.contents(atPath: root.appendingPathComponent(file).path) {
                for byte in data { hasher.add(byte) }
            }
        }
        return String(format: "%016llx", hasher.value)
    }

    static func path(directory: String, n: Int) -> String { directory + "/portfolio-\(n)-\(key(n: n)).sqlite" }
}
