import ArgumentParser
import Foundation
import GrantPortfolio
import GrantsWeb
import Hummingbird
import Logging

@main
struct GrantsWebCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grants-web",
        abstract: "Serve a grant portfolio as a read-only web dashboard with a JSON and CSV API.",
        discussion: """
            Opens the portfolio read-only and serves the dashboard (/), the project \
            search (/projects), project pages with their status history \
            (/projects/REFERENCE) and the funder tree (/funders), each with links to \
            the same data as JSON and CSV under /api. /api/statistics takes the options \
            of grants stats (as_of, by, currency, all_projects, series, format) and \
            /api/projects those of grants projects list (status, outcome, source, \
            theme, year, text, as_of, limit, offset, sort, format).

            It binds to 127.0.0.1 by default; any other host is reachable from other \
            machines and prints a warning. Every response has a Server-Timing header \
            (app;dur=MILLISECONDS, the time the server took to build it).

            SIGTERM or SIGINT (Ctrl-C) stops it, with exit status 0: it accepts no \
            more connections, closes the idle ones and lets the requests in progress \
            finish for 3 seconds; then, or at a second signal, it cancels them.

            Examples:
              grants-web --db lpr.sqlite
              grants-web --db lpr.sqlite --port 9000
              curl 'http://127.0.0.1:8080/api/statistics?as_of=2010-01-01&by=theme'
            """)

    @Option(help: ArgumentHelp(
        "The portfolio file. Default: $GRANTS_DB, else portfolio.sqlite in the current folder.", valueName: "path"))
    var db: String?

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "host"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on (0: any free port).", valueName: "port"))
    var port = 8080

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port: '\(port)' is not a port (0 to 65535)") }
        guard !host.isEmpty else { throw ValidationError("--host must not be empty") }
    }

    func run() async throws {
        let path = db ?? ProcessInfo.processInfo.environment["GRANTS_DB"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "portfolio.sqlite"
        guard FileManager.default.fileExists(atPath: path) else {
            Self.fail("no portfolio at \(path); create one with `grants demo --db \(path)` or give --db")
        }
        let portfolio: Portfolio
        do {
            portfolio = try Portfolio(path: path, readOnly: true)
        } catch {
            Self.fail("cannot open \(path): \(error)")
        }
        if !GrantsWeb.isLoopback(host) {
            Self.standardError(
                "warning: listening on \(host), not loopback: anyone who can reach this machine can read the portfolio")
        }
        var logger = Logger(label: "grants-web")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .notice
        let host = self.host
        let app = GrantsWeb.application(portfolio: portfolio, host: host, port: port, logger: logger) { port in
            let shown = host.contains(":") ? "[\(host)]" : host
            FileHandle.standardOutput.write(
                Data("grants-web: serving \(path) read-only on http://\(shown):\(port)/ (Ctrl-C stops)\n".utf8))
        }
        do {
            try await GrantsWeb.serve(app, logger: logger)
        } catch {
            Self.fail("\(error)")
        }
    }

    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func fail(_ message: String) -> Never {
        standardError("error: \(message)")
        Foundation.exit(1)
    }
}
