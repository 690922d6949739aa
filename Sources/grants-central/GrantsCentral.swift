import ArgumentParser
import Foundation
import GrantPortfolio
import GrantPortfolioPostgres

@main
struct GrantsCentral: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grants-central",
        abstract: "Consolidate many grant portfolios in one PostgreSQL database, and ask it questions.",
        discussion: """
            Each organisation keeps its portfolio in its own SQLite file (see grants); \
            grants-central publishes those files into one PostgreSQL database, rows and \
            statistics facts, and reads the figures back for one, some or all portfolios, \
            with the same output as grants.

            Every command connects to the database named by --postgres, or by the \
            GRANTS_POSTGRES environment variable, a libpq URI such as \
            postgresql://grants:secret@127.0.0.1:5432/grants (the password is never printed).

            Examples:
              grants-central publish --postgres postgresql://grants@db/grants lpr.sqlite zpr.sqlite
              grants-central stats --portfolio lpr --as-of 2013-12-31 --by source
              grants-central stats --format json
              grants-central query "SELECT handle, published_at FROM portfolio"
            """,
        version: GrantPortfolioVersion.string,
        subcommands: [MigrateCommand.self, PublishCommand.self, PortfoliosCommand.self, StatsCommand.self, ProjectsCommand.self, QueryCommand.self]
    )

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            reportAndExit(error)
        }
    }

    static func reportAndExit(_ error: any Error) -> Never {
        let code = exitCode(for: error)
        if code == .success { Self.exit(withError: error) }
        if code == .validationFailure {
            let message = Self.message(for: error).split(whereSeparator: \.isNewline).joined(separator: " ")
            FileHandle.standardError.write(Data("grants-central: error: \(CentralURL.redacted(message)) (see 'grants-central --help')\n".utf8))
            Foundation.exit(2)
        }
        if let exitCode = error as? ExitCode { Foundation.exit(exitCode.rawValue) }
        let message = String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data("grants-central: error: \(CentralURL.redacted(message))\n".utf8))
        Foundation.exit(1)
    }
}

/// `--postgres URL`, else `GRANTS_POSTGRES`.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .customLong("postgres"), help: ArgumentHelp(
        "The central database, a libpq URI (default: $GRANTS_POSTGRES).", valueName: "url"))
    var postgres: String?

    func url() throws -> CentralURL {
        guard let text = postgres ?? ProcessInfo.processInfo.environment["GRANTS_POSTGRES"], !text.isEmpty else {
            throw ValidationError("no central database: give --postgres URL or set GRANTS_POSTGRES")
        }
        return try CentralURL(text)
    }

    /// Connects, runs `body`, closes.
    func withDatabase<T: Sendable>(_ body: (CentralDatabase) async throws -> T) async throws -> T {
        let db = try await CentralDatabase.connect(try url())
        do {
            let value = try await body(db)
            await db.close()
            return value
        } catch {
            await db.close()
            throw error
        }
    }
}

/// Text to standard output, at once.
func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
