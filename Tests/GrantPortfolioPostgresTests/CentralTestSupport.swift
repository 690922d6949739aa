import Foundation
import GrantPortfolio
@testable import GrantPortfolioPostgres
import SQLiteCore
import Testing

/// The PostgreSQL server the tests use: `GRANTS_POSTGRES`.
///
/// Locally without it the tests skip (the trait's comment says how to start
/// one); in CI (`CI` set) they run, and fail when the server cannot be reached.
enum CentralTestServer {
    static let environment = ProcessInfo.processInfo.environment
    static let urlText = environment["GRANTS_POSTGRES"]
    static let inCI = ["true", "1"].contains(environment["CI"]?.lowercased() ?? "")

    /// Whether the tests run: a server is named, or this is CI (where they must).
    static let enabled = urlText != nil || inCI

    static let skipNote: Comment = """
        No PostgreSQL: set GRANTS_POSTGRES to run these tests, e.g. eval "$(.ci/postgres start)" \
        (and .ci/postgres stop afterwards); in CI they never skip
        """

    static func url() throws -> CentralURL {
        guard let urlText else {
            throw Failure("CI is set but GRANTS_POSTGRES is not: .ci/run starts the server and exports it")
        }
        return try CentralURL(urlText)
    }

    static func connect() async throws -> CentralDatabase {
        try await CentralDatabase.connect(try url())
    }

    /// Runs `body` on a database of its own on the test server (its URL and a
    /// connection to it), dropped afterwards: for a test that digests a
    /// whole database while other tests publish into the shared one.
    static func withOwnDatabase<T>(_ body: (_ urlText: String, _ central: CentralDatabase) async throws -> T) async throws -> T {
        guard let urlText, var components = URLComponents(string: urlText) else { throw Failure("GRANTS_POSTGRES is not a URL") }
        let name = "grants_test_" + UUID().uuidString.prefix(8).lowercased()
        components.path = "/" + name
        guard let ownURL = components.string else { throw Failure("no URL for database \(name)") }
        let admin = try await connect()
        try await admin.execute("CREATE DATABASE \(name)")
        let central: CentralDatabase
        do {
            central = try await CentralDatabase.connect(try CentralURL(ownURL))
        } catch {
            try? await admin.execute("DROP DATABASE \(name)")
            await admin.close()
            throw error
        }
        do {
            let result = try await body(ownURL, central)
            await central.close()
            try await admin.execute("DROP DATABASE \(name)")
            await admin.close()
            return result
        } catch {
            await central.close()
            try? await admin.execute("DROP DATABASE \(name)")
            await admin.close()
            throw error
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// A folder of portfolio files, removed at the end.
final class ScratchFolder: @unchecked Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("grants-central-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// A new portfolio file built by `build`.
    func portfolio(_ name: String, _ build: (Portfolio) throws -> Void) throws -> String {
        let path = path(name + ".sqlite")
        let portfolio = try Portfolio(path: path)
        try build(portfolio)
        return path
    }

    static let fixtureData: Data = try! Data(contentsOf: packageRoot.appendingPathComponent("Fixtures/latgale-planning-region.json"))

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}

/// A unique handle per test run, so that runs never meet in a shared database.
func uniqueHandle(_ base: String) -> String {
    "\(base)-\(UUID().uuidString.prefix(8).lowercased())"
}

extension CentralDatabase {
    /// A digest of everything the central database holds (every table's rows),
    /// to show that a failed operation left it unchanged.
    func contentDigest() async throws -> String {
        let tables = try await rows(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename").map { try $0.text(0) ?? "" }
        var text = ""
        for table in tables {
            let digest = try await rows(
                "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \(table) t").first?.text(0) ?? ""
            text += "\(table) \(digest)\n"
        }
        return text
    }

    /// Each published table's rows of one portfolio, without the
    /// portfolio's id, as one md5 a table: two portfolios published from
    /// the same file have the same.
    func portfolioContent(_ handle: String) async throws -> [String: String] {
        var content: [String: String] = [:]
        for table in PublishedTables.names {
            content[table] = try await rows(
                """
                SELECT md5(coalesce(string_agg(r, '|' ORDER BY r), '')) FROM (
                    SELECT (to_jsonb(t) - 'portfolio_id')::text AS r FROM \(table) t
                    WHERE t.portfolio_id = (SELECT id FROM portfolio WHERE handle = $1)) AS rows
                """, [.text(handle)]).first?.text(0) ?? ""
        }
        return content
    }
}

/// The JSON `grants stats --format json` prints, for the same figures.
func statisticsJSON(_ statistics: PortfolioStatistics) -> String {
    GrantsOutputBridge.json(statistics)
}

/// About 20 dates across the portfolios' histories: month and year edges,
/// and days inside months.
let comparisonDates: [CalendarDate] = [
    "2004-12-31", "2007-01-01", "2008-02-15", "2008-03-01", "2008-06-01", "2008-09-30", "2008-12-31",
    "2009-01-20", "2009-06-01", "2009-06-30", "2010-01-01", "2011-07-15", "2012-12-31", "2013-12-31",
    "2014-01-01", "2016-02-29", "2019-11-30", "2024-05-17", "2026-12-01", "2031-01-01",
].map { try! CalendarDate($0) }

extension CalendarDate {
    /// A date from a literal the tests know to be valid (as the library's tests have it).
    static func day(_ text: String) -> CalendarDate { try! CalendarDate(text) }
}

/// The test portfolios, built once per test run and only read by the tests
/// (each publishes them under handles of its own); removed at exit.
enum SharedPortfolios {
    private static let built: Result<[(name: String, path: String)], any Error> = Result {
        atexit {
            if let folder = SharedPortfolios.folder { try? FileManager.default.removeItem(at: folder.url) }
        }
        guard let folder else { throw CentralTestServer.Failure("no temporary folder for the test portfolios") }
        return try CentralTests.testPortfolios(in: folder)
    }

    private static let folder: ScratchFolder? = try? ScratchFolder()

    static func files() throws -> [(name: String, path: String)] {
        try built.get()
    }
}

/// The five real 360Giving files of `shared/data/360giving`: beside the
/// checkout (as on CI), else the workplace's copy (as the interop tests find them).
enum ThreeSixtyGivingFiles {
    static let folder: URL = {
        let besideCheckout = ScratchFolder.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/360giving")
        let workplace = URL(fileURLWithPath: "/work/shared/data/360giving")
        return FileManager.default.fileExists(atPath: besideCheckout.path) ? besideCheckout : workplace
    }()

    static let names = [
        "nominet-2016-sample.json", "baring-2016-sample.json", "grantnav-fixture-powertochange-870.json",
        "grantnav-fixture-multifunder-154.json", "grantnav-fixture-wolfson-currency-379.json",
    ]

    /// The files of `names` that are not there.
    static var missing: [String] {
        names.filter { !FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
    }

    /// Whether the test runs: the files are there, or this is CI (where a missing one fails it).
    static var testRuns: Bool { missing.isEmpty || CentralTestServer.inCI }

    static let skipNote: Comment = "../shared/data/360giving is missing or incomplete"

    /// Five dates across the files' awards (2011–2022).
    static let dates: [CalendarDate] = ["2012-12-31", "2014-09-30", "2015-06-30", "2017-09-01", "2022-12-31"].map { CalendarDate.day($0) }
}
