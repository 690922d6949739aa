import ArgumentParser
import GrantPortfolioPostgres

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the central schema (publish does it too).",
        discussion: """
            Applies Migrations/postgres/*.sql, each in one transaction. A database \
            migrated by a newer grants-central, or with an edited migration, is refused.

            Example:
              grants-central migrate --postgres postgresql://grants@127.0.0.1/grants
            """)

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let (from, to) = try await connection.withDatabase { try await $0.migrate() }
        printOut(from == to ? "central schema at version \(to), up to date\n" : "central schema version \(from) → \(to)\n")
    }
}
