import GrantPortfolio
import GrantsOutput
import Hummingbird
import Logging

/// The web dashboard and its JSON and CSV API, as a Hummingbird 2
/// application over one read-only, pooled ``Portfolio``.
///
/// Pages, each with links to the same data as JSON and CSV:
///
/// | path | what it shows | its data |
/// | --- | --- | --- |
/// | `/` | the headline, outcomes, a breakdown and the series as of a date | `/api/statistics` |
/// | `/projects` | a project search with the `grants projects list` filters | `/api/projects` |
/// | `/projects/REF` | a project with every application's status history | `/api/projects/REF` |
/// | `/funders` | the funder tree | `/api/funders` |
///
/// `/api/statistics` takes the options of `grants stats` (`as_of`, `by`,
/// `currency`, `all_projects`, `series`) and sends the JSON
/// `grants stats --format json` prints, byte for byte; `format=csv` sends its
/// CSV. `/api/projects` takes those of `grants projects list` (`status`,
/// `outcome`, `source`, `theme`, `year`, `text`, `as_of`, `limit`) plus
/// `offset` and `sort`; a page holds at most 1,000 projects.
///
/// Every call goes through the portfolio's async API: the queries run on the
/// pool's reader threads, never on Swift's cooperative threads.
public enum GrantsWeb {
    /// The router with every page and API route, behind the
    /// ``ServerTimingMiddleware`` (a `Server-Timing` header on every
    /// response) and the ``SafetyMiddleware``.
    ///
    /// - Parameters:
    ///   - portfolio: The portfolio to show; open it read-only.
    ///   - logger: Where internal errors are logged (their detail never goes to the client).
    /// - Returns: A router to build an `Application` or a test client from.
    public static func router(portfolio: Portfolio, logger: Logger = Logger(label: "grants-web")) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        // First, so that its time covers the whole chain and the errors
        // SafetyMiddleware turns into responses.
        router.add(middleware: ServerTimingMiddleware())
        router.add(middleware: SafetyMiddleware(logger: logger))
        let handlers = Handlers(portfolio: portfolio)

        router.get("/") { request, _ in try await handlers.dashboard(request) }
        router.get("/projects") { request, _ in try await handlers.projects(request) }
        router.get("/projects/:reference") { request, context in
            try await handlers.project(request, reference: try context.parameters.require("reference"))
        }
        router.get("/funders") { request, _ in try await handlers.funders(request) }

        router.get("/api/statistics") { request, _ in try await handlers.apiStatistics(request) }
        router.get("/api/projects") { request, _ in try await handlers.apiProjects(request) }
        router.get("/api/projects/:reference") { request, context in
            try await handlers.apiProject(request, reference: try context.parameters.require("reference"))
        }
        router.get("/api/funders") { request, _ in try await handlers.apiFunders(request) }

        router.get("/static/app.css") { request, _ in try Assets.response(request, body: Assets.css, type: "text/css") }
        router.get("/static/report.css") { request, _ in
            try Assets.response(request, body: DashboardReport.styleSheet, type: "text/css")
        }
        router.get("/static/app.js") { request, _ in try Assets.response(request, body: Assets.javascript, type: "text/javascript") }
        return router
    }

    /// The application: the ``router(portfolio:logger:)`` served on `host` and `port`.
    /// Run it with ``serve(_:gracePeriod:logger:)``, which stops it on SIGTERM
    /// and SIGINT in bounded time. A keep-alive connection left idle for
    /// ``idleTimeout`` is closed.
    ///
    /// - Parameters:
    ///   - portfolio: The portfolio to show; open it read-only.
    ///   - host: The address to bind, such as `127.0.0.1`.
    ///   - port: The port; 0 picks a free one.
    ///   - logger: The server's logger.
    ///   - onServerRunning: Called with the bound port once the server listens.
    /// - Returns: The Hummingbird application.
    public static func application(
        portfolio: Portfolio, host: String, port: Int, logger: Logger = Logger(label: "grants-web"),
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(portfolio: portfolio, logger: logger),
            server: .http1(configuration: .init(idleTimeout: .seconds(idleTimeout.components.seconds))),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// How long a keep-alive connection may stay idle before the server
    /// closes it: 60 seconds.
    public static var idleTimeout: Duration { .seconds(60) }

    /// Whether `host` is a loopback address, reachable only from this machine:
    /// `localhost`, `::1` or `127.x.x.x`.
    ///
    /// - Parameter host: A host name or address, as given to `--host`.
    /// - Returns: True for a loopback address.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
