import Foundation
import GrantPortfolio
import GrantsWeb
import Hummingbird
import HummingbirdTesting
import Testing

/// The routes in process, through HummingbirdTesting's router client, on
/// the demo portfolio opened read-only.
@Suite("grants-web routes")
struct RouteTests {
    /// A GET on the demo (or hostile) portfolio: status, headers, body.
    static func get(_ uri: String, hostile: Bool = false, method: HTTPRequest.Method = .get) async throws -> TestResponse {
        let portfolio = try Portfolio(path: hostile ? try WebFixtures.hostile() : try WebFixtures.demo(), readOnly: true)
        let app = Application(router: GrantsWeb.router(portfolio: portfolio))
        return try await app.test(.router) { client in
            try await client.execute(uri: uri, method: method) { $0 }
        }
    }

    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test("/api/statistics is byte for byte what `grants stats --format json` prints",
          arguments: [
            ("as_of=2010-01-01", ["--as-of", "2010-01-01"]),
            ("as_of=2010-01-01&by=theme", ["--as-of", "2010-01-01", "--by", "theme"]),
            ("by=source&currency=LVL", ["--by", "source", "--currency", "LVL"]),
            ("as_of=2026-06-30&by=year&all_projects=true", ["--as-of", "2026-06-30", "--by", "year", "--all-projects"]),
          ])
    func statisticsJSON(query: String, options: [String]) async throws {
        let path = try WebFixtures.demo()
        let expected = try Binary.run(["stats", "--db", path, "--format", "json"] + options, in: WebFixtures.folder)
        #expect(expected.exitCode == 0, "\(expected.stderr)")
        let response = try await Self.get("/api/statistics?" + query)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/json; charset=utf-8")
        #expect(Self.text(response) == expected.stdout)
    }

    @Test("/api/statistics?format=csv is what `grants stats --format csv` prints")
    func statisticsCSV() async throws {
        let expected = try WebFixtures.grants(
            "stats", "--db", try WebFixtures.demo(), "--as-of", "2013-12-31", "--by", "theme", "--format", "csv")
        let response = try await Self.get("/api/statistics?as_of=2013-12-31&by=theme&format=csv")
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
        #expect(Self.text(response) == expected)
    }

    @Test("/api/projects is what `grants projects list --format json|csv` prints")
    func projectsJSON() async throws {
        let path = try WebFixtures.demo()
        let json = try WebFixtures.grants(
            "projects", "list", "--db", path, "--text", "latgale", "--outcome", "approved", "--format", "json")
        let response = try await Self.get("/api/projects?text=latgale&outcome=approved")
        #expect(response.status == .ok)
        #expect(Self.text(response) == json)
        #expect(json.contains("LPR-"))

        let csv = try WebFixtures.grants(
            "projects", "list", "--db", path, "--status", "under_evaluation", "--as-of", "2026-06-30", "--format", "csv")
        let csvResponse = try await Self.get("/api/projects?status=under_evaluation&as_of=2026-06-30&format=csv")
        #expect(Self.text(csvResponse) == csv)
    }

    @Test("every page answers 200 with HTML, its security headers and links to its JSON and CSV",
          arguments: ["/", "/?as_of=2010-01-01&by=theme", "/projects", "/projects?text=latgale", "/projects/LPR-2009-01", "/funders"])
    func pages(path: String) async throws {
        let response = try await Self.get(path)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/html; charset=utf-8")
        Self.expectSecurityHeaders(response)
        let html = Self.text(response)
        #expect(html.contains("class=\"data-link\" href=\"/api/"))
        #expect(html.contains("format=csv"))
        #expect(!html.contains("{{"), "a template tag was left unrendered")
    }

    static func expectSecurityHeaders(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        let policy = response.headers[.contentSecurityPolicy] ?? ""
        #expect(policy.contains("default-src 'none'"), sourceLocation: sourceLocation)
        #expect(policy.contains("script-src 'self'"), sourceLocation: sourceLocation)
        #expect(!policy.contains("unsafe-inline"), sourceLocation: sourceLocation)
        #expect(!policy.contains("http"), "the policy names an outside source", sourceLocation: sourceLocation)
        #expect(response.headers[.xContentTypeOptions] == "nosniff", sourceLocation: sourceLocation)
    }

    @Test("the dashboard shows the headline `grants stats` prints first")
    func dashboardHeadline() async throws {
        let html = Self.text(try await Self.get("/"))
        #expect(html.contains("<p class=\"headline\" id=\"headline\">\(WebFixtures.headline)</p>"))
        let html2010 = Self.text(try await Self.get("/?as_of=2010-01-01"))
        #expect(html2010.contains(WebFixtures.headline2010))
    }

    @Test("a query string is read as an HTML form sends it: '+' is a space")
    func formEncoding() async throws {
        let html = Self.text(try await Self.get("/projects?text=Latgale+Planning+Region&outcome="))
        #expect(html.contains("value=\"Latgale Planning Region\""))
        #expect(html.contains("/projects/LPR-2009-01"))
    }

    @Test("a project page shows every status of every application")
    func projectHistory() async throws {
        let portfolio = try Portfolio(path: try WebFixtures.demo(), readOnly: true)
        let applications = try await portfolio.applications.applications(ofProject: "LPR-2008-01")
        let events = applications.flatMap(\.statusHistory)
        #expect(events.count > 2)
        let html = Self.text(try await Self.get("/projects/LPR-2008-01"))
        let rows = html.components(separatedBy: "<td class=\"status\">").count - 1
        #expect(rows == events.count)
        for event in events { #expect(html.contains("<td>\(event.effectiveOn)</td><td class=\"status\">\(event.status.rawValue)</td>")) }
        let history = Self.text(try await Self.get("/api/projects/LPR-2008-01?format=csv"))
        #expect(history.split(separator: "\r\n").count == events.count + 1)
    }

    @Test("hostile titles are escaped on every page that shows them, one Unicode scalar at a time")
    func hostileTitles() async throws {
        // Outside #expect, whose expansion cannot take a combining mark in a literal.
        let doubleQuoteWithMark = "\"" + "\u{301}"
        let singleQuoteWithMark = "'" + "\u{301}"
        for path in ["/projects", "/projects?text=XSS", "/projects/XSS-3", "/projects/XSS-4"] {
            let html = Self.text(try await Self.get(path, hostile: true))
            #expect(!html.contains("<script>window"), "\(path)")
            #expect(!html.contains("<img"), "\(path)")
            #expect(!html.contains(doubleQuoteWithMark), "\(path): a quote with a combining mark was not escaped")
            #expect(!html.contains(singleQuoteWithMark), "\(path)")
            #expect(!html.contains("<b>"), "\(path)")
            #expect(!html.contains("<script") || html.components(separatedBy: "<script").count == 2, "\(path): one script element, the site's")
        }
        let html = Self.text(try await Self.get("/projects/XSS-1", hostile: true))
        #expect(html.contains("&lt;script&gt;window.hostileRan = 1;&lt;/script&gt;"))
    }

    @Test("a bad parameter is a 400 with one line", arguments: [
        ("/api/statistics?as_of=2010-02-30", "as_of: '2010-02-30' is not a date (YYYY-MM-DD)"),
        ("/api/statistics?by=colour", "by: 'colour' is not one of status, year, decision-year, source, theme, country"),
        ("/api/projects?limit=1000000000", "limit: '1000000000' is not a whole number from 0 to 1000"),
        ("/api/projects?outcome=maybe", "outcome: 'maybe' is not one of approved, pending, preparation, rejected, withdrawn, none"),
        ("/api/statistics?format=xml", "format: 'xml' is not json or csv"),
        ("/api/statistics?currency=euro", "currency: 'euro' is not an ISO 4217 code such as EUR"),
        ("/?as_of=2010-01-01&as_of=2011-01-01", "as_of: given 2 times; give it once"),
        ("/?nonsense=1", "unknown parameter 'nonsense'; this page takes all_projects, as_of, by, currency, lang"),
        ("/projects?year=99999", "year: '99999' is not a whole number from 1 to 9999"),
        ("/projects/LPR-2009-01?as_of=yesterday", "as_of: 'yesterday' is not a date (YYYY-MM-DD)"),
        ("/funders?x=%0A1", "unknown parameter 'x'; this page takes no parameters"),
        ("/api/projects?text=%E0%A4%A", "the query string is not percent-encoded correctly"),
    ])
    func badParameters(uri: String, message: String) async throws {
        let response = try await Self.get(uri)
        #expect(response.status == .badRequest)
        #expect(Self.text(response) == message + "\n")
        #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
        Self.expectSecurityHeaders(response)
    }

    @Test("an unknown path or project is a 404 with one line and the security headers",
          arguments: ["/nothing", "/api/nothing", "/projects/NO-SUCH", "/api/projects/NO-SUCH", "/static/passwd"])
    func notFound(uri: String) async throws {
        let response = try await Self.get(uri)
        #expect(response.status == .notFound)
        let text = Self.text(response)
        #expect(text.hasSuffix("\n") && text.dropLast().allSatisfy { !$0.isNewline })
        #expect(!text.contains("Error") && !text.contains(".swift"))
        Self.expectSecurityHeaders(response)
    }

    @Test("path traversal is refused before any route", arguments: [
        "/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd", "/projects/..%2F..%2Fetc%2Fpasswd",
        "/static/..\\..\\etc\\passwd", "/./projects",
    ])
    func traversal(uri: String) async throws {
        let response = try await Self.get(uri)
        #expect(response.status == .badRequest)
        #expect(Self.text(response).hasPrefix("path refused"))
        Self.expectSecurityHeaders(response)
    }

    @Test("only reads: a POST is refused with 405")
    func onlyReads() async throws {
        let response = try await Self.get("/api/projects", method: .post)
        #expect(response.status == .methodNotAllowed)
        Self.expectSecurityHeaders(response)
    }

    @Test("the funder tree lists every funding source, parents before children")
    func funders() async throws {
        let portfolio = try Portfolio(path: try WebFixtures.demo(), readOnly: true)
        let sources = try await portfolio.fundingSources.all()
        let csv = Self.text(try await Self.get("/api/funders?format=csv"))
        let handles = csv.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        #expect(Set(handles) == Set(sources.map(\.handle)))
        for source in sources {
            if let parent = source.parent, let child = handles.firstIndex(of: source.handle) {
                #expect(handles.firstIndex(of: parent).map { $0 < child } == true, "\(source.handle) before \(parent)")
            }
        }
    }

    @Test("loopback hosts")
    func loopback() {
        #expect(GrantsWeb.isLoopback("127.0.0.1"))
        #expect(GrantsWeb.isLoopback("localhost"))
        #expect(GrantsWeb.isLoopback("::1"))
        #expect(!GrantsWeb.isLoopback("0.0.0.0"))
        #expect(!GrantsWeb.isLoopback("192.168.1.2"))
        #expect(!GrantsWeb.isLoopback("127.0.0.1.example.com"))
    }
}
