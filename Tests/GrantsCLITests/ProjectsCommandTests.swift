import Foundation
import GrantPortfolio
import Testing

@Suite("grants projects")
struct ProjectsCommandTests {
    let scratch: CLIScratch
    let database: String

    init() throws {
        scratch = try CLIScratch()
        database = try scratch.demoDatabase()
    }

    /// The references `grants projects list` prints as CSV with `filters`.
    private func references(_ filters: String...) throws -> [String] {
        let result = try GrantsBinary.run(["projects", "list", "--db", database, "--format", "csv"] + filters, in: scratch.folder)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "reference,title,outcome,latest_status,applications,first_submitted_on")
        return lines.dropFirst().map { String($0.prefix { $0 != "," }) }
    }

    @Test("the filters compose")
    func filters() throws {
        #expect(try references().count == 14)
        #expect(try references("--outcome", "approved").count == 8)
        #expect(try references("--outcome", "rejected") == ["LPR-2012-01", "LPR-2018-01"])
        #expect(try references("--status", "under_evaluation")
            == ["LPR-2025-01", "LPR-2026-01", "LPR-2026-02", "LPR-2026-03"])
        #expect(try references("--source", "norway-grants") == ["LPR-2009-01", "LPR-2026-02"])
        #expect(try references("--source", "norway-grants", "--outcome", "approved") == ["LPR-2009-01"])
        #expect(try references("--theme", "education").count == 4)
        #expect(try references("--theme", "lpr-strategic-direction:environment", "--year", "2026")
            == ["LPR-2026-01", "LPR-2026-03"])
        #expect(try references("--text", "TRONDELAG") == ["LPR-2009-01", "LPR-2026-02"])
        #expect(try references("--as-of", "2010-01-01", "--outcome", "approved") == ["LPR-2007-01", "LPR-2008-01"])
        #expect(try references("--limit", "3") == ["LPR-2007-01", "LPR-2008-01", "LPR-2009-01"])
    }

    @Test("a table for people, JSON for scripts")
    func formats() throws {
        let table = try scratch.grants("projects", "list", "--db", database, "--outcome", "rejected")
        #expect(table.exitCode == 0)
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("Reference    Title") == true)
        #expect(lines.count == 4)
        let json = try scratch.grants("projects", "list", "--db", database, "--status", "under_evaluation", "--format", "json")
        let rows = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]])
        #expect(rows.count == 4)
        #expect(rows.first?["applications"] as? Int == 1)
        #expect(rows.first?["outcome"] as? String == "pending")
        #expect(json.stdout.hasPrefix("[\n  {\n    \"reference\": \"LPR-2025-01\",\n    \"title\": "))
    }

    @Test("show prints the project, its applications, history, money, partners and contacts")
    func show() throws {
        let result = try scratch.grants("projects", "show", "--db", database, "LPR-2009-01", "--as-of", "2026-11-29")
        #expect(result.exitCode == 0, "\(result.stderr)")
        let text = result.stdout
        #expect(text.hasPrefix("LPR-2009-01  "))
        #expect(text.contains("Outcome:"))
        #expect(text.contains("approved (as of 2026-11-29)"))
        #expect(text.contains("Viktorija Želtkova"))
        #expect(text.contains("to norway-grants/stef/call-2"))
        #expect(text.contains("Innovation Norway"))
        #expect(text.contains("  2010-01-19  approved"))
        #expect(text.contains("15,813.09  LVL"))
        let resubmitted = try scratch.grants("projects", "show", "--db", database, "LPR-2008-01", "--as-of", "2009-01-01")
        #expect(resubmitted.stdout.contains("rejected (as of 2009-01-01)"))
        #expect(resubmitted.stdout.components(separatedBy: "\nApplication ").count == 3)
    }

    @Test("an unknown project is a user error")
    func unknownProject() throws {
        let result = try scratch.grants("projects", "show", "--db", database, "LPR-1999-99")
        #expect(result.exitCode == 1)
        #expect(result.stderrLines == ["grants: error: no project with reference 'LPR-1999-99'"])
    }
}

@Suite("grants status set")
struct StatusCommandTests {
    let scratch: CLIScratch
    let database: String

    init() throws {
        scratch = try CLIScratch()
        database = try scratch.demoDatabase()
    }

    private func headline(asOf date: String) throws -> String {
        let result = try scratch.grants("stats", "--db", database, "--as-of", date)
        return String(result.stdout.prefix { $0 != "\n" })
    }

    @Test("an approval is recorded on its date and counts from that date on")
    func recordApproval() throws {
        let result = try scratch.grants("status", "set", "--db", database, "LPR-2026-03", "approved", "--on", "2026-12-15",
                                        "--note", "Grant agreement offered")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "LPR-2026-03: application 15 under_evaluation → approved on 2026-12-15\n")
        #expect(try headline(asOf: "2026-12-14")
            == "8 of 14 projects approved (57.1%) · approved budget 3,228,810.00 EUR · 4 under evaluation")
        #expect(try headline(asOf: "2026-12-15")
            == "9 of 14 projects approved (64.3%) · approved budget 4,408,810.00 EUR · 3 under evaluation")
        let show = try scratch.grants("projects", "show", "--db", database, "LPR-2026-03")
        #expect(show.stdout.contains("2026-12-15  approved          Grant agreement offered"))
    }

    static let refusals: [([String], String)] = [
        // closed → submitted is not a transition
        (["LPR-2007-01", "submitted", "--on", "2027-01-01"], "cannot go from status closed to submitted"),
        // dated before the latest event
        (["LPR-2026-01", "approved", "--on", "2020-01-01"], "is before the latest one"),
        // two applications
        (["LPR-2008-01", "withdrawn", "--on", "2027-01-01"], "choose one with --application"),
        (["LPR-2008-01", "withdrawn", "--on", "2027-01-01", "--application", "999"], "has no application 999"),
        // not a status
        (["LPR-2026-01", "granted", "--on", "2027-01-01"], "unknown status 'granted'"),
        (["LPR-1999-99", "approved", "--on", "2027-01-01"], "no project 'LPR-1999-99'"),
    ]

    @Test("refused changes leave the file byte-identical", arguments: refusals)
    func refused(arguments: [String], message: String) throws {
        let before = try scratch.bytes(database)
        let result = try GrantsBinary.run(["status", "set", "--db", database] + arguments, in: scratch.folder)
        #expect(result.exitCode == 1)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try scratch.bytes(database) == before)
    }

    @Test("a malformed date is a usage error")
    func badDate() throws {
        let result = try scratch.grants("status", "set", "--db", database, "LPR-2026-01", "approved", "--on", "15.12.2026")
        #expect(result.exitCode == 2)
    }
}
