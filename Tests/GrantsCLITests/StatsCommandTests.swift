import Foundation
import GrantPortfolio
import Testing

/// The press release's headline, which `grants demo` and `grants stats` print first.
private let headline = "8 of 14 projects approved (57.1%) · approved budget 3,228,810.00 EUR · 4 under evaluation"

extension CLIScratch {
    /// Builds the demo portfolio in `name` with `grants demo --db` and returns its path.
    func demoDatabase(_ name: String = "lpr.sqlite") throws -> String {
        let path = self.path(name)
        let result = try grants("demo", "--db", path)
        #expect(result.exitCode == 0, "grants demo failed: \(result.stderr)")
        return path
    }
}

@Suite("grants demo")
struct DemoCommandTests {
    let scratch: CLIScratch
    init() throws { scratch = try CLIScratch() }

    @Test("prints the headline first, works in an empty folder and leaves nothing behind")
    func demoInATemporaryDatabase() throws {
        let result = try scratch.grants("demo")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first.map(String.init) == headline)
        #expect(result.stdout.contains("Closed"))
        #expect(result.stdout.contains("Education"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.folder.path).isEmpty)
    }

    @Test("works from any folder: the fixture is embedded in the binary")
    func demoFromTheRoot() throws {
        let result = try GrantsBinary.run(["demo"], in: URL(fileURLWithPath: "/"))
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix(headline + "\n"))
    }

    @Test("--db keeps the database; a second run on it is refused")
    func demoKeepsTheDatabase() throws {
        let path = try scratch.demoDatabase()
        #expect(FileManager.default.fileExists(atPath: path))
        let before = try scratch.bytes(path)
        let again = try scratch.grants("demo", "--db", path)
        #expect(again.exitCode == 1)
        #expect(again.stderrLines.count == 1)
        #expect(again.stderr.contains("already holds a portfolio"))
        #expect(try scratch.bytes(path) == before)
    }
}

@Suite("grants stats")
struct StatsCommandTests {
    let scratch: CLIScratch
    let database: String

    init() throws {
        scratch = try CLIScratch()
        database = try scratch.demoDatabase()
    }

    @Test("the headline comes first, the file is not changed")
    func headlineFirst() throws {
        let before = try scratch.bytes(database)
        let result = try scratch.grants("stats", "--db", database, "--as-of", "2026-11-29")
        #expect(result.exitCode == 0)
        #expect(result.stdout.hasPrefix(headline + "\n"))
        #expect(result.stdout.contains("8/10 (80.0%)"))
        #expect(result.stdout.contains("3,228,810.00"))
        #expect(result.stdout.contains("1 LVL = 1000000/702804 EUR"))
        #expect(try scratch.bytes(database) == before)
    }

    @Test("--as-of 2010-01-01 --format json gives the hand-computed figures")
    func jsonAsOf2010() throws {
        let result = try scratch.grants("stats", "--db", database, "--as-of", "2010-01-01", "--format", "json")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("{\n  \"asOf\": \"2010-01-01\",\n  \"reportingCurrency\": \"EUR\","))
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        let counts = try #require(json["counts"] as? [String: Int])
        #expect(counts == ["developed": 3, "approved": 2, "rejected": 0, "withdrawn": 0, "pending": 1,
                           "underEvaluation": 1, "inPreparation": 0, "undetermined": 0, "decided": 2])
        let budget = try #require(json["approvedBudget"] as? [String: Any])
        #expect(budget["amount"] as? String == "786230.00")
        #expect(budget["currency"] as? String == "EUR")
        #expect(json["headline"] as? String
            == "2 of 3 projects approved (66.7%) · approved budget 786,230.00 EUR · 1 under evaluation")
    }

    @Test("--by year --format csv: one row per year of first submission, adding up to 14")
    func byYearCSV() throws {
        let result = try scratch.grants("stats", "--db", database, "--as-of", "2026-11-29", "--by", "year", "--format", "csv")
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first?.hasPrefix("key,label,depth,parent,developed,approved,") == true)
        let developed = lines.dropFirst().compactMap { Int($0.split(separator: ",", omittingEmptySubsequences: false)[4]) }
        #expect(developed.count == 11)
        #expect(developed.reduce(0, +) == 14)
        #expect(lines.last?.hasPrefix("2026,2026,0,,4,0,0,0,4,4,") == true)
    }

    @Test("--by theme and --by source print aligned tables with a total", arguments: ["theme", "source", "status", "country", "decision-year"])
    func breakdownTables(dimension: String) throws {
        let result = try scratch.grants("stats", "--db", database, "--as-of", "2026-11-29", "--by", dimension)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix(headline + "\n"))
        let total = result.stdout.split(separator: "\n").first { $0.hasPrefix("Total ") }
        #expect(total?.hasSuffix("3,228,810.00") == true)
        if dimension == "theme" { #expect(result.stdout.contains("Transport and logistics")) }
        if dimension == "source" { #expect(result.stdout.contains("\n        Second open call")) }
    }

    @Test("--series prints approvals and decisions per year")
    func series() throws {
        let result = try scratch.grants("stats", "--db", database, "--as-of", "2012-12-31", "--series", "--format", "csv")
        #expect(result.exitCode == 0)
        #expect(result.stdout.hasPrefix(
            "year,submitted,approved,rejected,decisions,projects_approved,projects_approved_to_date\r\n2007,1,0,0,0,0,0\r\n2008,1,1,1,2,1,1\r\n"))
    }

    @Test("an amount with no rate into the reporting currency is reported, not dropped")
    func unconvertibleCurrency() throws {
        let result = try scratch.grants("stats", "--db", database, "--as-of", "2026-11-29", "--currency", "NOK")
        #expect(result.exitCode == 0)
        #expect(result.stdout.hasPrefix(
            "8 of 14 projects approved (57.1%) · approved budget 0.00 NOK + 2,506,310.00 EUR + 507,775.89 LVL not converted"))
        #expect(result.stdout.contains("Not converted into NOK"))
    }

    static let errorCases: [([String], Int32)] = [
        (["stats", "--db", "missing.sqlite"], 1),
        (["stats", "--db", "lpr.sqlite", "--currency", "XYZ"], 1),
        (["stats", "--db", "lpr.sqlite", "--by", "colour"], 2),
        (["stats", "--db", "lpr.sqlite", "--as-of", "2024-02-30"], 2),
        (["stats", "--db", "lpr.sqlite", "--format", "xml"], 2),
    ]

    @Test("user errors exit 1 with one line; usage errors exit 2", arguments: errorCases)
    func errors(arguments: [String], code: Int32) throws {
        let result = try GrantsBinary.run(arguments, in: scratch.folder)
        #expect(result.exitCode == code, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        if code == 1 {
            #expect(result.stderrLines.count == 1)
            #expect(result.stderr.hasPrefix("grants: error: "))
        }
    }

    @Test("--help explains and shows examples", arguments: [
        ["stats"], ["demo"], ["projects"], ["projects", "list"], ["projects", "show"], ["status"], ["status", "set"],
    ])
    func help(command: [String]) throws {
        let result = try GrantsBinary.run(command + ["--help"], in: scratch.folder)
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains("Example"))
        #expect(result.stdout.contains("grants \(command.joined(separator: " "))"))
    }
}
