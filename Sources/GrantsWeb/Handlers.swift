import Foundation
import GrantPortfolio
import GrantsOutput
import Hummingbird

/// The routes' work: check the parameters, ask the portfolio (async, on the
/// pool's readers), render. No SQL and no rule of the domain: the figures
/// come from the library, their JSON and CSV from GrantsOutput.
struct Handlers: Sendable {
    let portfolio: Portfolio

    // MARK: Pages

    func dashboard(_ request: Request) async throws -> Response {
        let parameters = try WebParameters(request, allowed: ["as_of", "by", "currency", "all_projects", "lang"])
        var (date, options, _) = try parameters.statistics()
        let dimension = options.breakdowns.first ?? .submissionYear
        options.breakdowns = [dimension]
        let language = try parameters.single("lang") ?? "en"
        guard DashboardReport.languages.contains(language) else {
            throw WebError.badRequest("lang: '\(language)' is not one of \(DashboardReport.languages.joined(separator: ", "))")
        }
        // The report's sections, and the chosen breakdown from the report's
        // statistics when it has it (one read); otherwise read beside it on
        // another reader.
        let model: DashboardModel
        if !DashboardReport.covers(options) {
            async let sections = DashboardReport.sections(portfolio, asOf: date, language: language)
            let statistics = try await portfolio.statistics(asOf: date, options: options)
            model = DashboardModel(
                statistics: statistics, dimension: dimension, language: language, reportSections: try await sections.html)
        } else {
            let sections = try await DashboardReport.sections(portfolio, asOf: date, language: language)
            model = DashboardModel(
                statistics: DashboardReport.statistics(options, from: sections.statistics),
                dimension: dimension, language: language, reportSections: sections.html)
        }
        let query = Self.query([
            ("as_of", date.description), ("by", dimension.rawValue),
            ("currency", try parameters.currency()), ("all_projects", try parameters.flag("all_projects") ? "true" : nil),
        ])
        return Self.html(Templates.page(
            "dashboard", title: "Dashboard", object: model,
            links: Self.dataLinks("/api/statistics", query), nav: "dashboard"))
    }

    func projects(_ request: Request) async throws -> Response {
        let parameters = try WebParameters(request, allowed: WebParameters.projectNames.subtracting(["format"]))
        var query = try parameters.projectQuery(defaultLimit: 100)
        let limit = query.limit ?? 100
        query.limit = limit + 1
        var found = try await portfolio.projects.search(query)
        let more = found.count > limit
        if more { found.removeLast() }
        var pairs = Self.pairs(of: parameters)
        let model = ProjectsModel(
            parameters: parameters, projects: found, asOf: query.asOf,
            next: more ? "/projects" + Self.query(Self.replacing("offset", with: String(query.offset + limit), in: pairs)) : nil)
        pairs.removeAll { $0.0 == "offset" && $0.1 == "0" }
        return Self.html(Templates.page(
            "projects", title: "Projects", object: model,
            links: Self.dataLinks("/api/projects", Self.query(pairs)), nav: "projects"))
    }

    func project(_ request: Request, reference: String) async throws -> Response {
        let parameters = try WebParameters(request, allowed: ["as_of"])
        let date = try parameters.date() ?? .today
        guard let project = try await portfolio.projects.fetch(reference: reference) else {
            throw WebError(.notFound, "no project with reference '\(SafetyMiddleware<BasicRequestContext>.shown(reference))'")
        }
        var search = ProjectQuery()
        search.asOf = date
        search.text = project.reference
        let summary = try await portfolio.projects.search(search).first { $0.reference == project.reference }
        let applications = try await portfolio.applications.applications(ofProject: project.reference)
        let owner = try await portfolio.organisations.fetch(handle: project.owner)
        var organisations: [String: Organisation] = [:]
        for handle in Set(applications.flatMap { $0.participants.map(\.organisation) }) {
            organisations[handle] = try await portfolio.organisations.fetch(handle: handle)
        }
        let model = ProjectModel(
            project: project, summary: summary, date: date, owner: owner, applications: applications,
            organisations: organisations)
        let path = "/api/projects/" + Self.encode(project.reference)
        return Self.html(Templates.page(
            "project", title: project.reference, object: model,
            links: Self.dataLinks(path, Self.query([("as_of", try parameters.single("as_of"))])), nav: "projects"))
    }

    func funders(_ request: Request) async throws -> Response {
        _ = try WebParameters(request, allowed: [])
        let sources = try await portfolio.fundingSources.all()
        let model = FundersModel(nodes: Self.tree(sources).map { source, depth in
            FundersModel.Node(
                title: source.title, kind: source.kind.rawValue, code: source.code, handle: source.handle,
                depth: min(depth, 5), href: "/projects" + Self.query([("source", source.handle)]))
        })
        return Self.html(Templates.page(
            "funders", title: "Funders", object: model, links: Self.dataLinks("/api/funders", ""), nav: "funders"))
    }

    // MARK: API

    func apiStatistics(_ request: Request) async throws -> Response {
        let parameters = try WebParameters(request, allowed: WebParameters.statisticsNames)
        let (date, options, series) = try parameters.statistics()
        let statistics = try await portfolio.statistics(asOf: date, options: options)
        switch try parameters.format() {
        case .csv:
            let table: ReportTable
            if series {
                table = StatisticsTables.series(statistics)
            } else if let breakdown = statistics.breakdowns.first {
                table = StatisticsTables.breakdown(breakdown, statistics: statistics, machine: true)
            } else {
                table = StatisticsTables.outcomes(statistics, machine: true)
            }
            return Self.data(table.text(.csv), type: "text/csv; charset=utf-8")
        case .json, .table:
            return Self.data(statistics.json.jsonText() + "\n", type: "application/json; charset=utf-8")
        }
    }

    func apiProjects(_ request: Request) async throws -> Response {
        let parameters = try WebParameters(request, allowed: WebParameters.projectNames)
        let query = try parameters.projectQuery(defaultLimit: WebParameters.maximumLimit)
        let projects = try await portfolio.projects.search(query)
        return Self.rows(ProjectTables.list(projects, machine: true), format: try parameters.format())
    }

    func apiProject(_ request: Request, reference: String) async throws -> Response {
        let parameters = try WebParameters(request, allowed: ["format"])
        guard let project = try await portfolio.projects.fetch(reference: reference) else {
            throw WebError(.notFound, "no project with reference '\(SafetyMiddleware<BasicRequestContext>.shown(reference))'")
        }
        let applications = try await portfolio.applications.applications(ofProject: project.reference)
        var table = ReportTable(columns: [
            .init("reference"), .init("application", alignment: .right), .init("funding_source"),
            .init("effective_on"), .init("status"), .init("note"),
        ])
        for application in applications {
            for event in application.statusHistory {
                table.append([
                    project.reference, application.id.map { String(describing: $0) } ?? "", application.fundingSource,
                    event.effectiveOn.description, event.status.rawValue, event.note ?? "",
                ])
            }
        }
        return Self.rows(table, format: try parameters.format())
    }

    func apiFunders(_ request: Request) async throws -> Response {
        let parameters = try WebParameters(request, allowed: ["format"])
        let sources = try await portfolio.fundingSources.all()
        var table = ReportTable(columns: [
            .init("handle"), .init("kind"), .init("code"), .init("title"), .init("parent"),
            .init("depth", alignment: .right),
        ])
        for (source, depth) in Self.tree(sources) {
            table.append([source.handle, source.kind.rawValue, source.code ?? "", source.title, source.parent ?? "", String(depth)])
        }
        return Self.rows(table, format: try parameters.format())
    }

    // MARK: Helpers

    /// The funding sources depth first, each parent before its children, siblings by title.
    static func tree(_ sources: [FundingSource]) -> [(FundingSource, Int)] {
        let handles = Set(sources.map(\.handle))
        var children: [String: [FundingSource]] = [:]
        var roots: [FundingSource] = []
        for source in sources {
            if let parent = source.parent, handles.contains(parent) {
                children[parent, default: []].append(source)
            } else {
                roots.append(source)
            }
        }
        var result: [(FundingSource, Int)] = []
        var stack = roots.sorted { $0.title > $1.title }.map { ($0, 0) }
        while let (source, depth) = stack.popLast() {
            result.append((source, depth))
            let below = (children[source.handle] ?? []).sorted { $0.title > $1.title }
            stack.append(contentsOf: below.map { ($0, depth + 1) })
        }
        return result
    }

    static func rows(_ table: ReportTable, format: TabularFormat) -> Response {
        switch format {
        case .csv: data(table.text(.csv), type: "text/csv; charset=utf-8")
        case .json, .table: data(table.text(.json), type: "application/json; charset=utf-8")
        }
    }

    static func html(_ text: String) -> Response {
        data(text, type: "text/html; charset=utf-8")
    }

    static func data(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// The JSON and CSV links of a page.
    static func dataLinks(_ path: String, _ query: String) -> [DataLink] {
        let csv = query.isEmpty ? "?format=csv" : query + "&format=csv"
        return [DataLink(label: "JSON", href: path + query), DataLink(label: "CSV", href: path + csv)]
    }

    /// The request's parameters as name–value pairs, in a fixed order.
    static func pairs(of parameters: WebParameters) -> [(String, String?)] {
        WebParameters.projectNames.sorted().flatMap { name in parameters.all(name).map { (name, Optional($0)) } }
    }

    static func replacing(_ name: String, with value: String, in pairs: [(String, String?)]) -> [(String, String?)] {
        pairs.filter { $0.0 != name } + [(name, value)]
    }

    /// `?a=1&b=2`, each part percent-encoded; empty for no values.
    static func query(_ pairs: [(String, String?)]) -> String {
        let parts = pairs.compactMap { name, value in value.map { encode(name) + "=" + encode($0) } }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}
